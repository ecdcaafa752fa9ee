"""The one way any capability tells a member something: `notify()`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.notifications.models import Notification


def notify(
    recipient: User,
    kind: str,
    *,
    title: str,
    url: str,
    actor: User | None = None,
    discussion: Any = None,
) -> Notification | None:
    """Record a notification for `recipient` (never for the actor themselves).

    `kind` is a short word such as "reply", "mention", "care_request" or "registry"; it decides
    which email preference applies. `url` is a path on this site.
    """
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        title=title[:300],
        url=url,
        discussion=discussion,
    )


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def unread_count(recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
