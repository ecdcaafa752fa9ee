"""Posts can wait for approval, be hidden, and discussions can be locked or pinned."""

from __future__ import annotations

import pytest

from carecommons.community import services
from carecommons.community.models import Discussion, PostStatus
from carecommons.core import hooks
from tests.factories import DiscussionFactory, ReplyFactory


@pytest.fixture
def hold_everything():
    def check(**kwargs):
        return services.PostCheck(hold_for_approval=True, reason="first posts wait")

    hooks.register("community.before_post", check)
    yield
    hooks._registry["community.before_post"].remove(check)


@pytest.fixture
def refuse_everything():
    def check(**kwargs):
        raise services.PostRefused("You are posting too fast. Try again in 2 minutes.")

    hooks.register("community.before_post", check)
    yield
    hooks._registry["community.before_post"].remove(check)


def test_held_discussion_is_seen_by_author_and_moderators_only(
    client, member, other_member, moderator, public_group, hold_everything
):
    client.force_login(member)
    response = client.post(
        f"/groups/{public_group.slug}/new/",
        {"title": "My very first post", "body": "Hello everyone, glad to be here."},
    )
    discussion = Discussion.objects.get()
    assert discussion.status == PostStatus.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "waiting for a moderator" in page
    assert discussion.title not in client.get(public_group.get_absolute_url()).content.decode()
    client.force_login(other_member)
    assert client.get(discussion.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(discussion.get_absolute_url()).status_code == 200


def test_approving_a_held_reply_counts_it(member, other_member, discussion, hold_everything):
    reply = ReplyFactory(author=other_member, discussion=discussion)
    discussion.refresh_from_db()
    assert (
        reply.status == PostStatus.PENDING
        and discussion.reply_count == 0
        and not discussion.answered
    )
    services.set_status(reply, PostStatus.PUBLISHED)
    discussion.refresh_from_db()
    assert discussion.reply_count == 1 and discussion.answered
    services.set_status(reply, PostStatus.HIDDEN)
    discussion.refresh_from_db()
    assert discussion.reply_count == 0 and not discussion.answered


def test_hidden_reply_keeps_its_place_without_its_text(
    client, member, other_member, moderator, discussion
):
    reply = ReplyFactory(
        author=other_member, discussion=discussion, body="Something against the rules here."
    )
    services.set_status(reply, PostStatus.HIDDEN)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "This reply is hidden by a moderator." in page and "against the rules" not in page
    client.force_login(other_member)
    assert "against the rules" in client.get(discussion.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "against the rules" in client.get(discussion.get_absolute_url()).content.decode()


def test_refused_post_keeps_the_text_and_says_why(
    client, member, public_group, discussion, refuse_everything
):
    client.force_login(member)
    response = client.post(
        f"/groups/{public_group.slug}/new/",
        {"title": "A post too soon", "body": "Words I typed carefully."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Try again in 2 minutes" in page and "Words I typed carefully." in page
    response = client.post(
        f"/discussions/{discussion.pk}/reply/", {"body": "A reply typed carefully."}
    )
    assert response.status_code == 400 and "Try again in 2 minutes" in response.content.decode()


def test_locked_discussion_takes_no_replies_except_from_moderators(
    client, other_member, moderator, discussion
):
    Discussion.objects.filter(pk=discussion.pk).update(is_locked=True)
    client.force_login(other_member)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "locked by a moderator" in page and "Post reply" not in page
    assert (
        client.post(
            f"/discussions/{discussion.pk}/reply/", {"body": "Trying anyway to reply"}
        ).status_code
        == 403
    )
    client.force_login(moderator)
    assert (
        client.post(
            f"/discussions/{discussion.pk}/reply/", {"body": "A moderator's closing note."}
        ).status_code
        == 302
    )


def test_pinned_discussions_come_first(client, member, public_group):
    pinned = DiscussionFactory(author=member, group=public_group, title="Read this first: welcome")
    DiscussionFactory(author=member, group=public_group, title="A newer everyday discussion")
    Discussion.objects.filter(pk=pinned.pk).update(is_pinned=True)
    page = client.get(public_group.get_absolute_url()).content.decode()
    assert page.index("Read this first") < page.index("A newer everyday discussion")
