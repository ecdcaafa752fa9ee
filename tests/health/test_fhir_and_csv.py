"""Export as CSV and FHIR R4; import the same Bundle back without loss."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.health import services
from carecommons.health.entries import read_value
from carecommons.health.models import LabRecord, TemperatureReading


def _state(person):
    records = [
        (
            r.taken_at,
            r.source_lab,
            [
                (v.key, v.value_text, v.unit_text, v.comparator, v.amount, v.reference_range_text)
                for v in r.values.order_by("position")
            ],
        )
        for r in LabRecord.objects.filter(person=person).order_by("taken_at")
    ]
    temps = [
        (t.taken_at, t.value, t.scale, t.note)
        for t in TemperatureReading.objects.filter(person=person).order_by("taken_at")
    ]
    return records, temps


@pytest.fixture
def full_tracker(member, husband, record):
    services.add_record(
        owner=member,
        person=husband,
        taken_at=timezone.now() - timedelta(days=10),
        source_lab="",
        values=[
            read_value("ANC", "<0.1", "K/uL"),
            read_value("WBC", "2,5", "G/L"),
            read_value("Platelets", "1,350", "/uL"),
            read_value("Hemoglobin", "132", "g/L", "120-160"),
            read_value("Bands %", "0.45", "%"),
        ],
    )
    for minutes, value, scale in ((0, "99.8", "F"), (30, "38.40", "C")):
        services.add_temperature(
            owner=member,
            person=husband,
            taken_at=timezone.now() - timedelta(minutes=minutes),
            value=Decimal(value),
            scale=scale,
            note="after a shower" if scale == "F" else "",
        )
    return husband


def test_fhir_round_trip_gives_back_exactly_what_was_exported(client, member, full_tracker):
    client.force_login(member)
    before = _state(full_tracker)
    response = client.get(reverse("health:export_fhir", args=[full_tracker.pk]))
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    codes = {c["code"] for e in bundle["entry"] for c in e["resource"]["code"]["coding"]}
    assert {"26499-4", "26464-8", "26474-7", "69742-5", "8310-5", "718-7"} <= codes
    ucum = {e["resource"].get("valueQuantity", {}).get("code") for e in bundle["entry"]}
    assert {"10*3/uL", "/uL", "%", "g/L", "Cel", "[degF]"} <= ucum
    censored = [
        e for e in bundle["entry"] if e["resource"].get("valueQuantity", {}).get("comparator")
    ]
    assert censored[0]["resource"]["valueQuantity"]["value"] == 0.1

    services.delete_tracker(member)
    assert _state(full_tracker) == ([], [])
    response = client.post(
        reverse("health:import_fhir"),
        {"subject": str(full_tracker.pk), "text": response.content.decode()},
    )
    assert response.status_code == 302
    assert _state(full_tracker) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not readable JSON"),
        ('{"resourceType": "Patient"}', "not a FHIR Bundle"),
        (
            '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Condition"}}]}',
            "is not an Observation",
        ),
        (
            json.dumps(
                {
                    "resourceType": "Bundle",
                    "entry": [
                        {
                            "resource": {
                                "resourceType": "Observation",
                                "code": {
                                    "coding": [{"system": "http://loinc.org", "code": "2345-7"}]
                                },
                                "effectiveDateTime": "2024-01-01T10:00:00+00:00",
                                "valueQuantity": {"value": 5},
                            }
                        }
                    ],
                }
            ),
            "code we do not know",
        ),
        (
            json.dumps(
                {
                    "resourceType": "Bundle",
                    "entry": [
                        {
                            "resource": {
                                "resourceType": "Observation",
                                "code": {
                                    "coding": [{"system": "http://loinc.org", "code": "26499-4"}]
                                },
                                "effectiveDateTime": "2024-01-01T10:00:00+00:00",
                                "valueQuantity": {"value": 800},
                            }
                        }
                    ],
                }
            ),
            "needs its unit",
        ),
    ],
)
def test_bad_bundles_import_nothing_and_say_why(client, member, text, message):
    client.force_login(member)
    response = client.post(reverse("health:import_fhir"), {"subject": "me", "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LabRecord.objects.exists()


def test_csv_export_lists_values_temperatures_and_events(client, member, full_tracker):
    services.add_event(
        owner=member,
        person=full_tracker,
        kind="procedure",
        title="Marrow biopsy",
        started_on=timezone.localdate(),
    )
    client.force_login(member)
    response = client.get(reverse("health:export_csv", args=[full_tracker.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    kinds = [row["kind"] for row in rows]
    assert kinds.count("lab") == 9 and kinds.count("temperature") == 2 and "event" in kinds
    anc = next(r for r in rows if r["test"] == "ANC" and r["value"] == "0.6")
    assert anc["amount"] == "600" and anc["lab_reference_range"] == "2.0-7.5"
