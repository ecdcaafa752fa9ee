"""The write side of the community. Views, the demo loader and tests all call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape

from carecommons.accounts.models import CaredPerson, User
from carecommons.audit.services import record
from carecommons.community.models import (
    Discussion,
    Group,
    Membership,
    PostStatus,
    ReadState,
    Reply,
    Revision,
)
from carecommons.core import hooks
from carecommons.core.errors import Refused
from carecommons.core.markdown import render


class PostRefused(Refused):
    """A `community.before_post` hook refused the post; `message` tells the member why."""


@dataclass(frozen=True)
class PostCheck:
    """What a `community.before_post` hook may return: hold the post for a moderator."""

    hold_for_approval: bool
    reason: str = ""


def _status_after_checks(
    author: User, group: Group, text: str, discussion: Discussion | None
) -> tuple[str, list[str]]:
    """Run the before-post hooks (they raise PostRefused to refuse)."""
    checks = hooks.fire(
        "community.before_post", author=author, group=group, text=text, discussion=discussion
    )
    reasons = [c.reason for c in checks if isinstance(c, PostCheck) and c.hold_for_approval]
    return (PostStatus.PENDING if reasons else PostStatus.PUBLISHED), reasons


def render_post(body: str) -> str:
    """Markdown to safe HTML, then through `community.render_post` filters (@mention links)."""
    html: str = hooks.apply("community.render_post", render(body), text=body)
    return html


def _own_person(author: User, about: CaredPerson | None) -> CaredPerson | None:
    return about if about is not None and about.owner_id == author.pk else None


def join_group(user: User, group: Group) -> bool:
    with transaction.atomic():
        _, created = Membership.objects.get_or_create(group=group, user=user)
        if created:
            Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    return created


def leave_group(user: User, group: Group) -> bool:
    with transaction.atomic():
        deleted, _ = Membership.objects.filter(group=group, user=user).delete()
        if deleted:
            Group.objects.filter(pk=group.pk, member_count__gt=0).update(
                member_count=F("member_count") - 1
            )
    return bool(deleted)


def create_discussion(
    *,
    author: User,
    group: Group,
    title: str,
    body: str,
    is_anonymous: bool = False,
    members_only: bool = False,
    about: CaredPerson | None = None,
    at: datetime | None = None,
) -> Discussion:
    """Create a discussion. Raises PostRefused when a before-post hook refuses it."""
    at = at or timezone.now()
    with transaction.atomic():
        status, _ = _status_after_checks(author, group, f"{title}\n\n{body}", None)
        discussion = Discussion.objects.create(
            group=group,
            author=author,
            title=title.strip(),
            body=body,
            body_html=render_post(body),
            is_anonymous=is_anonymous and group.allow_anonymous,
            members_only=members_only,
            about=_own_person(author, about),
            status=status,
            created_at=at,
            last_activity_at=at,
        )
        if status == PostStatus.PUBLISHED:
            Group.objects.filter(pk=group.pk).update(discussion_count=F("discussion_count") + 1)
        join_group(author, group)
        hooks.fire("community.post_created", post=discussion)
    return discussion


def post_reply(
    *,
    author: User,
    discussion: Discussion,
    body: str,
    quote_of: Reply | None = None,
    is_anonymous: bool = False,
    about: CaredPerson | None = None,
    at: datetime | None = None,
) -> Reply:
    """Add a reply. Raises PostRefused when a before-post hook refuses it."""
    at = at or timezone.now()
    with transaction.atomic():
        status, _ = _status_after_checks(author, discussion.group, body, discussion)
        # Taking the number from a locked row keeps numbers unique and gap-free under
        # concurrent replies (SQLite serialises writers; PostgreSQL honours the lock).
        locked = Discussion.objects.select_for_update().get(pk=discussion.pk)
        number = locked.last_reply_number + 1
        if quote_of is not None and quote_of.discussion_id != locked.pk:
            quote_of = None
        reply = Reply.objects.create(
            discussion=locked,
            number=number,
            author=author,
            body=body,
            body_html=render_post(body),
            quote_of=quote_of,
            is_anonymous=is_anonymous and locked.group.allow_anonymous,
            about=_own_person(author, about),
            status=status,
            created_at=at,
        )
        updates: dict[str, object] = {"last_reply_number": number}
        if status == PostStatus.PUBLISHED:
            updates.update(_published_reply_counts(reply, locked))
        Discussion.objects.filter(pk=locked.pk).update(**updates)
        join_group(author, locked.group)
        mark_read(author, locked, number)
        hooks.fire("community.post_created", post=reply)
    return reply


def _published_reply_counts(reply: Reply, discussion: Discussion) -> dict[str, object]:
    updates: dict[str, object] = {
        "reply_count": F("reply_count") + 1,
        "last_activity_at": reply.created_at,
    }
    if reply.author_id != discussion.author_id:
        updates["answered"] = True
    return updates


def set_status(post: Discussion | Reply, status: str) -> None:
    """Publish, hold or hide a post, keeping the counters right. Callers audit the reason."""
    with transaction.atomic():
        previous = post.status
        if previous == status:
            return
        post.status = status
        post.save(update_fields=["status"])
        became_visible = status == PostStatus.PUBLISHED
        was_visible = previous == PostStatus.PUBLISHED
        if isinstance(post, Reply) and became_visible != was_visible:
            discussion = post.discussion
            if became_visible:
                Discussion.objects.filter(pk=discussion.pk).update(
                    **_published_reply_counts(post, discussion)
                )
            else:
                Discussion.objects.filter(pk=discussion.pk, reply_count__gt=0).update(
                    reply_count=F("reply_count") - 1
                )
                _recompute_answered(discussion)
        elif isinstance(post, Discussion) and became_visible != was_visible:
            change = 1 if became_visible else -1
            Group.objects.filter(pk=post.group_id).update(
                discussion_count=F("discussion_count") + change
            )
        hooks.fire("community.post_visibility_changed", post=post)


def set_flags(
    discussion: Discussion, *, is_locked: bool | None = None, is_pinned: bool | None = None
) -> None:
    """Lock/unlock or pin/unpin a discussion. Callers (moderation) audit the reason."""
    changes = {
        name: value
        for name, value in (("is_locked", is_locked), ("is_pinned", is_pinned))
        if value is not None
    }
    if not changes:
        return
    Discussion.objects.filter(pk=discussion.pk).update(**changes)
    for name, value in changes.items():
        setattr(discussion, name, value)


def move_to_group(discussion: Discussion, to: Group) -> Group:
    """Move a discussion to another group, counters and author's membership included.

    Returns the group it left. Callers (moderation) audit and explain the move. Fires
    `community.discussion_changed`: who may see it can change with its group.
    """
    with transaction.atomic():
        source = discussion.group
        Discussion.objects.filter(pk=discussion.pk).update(group=to)
        if discussion.status == PostStatus.PUBLISHED and discussion.deleted_at is None:
            Group.objects.filter(pk=source.pk, discussion_count__gt=0).update(
                discussion_count=F("discussion_count") - 1
            )
            Group.objects.filter(pk=to.pk).update(discussion_count=F("discussion_count") + 1)
        discussion.group = to
        join_group(discussion.author, to)
        hooks.fire("community.discussion_changed", post=discussion)
    return source


@dataclass(frozen=True)
class Folded:
    opening_number: int
    moved_replies: int


def fold_into(duplicate: Discussion, into: Discussion) -> Folded:
    """Fold a duplicate into another discussion (callers audit it and hide the duplicate).

    The duplicate's opening post and its replies become replies at the end of `into`, keeping
    their authors, dates and statuses; the duplicate is left locked, without replies.
    Fires `community.discussion_changed` for `into`, which now holds more text.
    """
    if duplicate.pk == into.pk:
        raise ValueError("A discussion cannot be merged into itself.")
    with transaction.atomic():
        target = Discussion.objects.select_for_update().get(pk=into.pk)
        number = target.last_reply_number + 1
        Reply.objects.create(
            discussion=target,
            number=number,
            author=duplicate.author,
            body=f"*Merged from “{duplicate.title}”*\n\n{duplicate.body}",
            body_html=f"<p><em>Merged from “{escape(duplicate.title)}”</em></p>\n"
            f"{duplicate.body_html}",
            is_anonymous=duplicate.is_anonymous,
            about=duplicate.about,
            status=duplicate.status if duplicate.deleted_at is None else PostStatus.HIDDEN,
            created_at=duplicate.created_at,
        )
        opening_number = number
        moved = list(Reply.objects.filter(discussion=duplicate).order_by("number"))
        for reply in moved:
            number += 1
            reply.discussion = target
            reply.number = number
        # Two passes keep the (discussion, number) constraint satisfied while renumbering.
        for reply in moved:
            Reply.objects.filter(pk=reply.pk).update(number=reply.number + 1_000_000)
        for reply in moved:
            Reply.objects.filter(pk=reply.pk).update(discussion=target, number=reply.number)
        visible = Reply.objects.filter(
            discussion=target, status=PostStatus.PUBLISHED, deleted_at__isnull=True
        )
        latest = visible.aggregate(latest=Max("created_at"))["latest"]
        Discussion.objects.filter(pk=target.pk).update(
            last_reply_number=number,
            reply_count=visible.count(),
            answered=visible.exclude(author_id=target.author_id).exists(),
            last_activity_at=max(filter(None, [target.last_activity_at, latest])),
        )
        Discussion.objects.filter(pk=duplicate.pk).update(
            is_locked=True, reply_count=0, answered=False
        )
        duplicate.refresh_from_db()
        target.refresh_from_db()
        hooks.fire("community.discussion_changed", post=target)
    return Folded(opening_number=opening_number, moved_replies=len(moved))


def _recompute_answered(discussion: Discussion) -> None:
    answered = (
        Reply.objects.filter(
            discussion=discussion, status=PostStatus.PUBLISHED, deleted_at__isnull=True
        )
        .exclude(author_id=discussion.author_id)
        .exists()
    )
    Discussion.objects.filter(pk=discussion.pk).update(answered=answered)


def edit_discussion(discussion: Discussion, *, editor: User, title: str, body: str) -> Discussion:
    with transaction.atomic():
        Revision.objects.create(
            discussion=discussion, title=discussion.title, body=discussion.body, edited_by=editor
        )
        discussion.title = title.strip()
        discussion.body = body
        discussion.body_html = render_post(body)
        discussion.edited_at = timezone.now()
        discussion.save(update_fields=["title", "body", "body_html", "edited_at"])
        hooks.fire("community.post_edited", post=discussion, editor=editor)
    return discussion


def edit_reply(reply: Reply, *, editor: User, body: str) -> Reply:
    with transaction.atomic():
        Revision.objects.create(reply=reply, body=reply.body, edited_by=editor)
        reply.body = body
        reply.body_html = render_post(body)
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body", "body_html", "edited_at"])
        hooks.fire("community.post_edited", post=reply, editor=editor)
    return reply


def delete_discussion(discussion: Discussion, *, by: User) -> None:
    """Soft delete: the row stays (moderators can still see it); readers see a short notice."""
    with transaction.atomic():
        discussion.deleted_at = timezone.now()
        discussion.save(update_fields=["deleted_at"])
        if discussion.status == PostStatus.PUBLISHED:
            Group.objects.filter(pk=discussion.group_id, discussion_count__gt=0).update(
                discussion_count=F("discussion_count") - 1
            )
        record("community.discussion_deleted_by_author", actor=by, target=discussion)
        hooks.fire("community.post_visibility_changed", post=discussion)


def delete_reply(reply: Reply, *, by: User) -> None:
    with transaction.atomic():
        reply.deleted_at = timezone.now()
        reply.save(update_fields=["deleted_at"])
        if reply.status == PostStatus.PUBLISHED:
            Discussion.objects.filter(pk=reply.discussion_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
            _recompute_answered(reply.discussion)
        record("community.reply_deleted_by_author", actor=by, target=reply)
        hooks.fire("community.post_visibility_changed", post=reply)


def mark_read(user: User, discussion: Discussion, number: int, *, known: int | None = None) -> None:
    """Remember the highest reply number seen; never move the marker backwards.

    `known` is the position the caller already read from the database, which saves a query
    on every page view where nothing new was read.
    """
    if known is not None and number <= known:
        return
    advanced = ReadState.objects.filter(
        user=user, discussion=discussion, last_read_number__lt=number
    ).update(last_read_number=number, updated_at=timezone.now())
    if not advanced:
        ReadState.objects.get_or_create(
            user=user, discussion=discussion, defaults={"last_read_number": number}
        )


def reveal_anonymous_author(
    post: Discussion | Reply, *, by: User, reason: str, request: HttpRequest | None = None
) -> User:
    """A moderator looks behind "Anonymous member". Every look is in the audit log."""
    record(
        "community.anonymous_author_revealed",
        actor=by,
        target=post,
        reason=reason,
        request=request,
    )
    return post.author
