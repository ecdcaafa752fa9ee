"""Registry pages: public descriptions, the enrolment form, review, withdrawal and export."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.audit.models import AuditEntry
from carecommons.registry.models import Enrolment, EnrolmentStatus
from tests.factories import ROLE_USERNAMES


def _form(registry, **overrides):
    data = {
        "person": "",
        "age_band": "30-44",
        "counts": "2026-09-01 310\n2026-10-01 0.42",
        "consent_read": "on",
        "consent_name": "Kel Parent",
        "consent_date": timezone.localdate().isoformat(),
        "consent_relationship": "",
        "consent_version": registry.consent_version,
    }
    for question in registry.questions.all():
        data[f"q_{question.pk}"] = "yes"
    data.update(overrides)
    return data


def test_registry_pages_are_public_and_show_criteria(client, registry):
    listing = client.get(reverse("registry:list"))
    assert listing.status_code == 200
    assert registry.name in listing.content.decode()
    page = client.get(registry.get_absolute_url()).content.decode()
    assert "three separate blood counts" in page
    assert "G-CSF" in page
    assert client.get(reverse("registry:detail", args=["nope"])).status_code == 404


def test_parent_enrols_a_toddler(client, registry, parent, toddler):
    client.force_login(parent)
    page = client.get(reverse("registry:enrol", args=[registry.slug]))
    assert page.status_code == 200
    assert "My son (Toby)" in page.content.decode()
    response = client.post(
        reverse("registry:enrol", args=[registry.slug]),
        _form(registry, person=toddler.pk, age_band="", consent_relationship="mother"),
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.person == toddler
    assert enrolment.anc_summary["count"] == 2
    assert enrolment.anc_counts[1] == {"on": "2026-10-01", "anc": 420}
    page = client.get(response["Location"]).content.decode()
    assert "2</strong> counts" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_read": ""}, "tick the box to agree"),
        ({"consent_name": ""}, "Please type your name"),
        ({"consent_date": "2001-01-01"}, "The consent is signed today"),
        ({"age_band": ""}, "Please choose an age group."),
        ({"counts": "2026-09-01 310\nlots"}, "is not a date and a count"),
        ({"consent_version": "0.1"}, "The consent text has changed"),
    ],
)
def test_bad_enrolment_input_is_a_400_that_keeps_what_was_typed(
    client, registry, parent, overrides, message
):
    client.force_login(parent)
    response = client.post(
        reverse("registry:enrol", args=[registry.slug]), _form(registry, **overrides)
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Kel Parent" in text or overrides.get("consent_name") == ""
    assert "2026-09-01 310" in text
    assert not Enrolment.objects.exists()


def test_signing_for_someone_needs_the_relationship_and_unanswered_questions_are_named(
    client, registry, parent, toddler
):
    client.force_login(parent)
    first = registry.questions.first()
    response = client.post(
        reverse("registry:enrol", args=[registry.slug]),
        _form(registry, person=toddler.pk, **{f"q_{first.pk}": ""}),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "say how you are related to them" in text
    assert "Please answer this question" in text


def test_staff_review_and_member_withdrawal_through_pages(
    client, enrolment, registry_staff, parent
):
    client.force_login(registry_staff)
    url = reverse("registry:review", args=[enrolment.pk, "not_eligible"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Write what the member needs to know" in response.content.decode()
    response = client.post(reverse("registry:review", args=[enrolment.pk, "enrolled"]), {})
    assert response.status_code == 302
    assert client.post(reverse("registry:review", args=[enrolment.pk, "bogus"])).status_code == 404
    client.force_login(parent)
    response = client.post(reverse("registry:withdraw", args=[enrolment.pk]), {"note": ""})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN


def test_more_information_answer(client, enrolment, registry_staff, parent):
    client.force_login(registry_staff)
    client.post(
        reverse("registry:review", args=[enrolment.pk, "more_info"]), {"note": "Any later counts?"}
    )
    client.force_login(parent)
    url = reverse("registry:add_information", args=[enrolment.pk])
    response = client.post(url, {"note": "", "counts": "bad line"})
    assert response.status_code == 400
    assert "bad line" in response.content.decode()
    day = timezone.localdate().isoformat()
    response = client.post(url, {"note": "Here are two more.", "counts": f"{day} 280"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_REVIEW
    assert enrolment.anc_summary["count"] == 4


def test_export_page_needs_a_reason_and_downloads(client, enrolment, registry, registry_staff):
    client.force_login(registry_staff)
    client.post(reverse("registry:review", args=[enrolment.pk, "enrolled"]), {})
    url = reverse("registry:export", args=[registry.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"format": "csv", "reason": "short"})
    assert response.status_code == 400
    assert "10 characters or more" in response.content.decode()
    response = client.post(url, {"format": "fhir", "reason": "Yearly outcomes report"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="registry.exported", actor=registry_staff).exists()


NOT_REGISTRY = [r for r in ROLE_USERNAMES if r != "registry_staff"]


def _private_urls(enrolment, registry):
    return [
        reverse("registry:enrolment", args=[enrolment.pk]),
        reverse("registry:staff_queue"),
        reverse("registry:export", args=[registry.slug]),
    ]


def test_anonymous_is_sent_to_sign_in(client, enrolment, registry):
    for url in [
        *_private_urls(enrolment, registry),
        reverse("registry:enrol", args=[registry.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_another_member_gets_404(client, other_member, enrolment, registry):
    client.force_login(other_member)
    for url in _private_urls(enrolment, registry):
        assert client.get(url).status_code == 404
    assert client.post(reverse("registry:withdraw", args=[enrolment.pk])).status_code == 404


@pytest.mark.parametrize("role", NOT_REGISTRY)
def test_staff_without_the_registry_role_get_404(client, staff, enrolment, registry, role):
    client.force_login(staff[role])
    for url in _private_urls(enrolment, registry):
        assert client.get(url).status_code == 404, (role, url)
    response = client.post(reverse("registry:review", args=[enrolment.pk, "enrolled"]))
    assert response.status_code == 404
    response = client.post(
        reverse("registry:export", args=[registry.slug]),
        {"format": "csv", "reason": "Curious about it"},
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_REVIEW


def test_coordinator_who_also_holds_registry_staff_sees_enrolments(client, enrolment, registry):
    from tests.factories import UserFactory

    both = UserFactory(username="both_roles", roles=["coordinator", "registry_staff"])
    client.force_login(both)
    assert client.get(reverse("registry:enrolment", args=[enrolment.pk])).status_code == 200


def test_registry_staff_reads_are_audit_logged_and_owner_reads_are_not(
    client, enrolment, registry_staff, parent
):
    url = reverse("registry:enrolment", args=[enrolment.pk])
    client.force_login(parent)
    assert client.get(url).status_code == 200
    assert not AuditEntry.objects.filter(action="registry.enrolment_viewed").exists()
    client.force_login(registry_staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("registry:staff_queue")).status_code == 200
    viewed = AuditEntry.objects.get(action="registry.enrolment_viewed")
    assert viewed.actor == registry_staff


def test_counts_saved_in_the_tracker_can_be_shared(client, registry, parent, toddler, member):
    from datetime import timedelta

    from carecommons.health import services as health
    from carecommons.health.entries import read_value

    now = timezone.now()
    for days, anc in [(50, "0.31"), (20, "0.45"), (2, "1.6")]:
        health.add_record(
            owner=parent,
            person=toddler,
            taken_at=now - timedelta(days=days),
            source_lab="",
            values=[read_value("ANC", anc, "K/uL")],
        )
    # Another member's records for their own "me" never reach this enrolment.
    health.add_record(
        owner=member, person=None, taken_at=now, source_lab="",
        values=[read_value("ANC", "0.1", "K/uL")],
    )  # fmt: skip
    client.force_login(parent)
    typed = (timezone.localdate() - timedelta(days=50)).isoformat() + " 310"
    response = client.post(
        reverse("registry:enrol", args=[registry.slug]),
        _form(
            registry, person=toddler.pk, age_band="", consent_relationship="mother",
            counts=typed, use_tracker="on",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.anc_summary["count"] == 3  # the typed count and the saved one are the same
    assert enrolment.anc_summary["below_500"] == 2
    assert enrolment.anc_summary["lowest"] == 310
