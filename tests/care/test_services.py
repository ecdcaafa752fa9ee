"""The care workflow through its services: routing, status changes, notifications, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecommons.audit.models import AuditEntry
from carecommons.care import services
from carecommons.care.models import Desk, Status
from carecommons.care.services import CareError
from carecommons.notifications.models import Notification
from tests.care.conftest import details
from tests.factories import UserFactory


def test_international_request_goes_to_the_international_desk(care_request, intl_coordinator):
    assert care_request.desk == Desk.INTERNATIONAL
    assert care_request.suggested_visit_type == "video"
    assert Notification.objects.filter(recipient=intl_coordinator, kind="care_request").exists()


def test_home_request_goes_to_home_desk_and_honours_the_home_country_setting(
    member, hematology, settings
):
    home = services.create_request(member, details(hematology, country="US"))
    assert home.desk == Desk.HOME
    settings.CARECOMMONS_HOME_COUNTRY = "GB"
    abroad = services.create_request(member, details(hematology, country="US"))
    assert abroad.desk == Desk.INTERNATIONAL


def test_cannot_ask_for_someone_else_s_person(member, husband, hematology):
    with pytest.raises(CareError):
        services.create_request(member, details(hematology, about=husband))


def test_every_status_change_notifies_the_requester_in_app_and_by_email(
    care_request, intl_coordinator, warda
):
    mail.outbox.clear()
    services.start_review(care_request, intl_coordinator)
    services.ask_for_information(care_request, intl_coordinator, "Please send the marrow report.")
    services.post_message(care_request, warda, "Here it is, attached.")
    care_request.refresh_from_db()
    assert care_request.status == Status.IN_REVIEW  # her answer puts it back in review
    soon = timezone.now() + timedelta(days=3)
    services.offer_times(care_request, intl_coordinator, "video", [soon, soon + timedelta(hours=2)])
    slot = care_request.offered_times.first()
    services.accept_offer(care_request, warda, slot.pk)
    care_request.refresh_from_db()
    assert care_request.status == Status.SCHEDULED
    assert care_request.scheduled_at == slot.starts_at
    services.close(care_request, intl_coordinator, "Seen by video; marrow review booked.")
    titles = list(
        Notification.objects.filter(recipient=warda).order_by("id").values_list("title", flat=True)
    )
    assert "A coordinator is reviewing your appointment request" in titles
    assert "You have been offered appointment times" in titles
    assert "Your appointment request is closed" in titles
    subjects = [m.subject for m in mail.outbox if m.to == [warda.email]]
    # Coordinator steps email her; her own steps (answering, accepting) do not.
    assert subjects == [
        "A coordinator is reviewing your appointment request",
        "A coordinator needs more information for your appointment request",
        "You have been offered appointment times",
        "Your appointment request is closed",
    ]
    assert all("marrow" not in m.body for m in mail.outbox)  # no health details in email
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"care.request_in_review", "care.request_offered", "care.request_closed"} <= actions


def test_decline_needs_an_open_request_and_records_the_reason(care_request, intl_coordinator):
    services.decline(care_request, intl_coordinator, "We cannot see adults; try the adult clinic.")
    care_request.refresh_from_db()
    assert care_request.status == Status.DECLINED
    assert care_request.decline_reason.startswith("We cannot")
    with pytest.raises(CareError):
        services.decline(care_request, intl_coordinator, "again")
    with pytest.raises(CareError):
        services.post_message(care_request, intl_coordinator, "hello")


def test_requester_can_withdraw_and_others_cannot(care_request, warda, intl_coordinator):
    with pytest.raises(CareError):
        services.withdraw(care_request, intl_coordinator)
    services.withdraw(care_request, warda)
    care_request.refresh_from_db()
    assert care_request.status == Status.WITHDRAWN
    with pytest.raises(CareError):
        services.withdraw(care_request, warda)


def test_steps_out_of_order_are_refused(care_request, intl_coordinator, warda):
    with pytest.raises(CareError):
        services.close(care_request, intl_coordinator, "done")
    with pytest.raises(CareError):
        services.accept_offer(care_request, warda, 1)
    services.offer_times(
        care_request, intl_coordinator, "video", [timezone.now() + timedelta(days=1)]
    )
    with pytest.raises(CareError, match="offered times"):
        services.accept_offer(care_request, warda, 999_999)


def test_recommendation_override_needs_a_reason(care_request, intl_coordinator):
    with pytest.raises(CareError):
        services.recommend(care_request, intl_coordinator, "in_person", " ")
    services.recommend(care_request, intl_coordinator, "in_person", "Needs an examination.")
    care_request.refresh_from_db()
    assert care_request.recommendation == "in_person"
    assert AuditEntry.objects.filter(action="care.recommendation_set").exists()


def test_without_desk_assignments_every_coordinator_hears_of_new_requests(member, hematology):
    first = UserFactory(username="coord_one", roles=["coordinator"])
    second = UserFactory(username="coord_two", roles=["coordinator"])
    services.create_request(member, details(hematology, country="US"))
    for coordinator in (first, second):
        assert Notification.objects.filter(recipient=coordinator).count() == 1
