"""De-identified research export (docs/registry.md lists every field).

Only enrolled people whose consent stands are exported. Each person appears under a stable
pseudonym (an HMAC of the enrolment id keyed with the site's secret), with an age band instead
of a birth date, and without names, emails, free text or files.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from carecommons.registry.evidence import age_band
from carecommons.registry.models import Enrolment, EnrolmentStatus, Registry

ANC_DISPLAY = "Neutrophils [#/volume] in Blood by Automated count"
FIELDS = [
    "subject_id", "registry", "status", "enrolled_month", "age_band", "consent_by",
    "consent_version", "anc_count", "anc_below_500", "anc_period_days",
    "anc_below_500_last_90_days",
]  # fmt: skip


def pseudonym(enrolment_id: int) -> str:
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(
        key, f"carecommons.registry.enrolment:{enrolment_id}".encode(), hashlib.sha256
    )
    return "scn-" + digest.hexdigest()[:20]


def exportable(registry: Registry) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            registry=registry, status=EnrolmentStatus.ENROLLED, withdrawn_at__isnull=True
        )
        .select_related("person")
        .order_by("id")
    )


def _band(enrolment: Enrolment, today: date) -> str:
    if enrolment.person is not None:
        years = enrolment.person.age_years(today)
        if years is not None:
            return age_band(years)
    return enrolment.age_band or "unknown"


def rows(registry: Registry, *, today: date) -> list[dict[str, str]]:
    codes = list(registry.questions.values_list("id", "code"))
    out = []
    for enrolment in exportable(registry):
        summary: dict[str, Any] = enrolment.anc_summary or {}
        enrolled_on = enrolment.status_changed_at.date()
        row = {
            "subject_id": pseudonym(enrolment.pk),
            "registry": registry.slug,
            "status": enrolment.status,
            "enrolled_month": enrolled_on.strftime("%Y-%m"),
            "age_band": _band(enrolment, today),
            "consent_by": "caregiver" if enrolment.signed_for_someone else "self",
            "consent_version": enrolment.consent_version,
            "anc_count": str(summary.get("count", 0)),
            "anc_below_500": str(summary.get("below_500", 0)),
            "anc_period_days": str(summary.get("period_days", 0)),
            "anc_below_500_last_90_days": str(summary.get("below_500_recent", 0)),
        }
        for question_id, code in codes:
            row[code] = str(enrolment.answers.get(str(question_id), ""))
        out.append(row)
    return out


def columns(registry: Registry) -> list[str]:
    return FIELDS + list(registry.questions.values_list("code", flat=True))


def as_csv(registry: Registry, *, today: date) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(registry), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(registry, today=today))
    return buffer.getvalue()


def as_fhir(registry: Registry, *, today: date) -> str:
    """A FHIR R4 collection Bundle: ResearchStudy, then Patient, ResearchSubject, Observations."""
    study_id = f"registry-{registry.slug}"
    entries: list[dict[str, Any]] = [
        {"fullUrl": f"urn:carecommons:ResearchStudy/{study_id}",
         "resource": {"resourceType": "ResearchStudy", "id": study_id, "status": "active",
                      "title": registry.name}},
    ]  # fmt: skip
    codes = columns(registry)[len(FIELDS) :]
    for row in rows(registry, today=today):
        subject = row["subject_id"]
        patient_ref = f"Patient/{subject}"
        entries.append(
            {
                "fullUrl": f"urn:carecommons:Patient/{subject}",
                "resource": {
                    "resourceType": "Patient",
                    "id": subject,
                    "identifier": [
                        {"system": f"urn:carecommons:registry:{registry.slug}", "value": subject}
                    ],
                },
            }
        )
        entries.append(
            {
                "fullUrl": f"urn:carecommons:ResearchSubject/{subject}",
                "resource": {
                    "resourceType": "ResearchSubject",
                    "id": subject,
                    "status": "on-study",
                    "period": {"start": row["enrolled_month"]},
                    "study": {"reference": f"ResearchStudy/{study_id}"},
                    "individual": {"reference": patient_ref},
                    "consent": {"display": f"Consent version {row['consent_version']}, "
                                           f"given by {row['consent_by']}"},
                },
            }
        )  # fmt: skip
        entries.append(
            {
                "fullUrl": f"urn:carecommons:Observation/{subject}-age",
                "resource": {
                    "resourceType": "Observation",
                    "id": f"{subject}-age",
                    "status": "final",
                    "code": {"text": "Age band at export"},
                    "subject": {"reference": patient_ref},
                    "valueString": row["age_band"],
                },
            }
        )
        components = [
            ("Number of ANC values shared", "anc_count"),
            ("ANC values below 500 cells/uL", "anc_below_500"),
            ("Days between first and last ANC value", "anc_period_days"),
            ("ANC values below 500 cells/uL in the 90 days before enrolment",
             "anc_below_500_last_90_days"),
        ]  # fmt: skip
        entries.append(
            {
                "fullUrl": f"urn:carecommons:Observation/{subject}-anc",
                "resource": {
                    "resourceType": "Observation",
                    "id": f"{subject}-anc",
                    "status": "final",
                    "code": {
                        "coding": [{"system": "http://loinc.org", "code": "751-8",
                                    "display": ANC_DISPLAY}],
                        "text": "Summary of serial ANC values shared at enrolment",
                    },
                    "subject": {"reference": patient_ref},
                    "component": [
                        {"code": {"text": text}, "valueInteger": int(row[key])}
                        for text, key in components
                    ],
                },
            }
        )  # fmt: skip
        answers = [
            {"code": {"text": code}, "valueString": row[code]} for code in codes if row.get(code)
        ]
        if answers:
            entries.append(
                {
                    "fullUrl": f"urn:carecommons:Observation/{subject}-eligibility",
                    "resource": {
                        "resourceType": "Observation",
                        "id": f"{subject}-eligibility",
                        "status": "final",
                        "code": {"text": "Eligibility screening answers"},
                        "subject": {"reference": patient_ref},
                        "component": answers,
                    },
                }
            )
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    return json.dumps(bundle, indent=2, ensure_ascii=False)
