"""The write side of private messages: start, send, leave, block, report, moderator reads."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from carecommons.accounts import services as accounts
from carecommons.accounts.models import Block, User
from carecommons.accounts.roles import MODERATING_ROLES
from carecommons.audit.services import record
from carecommons.community.models import Discussion, PostStatus, Reply
from carecommons.core import ratelimit
from carecommons.core.errors import Refused
from carecommons.messaging import permissions
from carecommons.messaging.models import (
    MAX_PARTICIPANTS,
    Conversation,
    Message,
    Participant,
    Report,
)
from carecommons.notifications import kinds
from carecommons.notifications.services import notify


class MessageRefused(Refused):
    """The message cannot be sent; `message` tells the member why, in plain words."""


def has_published_post(user: User) -> bool:
    published = Q(author=user, status=PostStatus.PUBLISHED, deleted_at__isnull=True)
    return Discussion.objects.filter(published).exists() or Reply.objects.filter(published).exists()


def check_can_message(user: User) -> None:
    if not permissions.can_start_messaging(user, has_published_post=has_published_post(user)):
        raise MessageRefused(
            "You can send private messages once your first post in the community is "
            "published. This keeps spam out of everyone's inbox."
        )


def _blocked_between(user: User, others: Sequence[User]) -> User | None:
    other_ids = [o.pk for o in others]
    row = (
        Block.objects.filter(
            Q(blocker=user, blocked_id__in=other_ids) | Q(blocked=user, blocker_id__in=other_ids)
        )
        .select_related("blocker", "blocked")
        .first()
    )
    if row is None:
        return None
    return row.blocked if row.blocker_id == user.pk else row.blocker


def start_conversation(
    *,
    author: User,
    recipients: Sequence[User],
    body: str,
    subject: str = "",
    ip: str | None = None,
) -> Conversation:
    others = [r for r in dict.fromkeys(recipients) if r.pk != author.pk]
    if not others:
        raise MessageRefused("Choose at least one other member to write to.")
    if len(others) + 1 > MAX_PARTICIPANTS:
        raise MessageRefused(
            f"A conversation can have at most {MAX_PARTICIPANTS} people, you included."
        )
    inactive = [o.username for o in others if not o.is_active]
    if inactive:
        raise MessageRefused(f"{', '.join(inactive)} cannot receive messages.")
    check_can_message(author)
    blocked = _blocked_between(author, others)
    if blocked is not None:
        raise MessageRefused(
            f"You cannot write to {blocked.username}: one of you has blocked the other."
        )
    _rate_limit(author, ip)
    with transaction.atomic():
        conversation = Conversation.objects.create(subject=subject.strip(), created_by=author)
        now = timezone.now()
        Participant.objects.bulk_create(
            [
                Participant(
                    conversation=conversation, user=u, last_read_at=now if u == author else None
                )
                for u in [author, *others]
            ]
        )
        _add_message(conversation, author, body)
    return conversation


def _rate_limit(author: User, ip: str | None) -> None:
    try:
        ratelimit.check("message", user=author, ip=ip)
    except ratelimit.RateLimited as limited:
        raise MessageRefused(limited.message) from limited


def _add_message(conversation: Conversation, author: User, body: str) -> Message:
    message = Message.objects.create(conversation=conversation, author=author, body=body)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Participant.objects.filter(conversation=conversation, user=author).update(
        last_read_at=message.created_at
    )
    others = list(
        User.objects.filter(
            conversations__conversation=conversation,
            conversations__left_at__isnull=True,
            is_active=True,
        ).exclude(pk=author.pk)
    )
    blockers = set(
        Block.objects.filter(blocked=author, blocker__in=others).values_list(
            "blocker_id", flat=True
        )
    )
    title = f"{author.name} sent you a message"
    if conversation.subject:
        title += f": {conversation.subject}"
    for other in others:
        if other.pk not in blockers:
            notify(
                other, kinds.MESSAGE, title=title, url=conversation.get_absolute_url(), actor=author
            )
    _kick_worker()
    return message


def _kick_worker() -> None:
    from carecommons.notifications.tasks import kick

    transaction.on_commit(kick.enqueue)


def send_message(
    *, conversation: Conversation, author: User, body: str, ip: str | None = None
) -> Message:
    participant = Participant.objects.filter(conversation=conversation, user=author).first()
    if participant is None or participant.has_left:
        raise MessageRefused("You left this conversation, so you cannot write in it any more.")
    check_can_message(author)
    others = list(
        User.objects.filter(
            conversations__conversation=conversation, conversations__left_at__isnull=True
        ).exclude(pk=author.pk)
    )
    if not others:
        raise MessageRefused("Everyone else has left this conversation.")
    if len(others) == 1 and _blocked_between(author, others) is not None:
        raise MessageRefused(
            f"You cannot write to {others[0].username}: one of you has blocked the other."
        )
    _rate_limit(author, ip)
    with transaction.atomic():
        return _add_message(conversation, author, body)


def mark_conversation_read(conversation: Conversation, user: User) -> None:
    Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_at=timezone.now()
    )


def leave(conversation: Conversation, user: User) -> bool:
    return bool(
        Participant.objects.filter(
            conversation=conversation, user=user, left_at__isnull=True
        ).update(left_at=timezone.now())
    )


def block(blocker: User, blocked: User) -> bool:
    created = accounts.block(blocker, blocked)
    return created


def unblock(blocker: User, blocked: User) -> bool:
    return accounts.unblock(blocker, blocked)


def report(conversation: Conversation, *, reporter: User, reason: str) -> Report:
    """Ask moderators to look. Moderators are notified; the report opens the conversation to
    them (and only this conversation)."""
    with transaction.atomic():
        created = Report.objects.create(
            conversation=conversation, reporter=reporter, reason=reason.strip()
        )
        record("messaging.conversation_reported", actor=reporter, target=conversation)
        moderators = User.objects.filter(
            is_active=True, role_grants__role__in=list(MODERATING_ROLES)
        ).distinct()
        for moderator in moderators:
            notify(
                moderator,
                "message_report",
                title="A private conversation was reported",
                url=created.get_absolute_url(),
            )
    return created


def read_reported(report_: Report, *, moderator: User, request: HttpRequest | None = None) -> None:
    """Every moderator read of a reported conversation goes into the audit log."""
    record(
        "messaging.reported_conversation_read",
        actor=moderator,
        target=report_.conversation,
        data={"report": report_.pk},
        request=request,
    )


def resolve(report_: Report, *, moderator: User, resolution: str) -> None:
    with transaction.atomic():
        Report.objects.filter(pk=report_.pk).update(
            status=Report.Status.RESOLVED,
            resolved_by=moderator,
            resolved_at=timezone.now(),
            resolution=resolution.strip()[:500],
        )
        record(
            "messaging.report_resolved",
            actor=moderator,
            target=report_.conversation,
            reason=resolution,
            data={"report": report_.pk},
        )
