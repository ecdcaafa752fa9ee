"""The person page: red flags, the chart and its table, the cycle hint; deleting; budgets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecommons.accounts.models import CaredPerson
from carecommons.audit.models import AuditEntry
from carecommons.health import services
from carecommons.health.entries import read_value
from carecommons.health.models import HealthEvent, LabRecord, LabValue, TemperatureReading


def _temps(member, person, *readings):
    now = timezone.now()
    for minutes_ago, value, scale in readings:
        services.add_temperature(
            owner=member,
            person=person,
            taken_at=now - timedelta(minutes=minutes_ago),
            value=Decimal(value),
            scale=scale,
        )


def test_febrile_neutropenia_alert_at_the_top_in_c_and_f(client, member, husband, record):
    _temps(member, husband, (90, "100.4", "F"), (20, "38.1", "C"))  # sustained ≥ 60 min
    client.force_login(member)
    for url in (reverse("health:person", args=[husband.pk]), reverse("health:home")):
        body = client.get(url).content.decode()
        assert "Fever with a low neutrophil count: call your care team now" in body
        assert "38.3 °C (101 °F)" in body and "38.0 °C (100.4 °F)" in body
        assert 'role="alert"' in body
        assert "not a diagnosis" in body


def test_one_raised_reading_asks_to_recheck_without_the_alarm(client, member, husband, record):
    _temps(member, husband, (5, "38.1", "C"))
    client.force_login(member)
    body = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert "Recheck within the hour" in body
    assert "call your care team now" not in body


def test_young_infant_flag(client, member):
    baby = CaredPerson.objects.create(
        owner=member,
        relationship=CaredPerson.Relationship.SON,
        date_of_birth=timezone.localdate() - timedelta(days=30),
    )
    _temps(member, baby, (10, "100.6", "F"))
    client.force_login(member)
    body = client.get(reverse("health:person", args=[baby.pk])).content.decode()
    assert "A young baby with a temperature" in body
    assert "8 to 60 days old" in body


def test_normal_temperatures_raise_no_flag(client, member, husband, record):
    _temps(member, husband, (60, "95.7", "F"), (5, "99.8", "F"))
    client.force_login(member)
    body = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert "health-flags" not in body


def test_chart_is_accessible_svg_with_bands_events_and_a_table(client, member, husband, record):
    services.add_event(
        owner=member,
        person=husband,
        kind="procedure",
        title="Marrow biopsy",
        started_on=timezone.localdate() - timedelta(days=2),
    )
    _temps(member, husband, (30, "37.2", "C"))
    client.force_login(member)
    body = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in body
    assert '<title id="chart-title">Neutrophils, absolute (ANC) over time' in body
    assert "moderate neutropenia band" in body and "Marrow biopsy" in body
    assert "<caption>Neutrophils, absolute (ANC)" in body and "600 /µL" in body
    other = client.get(reverse("health:person", args=[husband.pk]) + "?show=Lymphocytes %23")
    assert "4,200 /µL" in other.content.decode()


def test_cycle_hint_with_enough_serial_counts(client, member, husband):
    start = datetime(2024, 1, 1, 9, tzinfo=timezone.get_current_timezone())
    for day in range(0, 63, 2):  # every other day for nine weeks
        low = day % 21 < 4  # lows about every 21 days
        services.add_record(
            owner=member,
            person=husband,
            taken_at=start + timedelta(days=day),
            source_lab="",
            values=[read_value("ANC", "150" if low else "1800", "cells/uL")],
        )
    client.force_login(member)
    body = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert "worth showing your hematologist" in body


def test_too_few_counts_say_what_is_needed(client, member, husband, record):
    client.force_login(member)
    body = client.get(reverse("health:person", args=[husband.pk])).content.decode()
    assert "three times a week for six weeks" in body
    assert "worth showing your hematologist" not in body


def test_deleting_a_record_removes_its_rows(client, member, husband, record):
    client.force_login(member)
    response = client.post(reverse("health:delete_record", args=[record.pk]))
    assert response.status_code == 302
    assert not LabRecord.objects.exists() and not LabValue.objects.exists()


def test_deleting_the_whole_tracker(client, member, husband, record, other_member):
    _temps(member, husband, (5, "37", "C"))
    services.add_event(
        owner=member, person=None, kind="injection", title="G-CSF", started_on=date(2024, 1, 1)
    )
    theirs = services.add_record(
        owner=other_member,
        person=None,
        taken_at=timezone.now(),
        source_lab="",
        values=[read_value("WBC", "4", "K/uL")],
    )
    client.force_login(member)
    assert client.post(reverse("health:delete_everything")).status_code == 302
    assert list(LabRecord.objects.all()) == [theirs]
    assert not TemperatureReading.objects.exists() and not HealthEvent.objects.exists()
    assert AuditEntry.objects.filter(action="health.tracker_deleted").count() == 1


def test_removing_a_person_removes_their_records(member, husband, record):
    husband.delete()
    assert not LabRecord.objects.exists()


def _add(member, person, count):
    for index in range(count):
        services.add_record(
            owner=member,
            person=person,
            taken_at=timezone.now() - timedelta(days=index + 1),
            source_lab="Lab",
            values=[read_value("WBC", "3.1", "K/uL"), read_value("Neutrophils %", "10", "%")],
        )
        _temps(member, person, (index * 60 + 1, "37.0", "C"))
        services.add_event(
            owner=member,
            person=person,
            kind="medication",
            title=f"Course {index}",
            started_on=timezone.localdate() - timedelta(days=index),
        )


@pytest.mark.parametrize("page", ["home", "person"])
def test_tracker_pages_have_a_fixed_query_budget(client, member, husband, page):
    client.force_login(member)
    url = reverse("health:home") if page == "home" else reverse("health:person", args=[husband.pk])
    client.get(url)
    counts = []
    for more in (3, 27):
        _add(member, husband, more)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12
