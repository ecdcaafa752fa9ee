"""The request form and the coordinator steps: bad input is a clear 400 that keeps the text."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecommons.care.models import CareRequest, Desk, Status
from tests.care.conftest import EXE, PDF, png_bytes


def _form(chosen, **overrides):
    data = {
        "about": "",
        "specialty": chosen.pk,
        "reason": "My husband has had low neutrophils since spring.",
        "visit_type": "video",
        "country": "IQ",
        "time_zone": "Asia/Baghdad",
        "language": "Arabic",
        "needs_interpreter": "on",
        "second_opinion": "on",
        "availability": ["weekday_afternoon"],
        "availability_notes": "Not Fridays",
    }
    data.update(overrides)
    return data


def test_visitors_see_what_is_different_for_international_patients(client, db):
    response = client.get(reverse("care:request"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "International patients (living outside United States)" in text
    assert "working days" in text
    assert "Sign in to request an appointment" in text


def test_member_requests_for_someone_they_care_for_with_files(client, warda, husband, hematology):
    client.force_login(warda)
    form = client.get(reverse("care:request"))
    assert form.status_code == 200
    assert "My husband (Karim)" in form.content.decode()
    files = [
        SimpleUploadedFile("cbc.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
    ]
    response = client.post(
        reverse("care:request"), _form(hematology, about=husband.pk, attachments=files)
    )
    care_request = CareRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == care_request.get_absolute_url()
    assert care_request.desk == Desk.INTERNATIONAL
    assert care_request.about == husband
    assert care_request.needs_interpreter and care_request.second_opinion
    assert care_request.attachments.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": "help"}, "needs at least 20 characters"),
        ({"specialty": ""}, "Please choose a specialty."),
        ({"country": "XX"}, "Please choose a country from the list."),
        ({"time_zone": "Mars/Olympus"}, "Please choose a time zone from the list."),
        ({"time_zone": "America/Chicago"}, "is not a time zone of Iraq"),
        ({"visit_type": ""}, "Please choose the kind of visit you prefer."),
    ],
)
def test_bad_input_is_a_400_that_keeps_what_was_typed(
    client, warda, hematology, overrides, message
):
    client.force_login(warda)
    response = client.post(reverse("care:request"), _form(hematology, **overrides))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Not Fridays" in text
    assert "everything you typed is still here" in text
    assert not CareRequest.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("labs.pdf", EXE), "not a PDF, JPEG or PNG"),
        (SimpleUploadedFile("labs.pdf", PDF[:30]), "cannot be opened"),
        (SimpleUploadedFile("huge.pdf", PDF + b"0" * (10 * 1024 * 1024)), "at most 10 MB"),
    ],
)
def test_bad_attachments_are_refused_with_a_clear_message(
    client, warda, hematology, upload, message
):
    client.force_login(warda)
    response = client.post(reverse("care:request"), _form(hematology, attachments=[upload]))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "choose your files again" in text
    assert "since spring" in text
    assert not CareRequest.objects.exists()


def test_someone_else_s_person_cannot_be_chosen(client, other_member, husband, hematology):
    client.force_login(other_member)
    response = client.post(reverse("care:request"), _form(hematology, about=husband.pk))
    assert response.status_code == 400


def _local(moment, zone="Asia/Baghdad"):
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_offered_times_are_typed_and_shown_in_the_member_s_time_zone(
    client, care_request, intl_coordinator, warda
):
    client.force_login(intl_coordinator)
    url = reverse("care:act", args=[care_request.pk, "offer"])
    response = client.post(url, {"offered_visit_type": "video", "time_1": "2020-01-01T10:00"})
    assert response.status_code == 400
    assert "already passed" in response.content.decode()
    day = (timezone.now() + timedelta(days=5)).date().isoformat()
    response = client.post(
        url,
        {"offered_visit_type": "video", "time_1": f"{day}T10:00", "time_2": f"{day}T15:30"},
    )
    assert response.status_code == 302
    first = care_request.offered_times.first()
    assert _local(first.starts_at) == f"{day}T10:00"  # 10:00 in Baghdad = 07:00 UTC
    assert first.starts_at.astimezone(ZoneInfo("UTC")).hour == 7
    client.force_login(warda)
    page = client.get(care_request.get_absolute_url()).content.decode()
    assert "10:00 (+03)" in page and "15:30 (+03)" in page
    response = client.post(reverse("care:accept", args=[care_request.pk]), {})
    assert response.status_code == 400
    response = client.post(
        reverse("care:accept", args=[care_request.pk]), {"offered_time": first.pk}
    )
    assert response.status_code == 302
    care_request.refresh_from_db()
    assert care_request.status == Status.SCHEDULED


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("ask", {"question": "why"}, "needs at least 10 characters"),
        ("decline", {"reason": ""}, "Please fill in “Reason”."),
        (
            "recommend",
            {"recommended_visit_type": "in_person", "override_reason": ""},
            "please say why",
        ),
        ("offer", {"offered_visit_type": "video", "time_1": "soon"}, "Enter the date and time"),
    ],
)
def test_coordinator_forms_refuse_bad_input_with_400(
    client, care_request, intl_coordinator, action, data, message
):
    client.force_login(intl_coordinator)
    response = client.post(reverse("care:act", args=[care_request.pk, action]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    care_request.refresh_from_db()
    assert care_request.status == Status.NEW


def test_a_step_that_does_not_fit_the_status_is_explained(client, care_request, intl_coordinator):
    client.force_login(intl_coordinator)
    response = client.post(reverse("care:act", args=[care_request.pk, "close"]), {"outcome": "x"})
    assert response.status_code == 302
    assert "not possible now" in client.get(response["Location"]).content.decode()
    assert client.post(reverse("care:act", args=[care_request.pk, "explode"])).status_code == 404


def test_queue_filters(client, care_request, home_request, staff, pediatric):
    client.force_login(staff["coordinator"])
    url = reverse("care:queue")

    def shown(**params):
        text = client.get(url, params).content.decode()
        return {pk for pk in (care_request.pk, home_request.pk) if f"Request {pk}:" in text}

    assert shown() == {care_request.pk, home_request.pk}
    assert shown(desk="international") == {care_request.pk}
    assert shown(country="US") == {home_request.pk}
    assert shown(specialty=pediatric.pk) == set()
    assert shown(visit_type="video") == {care_request.pk, home_request.pk}
    assert shown(status="closed") == set()
    assert shown(waiting="7") == set()
    CareRequest.objects.filter(pk=home_request.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    assert shown(waiting="7") == {home_request.pk}
    assert shown(waiting="nonsense", specialty="x", status="bogus") == {
        care_request.pk,
        home_request.pk,
    }


def test_international_coordinator_sees_their_desk_by_default(
    client, care_request, home_request, intl_coordinator
):
    client.force_login(intl_coordinator)
    text = client.get(reverse("care:queue")).content.decode()
    assert f"Request {care_request.pk}:" in text
    assert f"Request {home_request.pk}:" not in text
