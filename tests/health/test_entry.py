"""Entering data: by form, by paste (preview first), temperatures and events; bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.health.models import HealthEvent, LabRecord, LabValue, TemperatureReading
from tests.health.conftest import REPORT

NOW = "2024-03-01T09:30"


def _record_post(husband, **rows):
    data = {"subject": str(husband.pk), "taken_at": NOW, "source_lab": "City lab"}
    data.update(rows)
    return data


def test_form_saves_values_with_units_and_the_labs_range(client, member, husband):
    client.force_login(member)
    response = client.post(
        reverse("health:add_record"),
        _record_post(husband, value_0="3.1", unit_0="K/uL", value_2="10", range_0="4.0-11.0"),
    )
    assert response.status_code == 302
    record = LabRecord.objects.get()
    assert record.person == husband and record.source_lab == "City lab"
    values = {v.key: v for v in record.values.all()}
    assert values["WBC"].written == "3.1 K/uL" and values["WBC"].amount == 3100
    assert values["WBC"].reference_range_text == "4.0-11.0"
    assert values["Neutrophils %"].amount == 10
    page = client.get(reverse("health:record", args=[record.pk]))
    assert "310/µL" in page.content.decode()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"value_0": "abc", "unit_0": "K/uL"}, "is not a number"),
        ({"value_0": "3.1", "unit_0": "mg/dL"}, "not a unit we can read"),
        ({"value_0": "3.1", "unit_0": ""}, "needs its unit"),
        ({"value_0": "-3", "unit_0": "K/uL"}, "cannot be negative"),
        ({"value_2": "140"}, "cannot exceed 100"),
        ({"value_0": "9000", "unit_0": "K/uL"}, "far above anything"),
        (
            {"value_0": "3.1", "unit_0": "K/uL", "value_1": "5", "unit_1": "K/uL"},
            "cannot all be right",
        ),
        ({"value_15": "13", "unit_15": "K/uL"}, "g/dL or g/L"),
        ({}, "at least one value"),
    ],
)
def test_bad_values_are_refused_with_a_reason_and_kept(client, member, husband, rows, message):
    client.force_login(member)
    response = client.post(reverse("health:add_record"), _record_post(husband, **rows))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    for value in rows.values():
        assert f'value="{value}"' in body  # what was typed is still there
    assert not LabRecord.objects.exists()


def test_a_future_date_is_refused(client, member, husband):
    client.force_login(member)
    future = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("health:add_record"),
        {"subject": str(husband.pk), "taken_at": future, "value_0": "3.1", "unit_0": "K/uL"},
    )
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    assert not LabRecord.objects.exists()


def test_paste_shows_what_was_understood_before_saving(client, member, husband):
    client.force_login(member)
    data = {"subject": str(husband.pk), "taken_at": NOW, "text": REPORT, "action": "preview"}
    response = client.post(reverse("health:paste_report"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "What we understood" in body
    assert "Will be saved" in body and "Not saved" in body
    assert "No unit" in body  # "ANC 800" is not guessed
    assert "relative lymphocytosis" in body  # the engine's explanation of 82 % and 4.2
    assert "Save 5 values" in body
    assert not LabRecord.objects.exists()  # nothing saved until confirmed

    response = client.post(reverse("health:paste_report"), {**data, "action": "save"})
    assert response.status_code == 302
    record = LabRecord.objects.get()
    assert record.entered_as == "paste"
    keys = set(record.values.values_list("key", flat=True))
    assert keys == {"WBC", "Lymphocytes %", "Lymphocytes #", "ANC", "Hemoglobin"}
    assert LabValue.objects.get(key="ANC").written == "0.6 K/uL"  # never the unit-less 800


def test_a_paste_with_nothing_understood_saves_nothing(client, member):
    client.force_login(member)
    data = {"subject": "me", "taken_at": NOW, "text": "Dear patient,\nANC 800\n", "action": "save"}
    response = client.post(reverse("health:paste_report"), data)
    assert response.status_code == 400
    assert "did not understand any value" in response.content.decode()
    assert not LabRecord.objects.exists()


def test_a_huge_paste_is_refused_and_kept(client, member):
    client.force_login(member)
    text = "WBC 5.1 K/uL\n" * 2000
    data = {"subject": "me", "taken_at": NOW, "text": text, "action": "preview"}
    response = client.post(reverse("health:paste_report"), data)
    assert response.status_code == 400
    assert "paste at most 20,000" in response.content.decode()
    assert "WBC 5.1 K/uL" in response.content.decode()
    assert not LabRecord.objects.exists()


def test_temperatures_in_celsius_and_fahrenheit(client, member, husband):
    client.force_login(member)
    for value, scale in (("38.4", "C"), ("101", "F")):
        response = client.post(
            reverse("health:add_temperature"),
            {"subject": str(husband.pk), "taken_at": NOW, "value": value, "scale": scale},
        )
        assert response.status_code == 302
    readings = list(TemperatureReading.objects.order_by("id"))
    assert [(str(r.value), r.scale) for r in readings] == [("38.40", "C"), ("101.00", "F")]
    page = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert "38.3 °C / 100.9 °F" in page or "38.3 °C / 101" in page


@pytest.mark.parametrize(
    ("value", "scale", "message"),
    [
        ("101", "C", "whether the thermometer shows °F"),
        ("hot", "C", "is not a temperature"),
        ("380", "C", "not a body temperature"),
    ],
)
def test_bad_temperatures(client, member, value, scale, message):
    client.force_login(member)
    response = client.post(
        reverse("health:add_temperature"),
        {"subject": "me", "taken_at": NOW, "value": value, "scale": scale},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'value="{value}"' in response.content.decode()
    assert not TemperatureReading.objects.exists()


def test_events_and_a_bad_end_date(client, member):
    client.force_login(member)
    data = {
        "subject": "me",
        "kind": "medication",
        "title": "Amoxicillin, 5 days",
        "started_on": "2024-02-01",
        "ended_on": "2024-02-05",
    }
    assert client.post(reverse("health:add_event"), data).status_code == 302
    bad = {**data, "ended_on": "2024-01-01"}
    response = client.post(reverse("health:add_event"), bad)
    assert response.status_code == 400
    assert "before the start date" in response.content.decode()
    assert HealthEvent.objects.count() == 1
