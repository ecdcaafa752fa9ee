"""Enrolment, review, consent withdrawal and the de-identified export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core import mail

from carecommons.audit.models import AuditEntry
from carecommons.notifications.models import Notification
from carecommons.registry import export, services
from carecommons.registry.models import EnrolmentStatus
from carecommons.registry.services import RegistryError
from tests.registry.conftest import enrol


def test_enrolment_summarises_counts_and_records_consent(registry_staff, registry, enrolment):
    assert enrolment.status == EnrolmentStatus.IN_REVIEW
    assert enrolment.anc_summary["count"] == 3
    assert enrolment.anc_summary["below_500"] == 3
    assert enrolment.anc_summary["below_500_recent"] == 3
    assert enrolment.consent_version == registry.consent_version
    assert enrolment.consent_relationship == "mother"
    assert AuditEntry.objects.filter(action="registry.consent_given").exists()
    assert Notification.objects.filter(recipient=registry_staff, kind="registry").exists()


def test_stale_consent_version_and_duplicates_are_refused(registry, parent, toddler):
    with pytest.raises(RegistryError, match="consent text changed"):
        enrol(
            registry,
            parent,
            toddler,
            consent=services.Consent(name="K", on=None, relationship="mother", version="0.9"),
        )
    enrol(registry, parent, toddler)
    with pytest.raises(RegistryError, match="already an enrolment"):
        enrol(registry, parent, toddler)


def test_cannot_enrol_someone_else_s_person(registry, other_member, toddler):
    with pytest.raises(RegistryError):
        enrol(registry, other_member, toddler)


def test_each_review_step_notifies_the_member(enrolment, registry_staff, parent):
    mail.outbox.clear()
    services.review(enrolment, registry_staff, "more_info", "Please add the marrow result.")
    with pytest.raises(RegistryError):
        services.review(enrolment, registry_staff, "enrolled")  # waiting for the member
    services.add_information(enrolment, parent, "Marrow test booked next week.", [])
    services.review(enrolment, registry_staff, "eligible")
    services.review(enrolment, registry_staff, "enrolled")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    subjects = [m.subject for m in mail.outbox if m.to == [parent.email]]
    assert subjects == [
        "The registry needs more information for your enrolment",
        "Good news: your registry enrolment looks eligible",
        "You are enrolled in the registry",
    ]
    assert all("marrow" not in m.body.lower() for m in mail.outbox)
    assert AuditEntry.objects.filter(action="registry.enrolment_enrolled").exists()


def test_not_eligible_needs_a_reason(enrolment, registry_staff):
    with pytest.raises(RegistryError):
        services.review(enrolment, registry_staff, "not_eligible", "")
    services.review(enrolment, registry_staff, "not_eligible", "Counts recovered above 1,500.")
    enrolment.refresh_from_db()
    assert enrolment.staff_reason == "Counts recovered above 1,500."


def _enrolled(registry, parent, toddler, registry_staff):
    enrolment = enrol(registry, parent, toddler)
    services.review(enrolment, registry_staff, "enrolled")
    return enrolment


def test_export_is_de_identified_with_stable_pseudonyms(
    registry, parent, toddler, registry_staff, settings
):
    enrolment = _enrolled(registry, parent, toddler, registry_staff)
    text, count = services.run_export(registry, registry_staff, fmt="csv", reason="Annual report")
    assert count == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["subject_id"] == export.pseudonym(enrolment.pk)
    assert row["subject_id"] == export.pseudonym(enrolment.pk)  # stable
    assert row["age_band"] == "1-4"
    assert row["consent_by"] == "caregiver"
    assert row["anc_below_500"] == "3"
    assert row["q_marrow"] == "yes"
    for identifier in [parent.username, parent.email, "Toby", "Kel Parent", "mother",
                       str(toddler.date_of_birth)]:  # fmt: skip
        assert identifier not in text
    assert set(rows[0]) == set(export.columns(registry))
    fhir, _ = services.run_export(registry, registry_staff, fmt="fhir", reason="Annual report")
    bundle = json.loads(fhir)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("Patient") == 1 and "ResearchSubject" in kinds
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient["id"] == row["subject_id"]
    assert set(patient) == {"resourceType", "id", "identifier"}
    for identifier in [parent.username, parent.email, "Toby", "Kel Parent"]:
        assert identifier not in fhir
    logged = AuditEntry.objects.filter(action="registry.exported")
    assert logged.count() == 2
    assert {entry.reason for entry in logged} == {"Annual report"}
    assert {entry.data["format"] for entry in logged} == {"csv", "fhir"}
    settings.SECRET_KEY = "another-secret-key-for-another-site-000000000000"
    assert export.pseudonym(enrolment.pk) != row["subject_id"]


def test_withdrawal_is_recorded_and_leaves_the_next_export(
    registry, parent, toddler, registry_staff
):
    enrolment = _enrolled(registry, parent, toddler, registry_staff)
    services.withdraw_consent(enrolment, parent, "We changed our minds.")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert enrolment.withdrawn_at is not None
    assert AuditEntry.objects.filter(action="registry.consent_withdrawn").exists()
    text, count = services.run_export(registry, registry_staff, fmt="csv", reason="Monthly report")
    assert count == 0
    assert export.pseudonym(enrolment.pk) not in text
    with pytest.raises(RegistryError):
        services.withdraw_consent(enrolment, parent)
    with pytest.raises(RegistryError):
        services.withdraw_consent(enrolment, registry_staff)


def test_only_enrolled_people_are_exported(registry, parent, toddler, registry_staff):
    enrol(registry, parent, toddler)
    _, count = services.run_export(registry, registry_staff, fmt="csv", reason="Monthly report")
    assert count == 0


def test_self_enrolment_uses_the_chosen_age_band(registry, member, registry_staff):
    enrolment = enrol(registry, member)
    services.review(enrolment, registry_staff, "enrolled")
    text, _ = services.run_export(registry, registry_staff, fmt="csv", reason="Monthly report")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["age_band"] == "30-44" and row["consent_by"] == "self"
