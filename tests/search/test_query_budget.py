"""The results page runs a fixed number of queries whatever the number of results."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DiscussionFactory

URL = reverse("search:search")


def queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_results_page_budget(client, member, public_group):
    visitor = {"q": "ferritin", "group": public_group.slug}
    signed_in = {"q": "ferritin", "author": "member_mo", "sort": "date"}
    for n in range(3):
        DiscussionFactory(author=member, group=public_group, title=f"Ferritin story {n}")
    small = queries(client, visitor)
    for n in range(30):
        DiscussionFactory(author=member, group=public_group, title=f"Ferritin story more {n}")
    assert queries(client, visitor) == small  # the count comes with the window of newest matches
    # group, vocabulary (whole words or prefixes), newest matches, ranked page, documents, access
    assert small <= 6
    client.force_login(member)
    assert queries(client, signed_in) <= 11
    assert queries(client, {"q": "ferritn"}) <= 13  # with a "did you mean" lookup
