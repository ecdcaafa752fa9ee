"""The read side of moderation: the queue, the waiting discussions, saved replies, the log."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.audit.models import AuditEntry
from carecommons.community import selectors as community
from carecommons.community.models import Discussion, Group, PostStatus, Reply
from carecommons.moderation.models import Flag, FlagReason, HelpfulMark, Sanction, SavedReply


@dataclass
class QueueItem:
    """One post in the queue with every open flag on it (the most urgent decides its place)."""

    discussion: Discussion
    reply: Reply | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def post(self) -> Discussion | Reply:
        return self.reply if self.reply is not None else self.discussion

    @property
    def kind(self) -> str:
        return "r" if self.reply is not None else "d"

    @property
    def first(self) -> Flag:
        return self.flags[0]

    @property
    def in_danger(self) -> bool:
        return any(flag.reason == FlagReason.DANGER for flag in self.flags)

    @property
    def awaiting_approval(self) -> bool:
        return self.post.status == PostStatus.PENDING

    @property
    def waiting_since(self) -> datetime:
        return min(flag.created_at for flag in self.flags)


def queue() -> list[QueueItem]:
    """Open flags grouped by post, ordered by priority then age, in one query."""
    flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related(
            "discussion",
            "discussion__group",
            "discussion__author",
            "reply",
            "reply__author",
            "reporter",
        )
        .order_by("priority", "created_at", "pk")
    )
    items: dict[tuple[int, int | None], QueueItem] = {}
    for flag in flags:
        key = (flag.discussion_id, flag.reply_id)
        if key not in items:
            items[key] = QueueItem(discussion=flag.discussion, reply=flag.reply)
        items[key].flags.append(flag)
    return list(items.values())


def message_reports() -> tuple[bool, list[Any]]:
    """Reports on private messages from the messaging app, when it offers them."""
    try:
        messaging = importlib.import_module("carecommons.messaging.selectors")
    except ImportError:
        return False, []
    open_reports: Callable[[], Any] | None = getattr(messaging, "open_reports", None)
    if open_reports is None:
        return False, []
    return True, list(open_reports())


def waiting_discussions(hours: int, *, now: datetime | None = None) -> QuerySet[Discussion]:
    """Discussions nobody but their author has answered after `hours`, oldest first per group."""
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    return (
        Discussion.objects.filter(
            status=PostStatus.PUBLISHED,
            deleted_at__isnull=True,
            answered=False,
            is_locked=False,
            created_at__lte=cutoff,
        )
        .select_related("group", "author")
        .order_by("group__position", "group__name", "created_at", "pk")
    )


def saved_replies_for(user: User) -> QuerySet[SavedReply]:
    return SavedReply.objects.filter(Q(owner=user) | Q(owner__isnull=True)).order_by(
        "owner_id", "title", "pk"
    )


def related_discussions(user: Any, query: str, *, exclude: int | None = None) -> list[Discussion]:
    words = query.split()
    if not words:
        return []
    found = community.visible_discussions(user).select_related("group")
    for word in words[:6]:
        found = found.filter(title__icontains=word)
    if exclude:
        found = found.exclude(pk=exclude)
    return list(found.order_by("-last_activity_at")[:8])


def helpful_numbers(discussion: Discussion) -> list[int]:
    return list(
        HelpfulMark.objects.filter(discussion=discussion).values_list("reply__number", flat=True)
    )


def moderation_log(*, actor: str = "", action: str = "", target: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(action__startswith="moderation.").order_by("-at", "-pk")
    if actor:
        entries = entries.filter(actor_label__iexact=actor.strip())
    if action:
        entries = entries.filter(action__icontains=action.strip())
    if target:
        entries = entries.filter(target_label__icontains=target.strip())
    return entries


def member_sanctions(member: User) -> QuerySet[Sanction]:
    return Sanction.objects.filter(member=member).select_related("by")


def groups_for_moving() -> QuerySet[Group]:
    return Group.objects.order_by("position", "name")


def find_post(kind: str, pk: int) -> Discussion | Reply | None:
    if kind == "d":
        return Discussion.objects.select_related("group", "author").filter(pk=pk).first()
    if kind == "r":
        return (
            Reply.objects.select_related("discussion", "discussion__group", "author")
            .filter(pk=pk)
            .first()
        )
    return None
