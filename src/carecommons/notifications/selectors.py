"""The read side of notifications: every query a notifications page needs lives here."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from carecommons.accounts.models import User
from carecommons.community.models import Discussion, Membership, Reply
from carecommons.notifications import mentions
from carecommons.notifications.models import Follow, Notification

CENTRE_LIMIT = 100


@dataclass
class Thread:
    """Notifications about one discussion (or one stand-alone notification)."""

    key: str
    title: str
    discussion_id: int | None
    items: list[Notification] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for n in self.items if n.read_at is None)


def centre(user: User, limit: int = CENTRE_LIMIT) -> list[Thread]:
    """The latest notifications grouped by discussion, newest group first: one query."""
    latest = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "discussion")
        .order_by("-created_at", "-pk")[:limit]
    )
    threads: OrderedDict[str, Thread] = OrderedDict()
    for n in latest:
        key = f"d{n.discussion_id}" if n.discussion_id else f"n{n.pk}"
        if key not in threads:
            title = n.discussion.title if n.discussion else n.title
            threads[key] = Thread(key=key, title=title, discussion_id=n.discussion_id)
        threads[key].items.append(n)
    return list(threads.values())


def follows(user: User) -> dict[str, list[Follow]]:
    rows = Follow.objects.filter(user=user).select_related("discussion", "group", "member")
    grouped: dict[str, list[Follow]] = {"discussions": [], "muted": [], "groups": [], "members": []}
    for row in rows.order_by("-created_at", "-pk"):
        if row.discussion_id:
            grouped["muted" if row.muted else "discussions"].append(row)
        elif row.group_id:
            grouped["groups"].append(row)
        else:
            grouped["members"].append(row)
    return grouped


def follow_of(user: Any, **target: Any) -> Follow | None:
    if not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, **target).first()


def mention_candidates(
    query: str,
    *,
    viewer: User,
    discussion: Discussion | None = None,
    group_id: int | None = None,
    limit: int = 8,
) -> list[User]:
    """Members whose name starts with `query`, people in this discussion first, then this
    group's members, then everyone else. One query.

    Authors of anonymous posts do not count as "in this discussion": ranking them first would
    hint at who wrote them.
    """
    query = query.strip().lstrip("@")[:30]
    users = User.objects.filter(is_active=True).exclude(pk=viewer.pk)
    if query:
        users = users.filter(Q(username__istartswith=query) | Q(display_name__istartswith=query))
    closeness: Any = Value(0)
    whens = []
    if discussion is not None:
        in_discussion = Q(pk=discussion.author_id) if not discussion.is_anonymous else Q(pk__in=[])
        replied = Reply.objects.filter(
            discussion=discussion, author=OuterRef("pk"), is_anonymous=False
        )
        users = users.annotate(replied=Exists(replied))
        whens.append(When(in_discussion | Q(replied=True), then=Value(2)))
        group_id = group_id or discussion.group_id
    if group_id is not None:
        users = users.annotate(
            in_group=Exists(Membership.objects.filter(group_id=group_id, user=OuterRef("pk")))
        )
        whens.append(When(in_group=True, then=Value(1)))
    if whens:
        closeness = Case(*whens, default=Value(0), output_field=IntegerField())
    ranked = users.annotate(closeness=closeness).order_by("-closeness", "username")[:limit]
    found = list(ranked)
    order = mentions.rank(((u.username, u.closeness) for u in found), limit)
    by_name = {u.username: u for u in found}
    return [by_name[name] for name in order]


def unread_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)
