"""The write side of the community. Views, the demo loader and tests all call these."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.audit.services import record
from carecommons.community.models import (
    Discussion,
    Group,
    Membership,
    ReadState,
    Reply,
    Revision,
)
from carecommons.core.markdown import render


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
    at: datetime | None = None,
) -> Discussion:
    at = at or timezone.now()
    with transaction.atomic():
        discussion = Discussion.objects.create(
            group=group,
            author=author,
            title=title.strip(),
            body=body,
            body_html=render(body),
            is_anonymous=is_anonymous and group.allow_anonymous,
            members_only=members_only,
            created_at=at,
            last_activity_at=at,
        )
        Group.objects.filter(pk=group.pk).update(discussion_count=F("discussion_count") + 1)
        join_group(author, group)
    return discussion


def post_reply(
    *,
    author: User,
    discussion: Discussion,
    body: str,
    quote_of: Reply | None = None,
    is_anonymous: bool = False,
    at: datetime | None = None,
) -> Reply:
    at = at or timezone.now()
    with transaction.atomic():
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
            body_html=render(body),
            quote_of=quote_of,
            is_anonymous=is_anonymous and locked.group.allow_anonymous,
            created_at=at,
        )
        updates: dict[str, object] = {
            "last_reply_number": number,
            "reply_count": F("reply_count") + 1,
            "last_activity_at": at,
        }
        if author.pk != locked.author_id:
            updates["answered"] = True
        Discussion.objects.filter(pk=locked.pk).update(**updates)
        join_group(author, locked.group)
        mark_read(author, locked, number)
    return reply


def edit_discussion(discussion: Discussion, *, editor: User, title: str, body: str) -> Discussion:
    with transaction.atomic():
        Revision.objects.create(
            discussion=discussion, title=discussion.title, body=discussion.body, edited_by=editor
        )
        discussion.title = title.strip()
        discussion.body = body
        discussion.body_html = render(body)
        discussion.edited_at = timezone.now()
        discussion.save(update_fields=["title", "body", "body_html", "edited_at"])
    return discussion


def edit_reply(reply: Reply, *, editor: User, body: str) -> Reply:
    with transaction.atomic():
        Revision.objects.create(reply=reply, body=reply.body, edited_by=editor)
        reply.body = body
        reply.body_html = render(body)
        reply.edited_at = timezone.now()
        reply.save(update_fields=["body", "body_html", "edited_at"])
    return reply


def delete_discussion(discussion: Discussion, *, by: User) -> None:
    """Soft delete: the row stays (moderators can still see it) but readers see a placeholder."""
    with transaction.atomic():
        discussion.deleted_at = timezone.now()
        discussion.save(update_fields=["deleted_at"])
        Group.objects.filter(pk=discussion.group_id, discussion_count__gt=0).update(
            discussion_count=F("discussion_count") - 1
        )
        record("community.discussion_deleted_by_author", actor=by, target=discussion)


def delete_reply(reply: Reply, *, by: User) -> None:
    with transaction.atomic():
        reply.deleted_at = timezone.now()
        reply.save(update_fields=["deleted_at"])
        record("community.reply_deleted_by_author", actor=by, target=reply)


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
