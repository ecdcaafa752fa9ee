"""Fixtures for the blood count companion: a caregiver, her husband and a pasted report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from carecommons.accounts.models import CaredPerson
from carecommons.health import services
from carecommons.health.entries import read_value

REPORT = """WBC 5.1 x10^3/uL 4.0-11.0
Lymphocytes 82 % H
Lymphocytes # 4.2 K/uL 1.0-4.8
Neutrophils # 0.6 K/uL (2.0-7.5) L
Hemoglobin 13.2 g/dL
Comment: sample slightly haemolysed
ANC 800
"""


@pytest.fixture
def husband(member):
    return CaredPerson.objects.create(
        owner=member,
        relationship=CaredPerson.Relationship.HUSBAND,
        nickname="Karim",
        date_of_birth=date(1968, 5, 4),
    )


@pytest.fixture
def record(member, husband):
    return services.add_record(
        owner=member,
        person=husband,
        taken_at=timezone.now() - timedelta(hours=3),
        source_lab="Baghdad Central Lab",
        values=[
            read_value("WBC", "5.1", "x10^3/uL", "4.0-11.0"),
            read_value("Lymphocytes %", "82", "%"),
            read_value("Lymphocytes #", "4.2", "K/uL", "1.0-4.8"),
            read_value("ANC", "0.6", "K/uL", "2.0-7.5"),
        ],
    )


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.django_db)
