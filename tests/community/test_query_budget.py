"""Pages run a fixed number of queries however much content they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.accounts.roles import Role
from tests.factories import DiscussionFactory, ReplyFactory, UserFactory


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _discussion_with(replies: int, group, authors):
    discussion = DiscussionFactory(author=authors[0], group=group)
    for number in range(replies):
        quote = discussion.replies.order_by("-number").first() if number % 3 == 2 else None
        ReplyFactory(author=authors[number % len(authors)], discussion=discussion, quote_of=quote)
    return discussion


@pytest.fixture
def authors(db):
    roles = [[], [Role.MENTOR], [Role.MODERATOR], [Role.EXPERT], []]
    return [UserFactory(username=f"author{i}", roles=r) for i, r in enumerate(roles)]


@pytest.mark.parametrize("signed_in", [False, True])
def test_discussion_page_same_queries_with_5_or_200_replies(
    client, public_group, authors, member, signed_in
):
    small = _discussion_with(5, public_group, authors)
    large = _discussion_with(200, public_group, authors)
    if signed_in:
        # Visit every page once first: a visit that moves the reading marker also writes it.
        client.force_login(member)
        for url in (small.get_absolute_url(), large.get_absolute_url() + "?page=7"):
            _count(client, url)
    small_count = _count(client, small.get_absolute_url())
    large_first = _count(client, large.get_absolute_url())
    large_last = _count(client, large.get_absolute_url() + "?page=7")
    assert small_count == large_first == large_last
    assert small_count <= (12 if signed_in else 8)


def test_group_and_home_pages_have_a_fixed_budget(client, public_group, authors, member):
    for number in range(3):
        DiscussionFactory(author=authors[number], group=public_group)
    client.force_login(member)
    _count(client, "/")  # the first request of a session also records when the member was seen
    group_few = _count(client, public_group.get_absolute_url())
    home_few = _count(client, "/")
    for number in range(30):
        DiscussionFactory(author=authors[number % 5], group=public_group)
    assert _count(client, public_group.get_absolute_url()) == group_few
    assert _count(client, "/") == home_few
    assert group_few <= 12 and home_few <= 12
