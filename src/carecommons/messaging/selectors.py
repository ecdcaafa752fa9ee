"""The read side of private messages."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from carecommons.accounts.models import Block, User
from carecommons.messaging.models import Conversation, Message, Participant, Report

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def inbox(user: User) -> QuerySet[Conversation]:
    """The member's conversations, newest first, with who is in them and an unread flag."""
    mine = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
    return (
        Conversation.objects.filter(participants__user=user)
        .annotate(
            has_left=Exists(mine.filter(left_at__isnull=False)),
            my_last_read=Coalesce(Subquery(mine.values("last_read_at")[:1]), Value(EPOCH)),
        )
        .annotate(
            unread=Exists(
                Message.objects.filter(
                    conversation=OuterRef("pk"), created_at__gt=OuterRef("my_last_read")
                ).exclude(author=user)
            )
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user").order_by("joined_at", "pk"),
            )
        )
        .order_by("-last_message_at", "-pk")
    )


def conversation_for(pk: int) -> Conversation | None:
    return (
        Conversation.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user").order_by("joined_at", "pk"),
            )
        )
        .first()
    )


def messages_of(conversation: Conversation) -> QuerySet[Message]:
    return Message.objects.filter(conversation=conversation).select_related("author")


def open_reports() -> QuerySet[Report]:
    """Reports moderators have not resolved yet, oldest first — for the moderation queue."""
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("reporter", "conversation")
        .order_by("created_at", "pk")
    )


def all_reports() -> QuerySet[Report]:
    return Report.objects.select_related("reporter", "conversation", "resolved_by").order_by(
        F("resolved_at").asc(nulls_first=True), "-created_at"
    )


def blocked_members(user: User) -> QuerySet[Block]:
    return (
        Block.objects.filter(blocker=user).select_related("blocked").order_by("blocked__username")
    )


def members_named(names: list[str]) -> tuple[list[User], list[str]]:
    """Members for typed usernames (any case); and the names that matched nobody."""
    found: list[User] = []
    missing: list[str] = []
    for name in names:
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            missing.append(name)
        else:
            found.append(user)
    return found, missing
