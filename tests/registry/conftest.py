"""Registry fixtures: the demo registry definition, a parent with a toddler, enrolments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carecommons.accounts.models import CaredPerson
from carecommons.registry import services
from carecommons.registry.demo_content import ensure_registry
from carecommons.registry.evidence import AncPoint
from tests.factories import UserFactory


@pytest.fixture
def registry(db):
    return ensure_registry()[0]


@pytest.fixture
def parent(db):
    return UserFactory(username="kel_parent", here_as="caregiver")


@pytest.fixture
def toddler(parent):
    return CaredPerson.objects.create(
        owner=parent,
        relationship="son",
        nickname="Toby",
        date_of_birth=timezone.localdate() - timedelta(days=400),
    )


@pytest.fixture
def registry_staff(staff):
    return staff["registry_staff"]


def counts(*pairs):
    today = timezone.localdate()
    return [AncPoint(on=today - timedelta(days=days), anc=anc) for days, anc in pairs]


def enrol(registry, member, person=None, **overrides):
    answers = {str(q.pk): "yes" for q in registry.questions.all()}
    values = {
        "person": person,
        "answers": answers,
        "counts": counts((60, 420), (30, 310), (5, 390)),
        "age_band": "" if person is not None else "30-44",
        "consent": services.Consent(
            name="Kel Parent",
            on=timezone.localdate(),
            relationship="mother" if person is not None else "",
            version=registry.consent_version,
        ),
    }
    values.update(overrides)
    return services.enrol(registry, member, **values)


@pytest.fixture
def enrolment(registry, parent, toddler):
    return enrol(registry, parent, toddler)
