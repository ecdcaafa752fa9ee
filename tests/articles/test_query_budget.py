"""The column's public pages run a fixed number of queries however much they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.articles import services
from tests.factories import ReplyFactory, UserFactory


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _publish_more(at_state, editor, public_group, count: int, tags: str) -> None:
    for number in range(count):
        question = at_state("edited")
        services.edit(
            question,
            by=editor,
            title=f"Answered question number {number} {tags}",
            public_question=question.public_question,
            answer_text=question.answer,
            group=public_group,
            tag_names=tags,
        )
        services.publish(question, by=editor)


@pytest.mark.parametrize("signed_in", [False, True])
def test_article_page_budget_does_not_grow_with_replies(client, at_state, member, signed_in):
    article = at_state("updated").article
    ReplyFactory(author=UserFactory(username="first_replier"), discussion=article.discussion)
    if signed_in:
        client.force_login(member)
        _count(client, "/")
    few = _count(client, article.get_absolute_url())
    repliers = [UserFactory(username=f"replier{i}") for i in range(4)]
    for number in range(12):
        ReplyFactory(author=repliers[number % 4], discussion=article.discussion)
    many = _count(client, article.get_absolute_url())
    assert few == many
    assert many <= (10 if signed_in else 8)


def test_index_and_expert_page_budgets(client, at_state, editor, expert, public_group):
    at_state("published")
    index_few = _count(client, "/articles/")
    tag_few = _count(client, "/articles/?tag=neutropenia")
    expert_few = _count(client, f"/experts/{expert.username}/")
    feed_few = _count(client, "/articles/feed/")
    _publish_more(at_state, editor, public_group, 9, "neutropenia, lymphocytes, fever")
    assert _count(client, "/articles/") == index_few
    assert _count(client, "/articles/?tag=neutropenia") == tag_few
    assert _count(client, f"/experts/{expert.username}/") == expert_few
    assert _count(client, "/articles/feed/") == feed_few
    assert index_few <= 6 and expert_few <= 6
