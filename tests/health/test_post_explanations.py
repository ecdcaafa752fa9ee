"""Lab values in posts: explained at post time (hooks), stored, shown beside the post."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.community import services as community
from carecommons.health.models import PostLabNote
from tests.factories import DiscussionFactory, ReplyFactory


def test_a_reply_with_lab_values_gets_an_explanation(client, discussion, other_member):
    reply = ReplyFactory(
        discussion=discussion,
        author=other_member,
        body="My husband is 57. His LYM 4.2 but 82 %, and his WBC was 5.1 K/uL.",
    )
    note = PostLabNote.objects.get(reply=reply)
    assert any("relative lymphocytosis" in item["text"] for item in note.explanations)
    body = client.get(discussion.get_absolute_url()).content.decode()
    assert '<details class="lab-explain">' in body
    assert "About the lab values in this post" in body
    assert "not a diagnosis" in body


def test_the_stated_age_is_used(public_group, member):
    discussion = DiscussionFactory(
        author=member, group=public_group, title="ANC 310 in my 1-year-old", body="Worried."
    )
    note = PostLabNote.objects.get(discussion=discussion, reply=None)
    assert note.stated_age == "1-year-old"
    assert note.explanations


def test_editing_recomputes_and_a_post_without_values_has_no_note(discussion, member):
    reply = ReplyFactory(discussion=discussion, author=member, body="ANC 310 cells/uL today")
    assert PostLabNote.objects.filter(reply=reply).exists()
    community.edit_reply(reply, editor=member, body="Thank you all, feeling better.")
    assert not PostLabNote.objects.filter(reply=reply).exists()
    plain = ReplyFactory(discussion=discussion, author=member, body="Thinking of you.")
    assert not PostLabNote.objects.filter(reply=plain).exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_discussion_page_queries_do_not_grow_with_explained_replies(
    client, public_group, member, other_member, signed_in
):
    def build(count):
        discussion = DiscussionFactory(author=member, group=public_group, body="ANC 310 cells/uL")
        for number in range(count):
            ReplyFactory(
                discussion=discussion,
                author=other_member,
                body=f"His ANC was {number + 200} cells/uL",
            )
        return discussion

    small, large = build(3), build(25)
    if signed_in:
        client.force_login(member)
        client.get(small.get_absolute_url())
        client.get(large.get_absolute_url())
    counts = []
    for discussion in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(discussion.get_absolute_url())
        assert response.status_code == 200
        assert response.content.decode().count('class="lab-explain"') == (
            4 if discussion is small else 26
        )
        counts.append(len(queries))
    assert counts[0] == counts[1]
