"""Moderator actions end to end: the post changes, the member is told why, the log records it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecommons.audit.models import AuditEntry
from carecommons.community.models import PostStatus, Reply
from carecommons.moderation import services
from carecommons.moderation.models import Flag, FlagReason, Sanction
from tests.factories import DiscussionFactory, GroupFactory, ReplyFactory


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def _told(user, words):
    notes = list(user.notifications.filter(kind="moderation").values_list("title", flat=True))
    assert any(words in note for note in notes), notes


def test_hide_a_flagged_reply_with_a_reason(
    mod_client, reply, other_member, member, django_capture_on_commit_callbacks
):
    services.flag_post(member, reply, reason=FlagReason.MISINFORMATION, details="Dose advice")
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            f"/moderation/post/r/{reply.pk}/hide/",
            {"hide-reason": "Tells someone to stop a medicine"},
        )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == PostStatus.HIDDEN
    assert not Flag.objects.filter(status="open").exists()
    _told(other_member, "Tells someone to stop a medicine")
    email = next(m for m in mail.outbox if other_member.email in m.to)
    assert "Tells someone to stop a medicine" in email.body
    entry = AuditEntry.objects.get(action="moderation.post_hidden")
    assert entry.reason == "Tells someone to stop a medicine"
    assert entry.data["after"] == {"status": "hidden"}
    reply.discussion.refresh_from_db()
    assert reply.discussion.reply_count == 0


def test_hide_without_reason_is_400_and_keeps_nothing_changed(mod_client, reply):
    response = mod_client.post(f"/moderation/post/r/{reply.pk}/hide/", {"hide-reason": "  "})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == PostStatus.PUBLISHED


def test_restore(mod_client, reply, moderator):
    services.hide_post(reply, by=moderator, reason="Checking")
    mod_client.post(f"/moderation/post/r/{reply.pk}/restore/", {"restore-reason": "It was fine"})
    reply.refresh_from_db()
    assert reply.status == PostStatus.PUBLISHED


def test_edit_shows_the_reason_and_keeps_before_after(mod_client, reply, other_member):
    response = mod_client.post(
        f"/moderation/post/r/{reply.pk}/edit/",
        {"edit-body": "Ask your team before changing anything.", "edit-reason": "Removed advice"},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body.endswith("*Edited by a moderator: Removed advice*")
    assert reply.revisions.get().body == "You should stop taking it now."
    entry = AuditEntry.objects.get(action="moderation.post_edited")
    assert entry.data["before"]["body"] == "You should stop taking it now."
    assert "Ask your team" in entry.data["after"]["body"]
    _told(other_member, "Removed advice")


def test_edit_errors_keep_what_was_typed(mod_client, discussion):
    response = mod_client.post(
        f"/moderation/post/d/{discussion.pk}/edit/",
        {"edit-title": "Short", "edit-body": "My carefully typed new text", "edit-reason": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "My carefully typed new text" in page and "Please give a reason" in page


def test_lock_unlock_pin(mod_client, discussion, member):
    mod_client.post(f"/moderation/post/d/{discussion.pk}/lock/", {"lock-reason": "Calm down"})
    discussion.refresh_from_db()
    assert discussion.is_locked
    mod_client.post(f"/moderation/post/d/{discussion.pk}/unlock/", {})
    mod_client.post(f"/moderation/post/d/{discussion.pk}/pin/", {})
    discussion.refresh_from_db()
    assert not discussion.is_locked and discussion.is_pinned
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "moderation.discussion_locked",
        "moderation.discussion_unlocked",
        "moderation.discussion_pinned",
    } <= actions
    _told(member, "Calm down")


def test_move_keeps_group_counts_right(mod_client, discussion, public_group):
    other = GroupFactory(slug="caregivers", name="Caregivers")
    response = mod_client.post(
        f"/moderation/post/d/{discussion.pk}/move/",
        {"move-group": other.pk, "move-reason": "Fits better"},
    )
    assert response.status_code == 302
    discussion.refresh_from_db()
    public_group.refresh_from_db()
    other.refresh_from_db()
    assert discussion.group == other
    assert (public_group.discussion_count, other.discussion_count) == (0, 1)


def test_a_moved_discussion_is_searched_in_its_new_group_and_by_its_new_audience(
    mod_client, discussion, members_group
):
    from carecommons.search.selectors import document_for_discussion

    assert document_for_discussion(discussion.pk).public
    mod_client.post(
        f"/moderation/post/d/{discussion.pk}/move/",
        {"move-group": members_group.pk, "move-reason": "Members asked for privacy"},
    )
    document = document_for_discussion(discussion.pk)
    assert document.group_id == members_group.pk and document.group_name == members_group.name
    assert not document.public  # visitors no longer find it


def test_move_to_unknown_group_is_400(mod_client, discussion):
    response = mod_client.post(
        f"/moderation/post/d/{discussion.pk}/move/", {"move-group": "99999", "move-reason": "x"}
    )
    assert response.status_code == 400
    assert "does not exist" in response.content.decode()


def test_merge_duplicate(mod_client, discussion, member, other_member, public_group):
    ReplyFactory(author=other_member, discussion=discussion, body="First answer on the original.")
    duplicate = DiscussionFactory(
        author=other_member, group=public_group, title="Same question again"
    )
    ReplyFactory(author=member, discussion=duplicate, body="Answer on the duplicate.")
    response = mod_client.post(
        f"/moderation/post/d/{duplicate.pk}/merge/",
        {"merge-into": discussion.pk, "merge-reason": "Duplicate"},
    )
    assert response.status_code == 302
    discussion.refresh_from_db()
    duplicate.refresh_from_db()
    numbers = list(Reply.objects.filter(discussion=discussion).values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert discussion.reply_count == 3 and discussion.last_reply_number == 3
    assert duplicate.status == PostStatus.HIDDEN and duplicate.is_locked
    assert "Same question again" in Reply.objects.get(discussion=discussion, number=2).body
    _told(other_member, "Duplicate")
    from carecommons.search.selectors import document_for_discussion

    assert "Answer on the duplicate." in document_for_discussion(discussion.pk).body
    assert document_for_discussion(duplicate.pk) is None


def test_merge_into_itself_or_nothing_is_400(mod_client, discussion):
    for value, words in [
        (discussion.pk, "into itself"),
        (99999, "no discussion number"),
        ("abc", "whole number"),
    ]:
        response = mod_client.post(
            f"/moderation/post/d/{discussion.pk}/merge/",
            {"merge-into": value, "merge-reason": "Dup"},
        )
        assert response.status_code == 400
        assert words in response.content.decode()


def test_dismiss_closes_flags_and_leaves_post(mod_client, discussion, other_member):
    services.flag_post(other_member, discussion, reason=FlagReason.SPAM)
    mod_client.post(f"/moderation/post/d/{discussion.pk}/dismiss/", {"dismiss-reason": "Not spam"})
    assert Flag.objects.get().status == Flag.Status.DISMISSED
    discussion.refresh_from_db()
    assert discussion.status == PostStatus.PUBLISHED


def test_reject_pending(mod_client, knobs, newcomer, public_group, web_post):
    post = web_post(
        author=newcomer, group=public_group, title="Buy my cure now", body="Cheap cure here."
    )
    response = mod_client.post(
        f"/moderation/post/d/{post.pk}/reject/", {"reject-reason": "Advertising"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    _told(newcomer, "Advertising")


def test_warn_suspend_lift_ban(client, moderator, other_member, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    url = f"/moderation/members/{other_member.username}/"
    client.post(url, {"action": "warn", "warn-reason": "Be kinder"})
    client.post(url, {"action": "suspend", "suspend-days": "3", "suspend-reason": "Insults"})
    suspension = services.active_suspension(other_member)
    assert suspension is not None
    assert suspension.until > timezone.now() + timedelta(days=2)
    client.post(url, {"action": "lift", "lift-reason": "Apologised"})
    assert services.active_suspension(other_member) is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "ban", "ban-reason": "Spam account"})
    other_member.refresh_from_db()
    assert not other_member.is_active
    kinds = list(Sanction.objects.values_list("kind", flat=True))
    assert sorted(kinds) == ["ban", "suspension", "warning"]
    _told(other_member, "Be kinder")
    _told(other_member, "Spam account")
    assert any("closed" in m.subject for m in mail.outbox)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "moderation.member_warned",
        "moderation.member_suspended",
        "moderation.suspension_lifted",
        "moderation.member_banned",
    } <= actions


def test_suspend_bad_days_is_400_and_keeps_reason(client, moderator, other_member):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/members/{other_member.username}/",
        {"action": "suspend", "suspend-days": "900", "suspend-reason": "Typed reason stays"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 365 days" in page and "Typed reason stays" in page


def test_moderation_log_shows_only_moderation_actions(client, moderator, discussion):
    services.set_pinned(discussion, pinned=True, by=moderator, reason="Helpful")
    client.force_login(moderator)
    page = client.get("/moderation/audit/").content.decode()
    assert "moderation.discussion_pinned" in page
    assert "accounts.role_granted" not in page
    filtered = client.get("/moderation/audit/?action=locked").content.decode()
    assert "moderation.discussion_pinned" not in filtered
