"""The registry review queue runs the same number of queries however many enrolments wait."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.registry.conftest import enrol


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_staff_queue_budget(client, registry, registry_staff):
    client.force_login(registry_staff)
    for number in range(2):
        enrol(registry, UserFactory(username=f"few{number}"))
    few = _count(client, reverse("registry:staff_queue"))
    for number in range(8):
        enrol(registry, UserFactory(username=f"many{number}"))
    assert _count(client, reverse("registry:staff_queue")) == few
    assert few <= 10


def test_enrolment_page_budget(client, registry, registry_staff, parent):
    client.force_login(registry_staff)
    enrolment = enrol(registry, parent)
    assert _count(client, reverse("registry:enrolment", args=[enrolment.pk])) <= 12
