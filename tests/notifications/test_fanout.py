"""Who is notified of a new post, and that the request never pays for the followers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.accounts import services as accounts
from carecommons.accounts.models import User
from carecommons.notifications import services
from carecommons.notifications.models import Follow, Notification
from tests.factories import DiscussionFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_posting_and_replying_follow_the_discussion(discussion, other_member, on_commit):
    assert Follow.objects.filter(user=discussion.author, discussion=discussion).exists()
    with on_commit():
        ReplyFactory(discussion=discussion, author=other_member)
    assert Follow.objects.filter(user=other_member, discussion=discussion).exists()
    # The discussion's author hears about the reply, as a reply to them.
    assert kinds_for(discussion.author) == ["reply"]


def test_mention_notifies_and_lands_on_the_exact_reply(discussion, other_member, on_commit):
    mentioned = UserFactory(username="walt_mentor")
    with on_commit():
        reply = ReplyFactory(
            discussion=discussion, author=other_member, body="@walt_mentor what do you think?"
        )
    note = Notification.objects.get(recipient=mentioned)
    assert note.kind == "mention"
    assert note.url == f"/discussions/{discussion.pk}/r/{reply.number}/"
    assert note.actor == other_member
    assert note.discussion_id == discussion.pk


def test_unknown_mention_notifies_nobody(discussion, other_member, on_commit):
    with on_commit():
        ReplyFactory(discussion=discussion, author=other_member, body="Is @nobody_here around?")
    assert Notification.objects.exclude(recipient=discussion.author).count() == 0


def test_member_who_blocked_the_author_is_not_notified(discussion, other_member, on_commit):
    mentioned = UserFactory(username="walt_mentor")
    accounts.block(mentioned, other_member)
    accounts.block(discussion.author, other_member)
    with on_commit():
        ReplyFactory(discussion=discussion, author=other_member, body="Hey @walt_mentor")
    assert kinds_for(mentioned) == []
    assert kinds_for(discussion.author) == []


def test_followers_notified_muted_ones_only_by_mention(discussion, other_member, on_commit):
    follower = UserFactory(username="follows_it")
    muter = UserFactory(username="muted_it")
    services.follow_discussion(follower, discussion)
    services.mute_discussion(muter, discussion)
    with on_commit():
        ReplyFactory(discussion=discussion, author=other_member, body="An update for all.")
    assert kinds_for(follower) == ["discussion"]
    assert kinds_for(muter) == []
    with on_commit():
        ReplyFactory(discussion=discussion, author=other_member, body="@muted_it one question")
    assert kinds_for(muter) == ["mention"]


def test_posting_again_does_not_unmute(discussion, other_member, on_commit):
    services.mute_discussion(other_member, discussion)
    ReplyFactory(discussion=discussion, author=other_member)
    assert Follow.objects.get(user=other_member, discussion=discussion).muted


def test_group_and_member_follows(public_group, member, other_member, on_commit):
    group_fan = UserFactory(username="group_fan")
    member_fan = UserFactory(username="member_fan")
    services.follow_group(group_fan, public_group)
    services.follow_member(member_fan, other_member)
    with on_commit():
        DiscussionFactory(author=other_member, group=public_group, title="A new question here")
    assert kinds_for(group_fan) == ["group"]
    assert kinds_for(member_fan) == ["member"]


def test_anonymous_post_never_reaches_the_authors_followers(public_group, other_member, on_commit):
    member_fan = UserFactory(username="member_fan")
    services.follow_member(member_fan, other_member)
    with on_commit():
        DiscussionFactory(
            author=other_member, group=public_group, is_anonymous=True, title="Anonymous one"
        )
    assert kinds_for(member_fan) == []


def test_pending_post_notifies_once_when_approved(discussion, other_member, on_commit):
    from carecommons.community import services as community
    from carecommons.community.models import PostStatus

    with on_commit():
        reply = ReplyFactory(discussion=discussion, author=other_member)
        community.set_status(reply, PostStatus.PENDING)
    Notification.objects.all().delete()
    with on_commit():
        community.set_status(reply, PostStatus.PUBLISHED)
    with on_commit():
        community.set_status(reply, PostStatus.HIDDEN)
        community.set_status(reply, PostStatus.PUBLISHED)
    assert kinds_for(discussion.author) == ["reply"]


def _reply_request_queries(client, discussion, author) -> tuple[int, list]:
    client.force_login(author)
    with CaptureQueriesContext(connection) as queries:
        # The fan-out is enqueued on commit; here the callbacks are collected, not run, so
        # the count is exactly what the request itself does.
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
            response = client.post(
                f"/discussions/{discussion.pk}/reply/", {"body": "Thinking of you all today."}
            )
    assert response.status_code == 302
    return len(queries), callbacks


def test_reply_request_costs_the_same_with_2_or_2000_followers(client, public_group):
    owner = UserFactory(username="owner_one")
    replier = UserFactory(username="replier_one")
    small = DiscussionFactory(author=owner, group=public_group, title="Small discussion")
    large = DiscussionFactory(author=owner, group=public_group, title="Large discussion")
    crowd = User.objects.bulk_create(
        [User(username=f"crowd{i}", email=f"crowd{i}@example.org") for i in range(2000)]
    )
    Follow.objects.bulk_create([Follow(user=u, discussion=large) for u in crowd])
    services.follow_discussion(crowd[0], small)
    # Warm up: the replier's first reply also joins the group and follows the discussion.
    ReplyFactory(discussion=small, author=replier)
    ReplyFactory(discussion=large, author=replier)

    # The first request of a session opens rate-limit windows and the like; measure after it.
    _reply_request_queries(client, small, replier)
    many, callbacks = _reply_request_queries(client, large, replier)
    few, _ = _reply_request_queries(client, small, replier)
    assert few == many

    for callback in callbacks:
        callback()
    assert Notification.objects.filter(discussion=large, kind="discussion").count() == 2000
