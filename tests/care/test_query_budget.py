"""The queue, my requests and a request page run the same number of queries however big."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carecommons.care import services
from tests.care.conftest import PDF, details
from tests.factories import UserFactory


def _count(client, url: str) -> int:
    client.get(url)  # the first page of a session also records when the member was last seen
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _requests(specialty, how_many: int, coordinator):
    made = []
    for number in range(how_many):
        requester = UserFactory(username=f"asker{how_many}_{number}")
        care_request = services.create_request(
            requester, details(specialty, country="IQ" if number % 2 else "US")
        )
        services.post_message(
            care_request, requester, "More detail.", [services.Upload("a.pdf", PDF)]
        )
        services.post_message(care_request, coordinator, "Thank you.")
        services.offer_times(
            care_request, coordinator, "video", [timezone.now() + timedelta(days=2)]
        )
        made.append(care_request)
    return made


@pytest.fixture
def coordinator(db):
    return UserFactory(username="budget_coord", roles=["coordinator"])


def test_queue_budget_does_not_grow(client, hematology, coordinator):
    client.force_login(coordinator)
    _requests(hematology, 2, coordinator)
    small = _count(client, reverse("care:queue"))
    _requests(hematology, 8, coordinator)
    assert _count(client, reverse("care:queue")) == small
    assert small <= 12


def test_request_page_budget_does_not_grow_with_messages(client, hematology, coordinator):
    client.force_login(coordinator)
    short, long = _requests(hematology, 2, coordinator)
    for _ in range(6):
        services.post_message(long, long.requester, "And another thing.")
        services.post_message(long, coordinator, "Noted.")
    one = _count(client, short.get_absolute_url())
    assert _count(client, long.get_absolute_url()) == one
    assert one <= 20


def test_my_requests_budget(client, hematology, coordinator):
    requester = UserFactory(username="many_asks")
    client.force_login(requester)
    services.create_request(requester, details(hematology))
    few = _count(client, reverse("care:mine"))
    for _ in range(5):
        services.create_request(requester, details(hematology))
    assert _count(client, reverse("care:mine")) == few
