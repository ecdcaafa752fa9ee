"""The write side of notifications: `notify()`, follows, email preferences, unsubscribe.

`notify()` is the one way any capability tells a member something. Email is never sent from
here: a notification only records how and when it should be emailed; the worker's tick
(`tasks.tick`) builds and delivers the emails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.notifications import mentions
from carecommons.notifications.kinds import KINDS, Frequency, default_frequency
from carecommons.notifications.models import EmailPreference, Follow, Notification

UNSUBSCRIBE_SALT = "carecommons.notifications.unsubscribe"


def coalesce_seconds() -> int:
    # Immediate email waits this long, so a burst of replies arrives as one email.
    return settings.CARECOMMONS_EMAIL_COALESCE_SECONDS


@dataclass(frozen=True)
class Pending:
    """A notification to create, before preferences decide its delivery."""

    recipient_id: int
    kind: str
    title: str
    url: str
    actor_id: int | None = None
    discussion_id: int | None = None


def frequencies_for(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """Stored preferences for these members and kinds, in one query."""
    rows = EmailPreference.objects.filter(user_id__in=list(user_ids), kind__in=list(kinds))
    return {(row.user_id, row.kind): row.frequency for row in rows}


def _build(item: Pending, frequency: str, now: Any) -> Notification:
    return Notification(
        recipient_id=item.recipient_id,
        kind=item.kind,
        actor_id=item.actor_id,
        title=item.title[:300],
        url=item.url,
        discussion_id=item.discussion_id,
        created_at=now,
        delivery=frequency,
        email_after=now + timedelta(seconds=coalesce_seconds())
        if frequency == Frequency.IMMEDIATELY
        else None,
    )


def notify(
    recipient: User,
    kind: str,
    *,
    title: str,
    url: str,
    actor: User | None = None,
    discussion: Any = None,
    email: bool = True,
) -> Notification | None:
    """Record a notification for `recipient` (never for the actor themselves).

    `kind` is a short word such as "reply", "mention", "care_request" or "registry"; it decides
    which email preference applies. `url` is a path on this site. A caller that sends its own,
    fuller email about the same event passes `email=False`, so the member is not told twice.
    """
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    item = Pending(
        recipient_id=recipient.pk,
        kind=kind,
        title=title,
        url=url,
        actor_id=actor.pk if actor else None,
        discussion_id=discussion.pk if discussion is not None else None,
    )
    if email:
        frequency = frequencies_for([recipient.pk], [kind]).get(
            (recipient.pk, kind), default_frequency(kind)
        )
    else:
        frequency = Frequency.NEVER
    notification = _build(item, frequency, timezone.now())
    notification.save()
    return notification


def notify_many(items: list[Pending], *, batch_size: int = 500) -> int:
    """Create many notifications with two queries per batch (preferences, insert)."""
    created = 0
    now = timezone.now()
    for start in range(0, len(items), batch_size):
        batch = items[start : start + batch_size]
        stored = frequencies_for({i.recipient_id for i in batch}, {i.kind for i in batch})
        rows = [
            _build(i, stored.get((i.recipient_id, i.kind), default_frequency(i.kind)), now)
            for i in batch
        ]
        Notification.objects.bulk_create(rows, batch_size=batch_size)
        created += len(rows)
    return created


def mark_read(recipient: User, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def mark_discussion_read(recipient: User, discussion_id: int) -> int:
    return Notification.objects.filter(
        recipient=recipient, discussion_id=discussion_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def unread_count(recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()


# --- following ---------------------------------------------------------------------------


def _follow(user: User, *, muted: bool = False, automatic: bool = False, **target: Any) -> Follow:
    follow, created = Follow.objects.get_or_create(
        user=user, **target, defaults={"muted": muted, "automatic": automatic}
    )
    if not created and not automatic and follow.muted != muted:
        # An explicit choice always wins; posting again never un-mutes a discussion.
        follow.muted = muted
        follow.automatic = False
        follow.save(update_fields=["muted", "automatic"])
    return follow


def follow_discussion(user: User, discussion: Any, *, automatic: bool = False) -> Follow:
    return _follow(user, automatic=automatic, discussion=discussion)


def mute_discussion(user: User, discussion: Any) -> Follow:
    return _follow(user, muted=True, discussion=discussion)


def follow_group(user: User, group: Any) -> Follow:
    return _follow(user, group=group)


def follow_member(user: User, member: User) -> Follow | None:
    if member.pk == user.pk:
        return None
    return _follow(user, member=member)


def unfollow(user: User, **target: Any) -> bool:
    deleted, _ = Follow.objects.filter(user=user, **target).delete()
    return bool(deleted)


def remove_follow(user: User, follow_id: int) -> bool:
    deleted, _ = Follow.objects.filter(user=user, pk=follow_id).delete()
    return bool(deleted)


# --- email preferences and unsubscribe ----------------------------------------------------


def email_frequency(user: User, kind: str) -> str:
    return frequencies_for([user.pk], [kind]).get((user.pk, kind), default_frequency(kind))


def set_email_frequency(user: User, kind: str, frequency: str) -> None:
    if frequency not in Frequency.values:
        raise ValueError(f"unknown frequency {frequency!r}")
    with transaction.atomic():
        updated = EmailPreference.objects.filter(user=user, kind=kind).update(frequency=frequency)
        if not updated:
            try:
                with transaction.atomic():
                    EmailPreference.objects.create(user=user, kind=kind, frequency=frequency)
            except IntegrityError:
                # Two tabs saved at once: the other one created the row; set it.
                EmailPreference.objects.filter(user=user, kind=kind).update(frequency=frequency)


def email_preferences(user: User) -> dict[str, str]:
    stored = frequencies_for([user.pk], KINDS)
    return {key: stored.get((user.pk, key), kind.default) for key, kind in KINDS.items()}


def unsubscribe_token(user: User | int, kinds: Iterable[str]) -> str:
    user_id = user if isinstance(user, int) else user.pk
    return signing.dumps({"u": user_id, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[User, list[str]] | None:
    """The member and kinds a link stands for, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    kinds = [k for k in data.get("k", []) if isinstance(k, str) and k in KINDS]
    if user is None or not kinds:
        return None
    return user, kinds


def unsubscribe(user: User, kinds: Iterable[str]) -> list[str]:
    done = []
    for kind in kinds:
        if kind in KINDS:
            set_email_frequency(user, kind, Frequency.NEVER)
            done.append(kind)
    return done


# --- hooks from the community ---------------------------------------------------------------


def members_by_username(names: Iterable[str]) -> dict[str, User]:
    wanted = [name.lower() for name in names]
    if not wanted:
        return {}
    found = User.objects.annotate(lower_name=Lower("username")).filter(
        lower_name__in=wanted, is_active=True
    )
    return {user.username.lower(): user for user in found}


def link_post_mentions(html: str, *, text: str) -> str:
    """`community.render_post` filter: link @mentions of existing members to their profile."""
    names = mentions.usernames_in(text)
    if not names:
        return html
    known = {key: user.username for key, user in members_by_username(names).items()}
    return mentions.link_mentions(html, known, lambda username: f"/u/{username}/")


def on_post_created(*, post: Any) -> None:
    """`community.post_created`: the author follows the discussion; fan-out goes to a task.

    Runs inside the posting transaction, so the follow commits with the post; the fan-out is
    enqueued on commit, so a rolled-back post notifies nobody and the request never waits on
    however many followers there are.
    """
    from carecommons.notifications import tasks

    discussion = getattr(post, "discussion", None) or post
    follow_discussion(post.author, discussion, automatic=True)
    if post.is_published:
        _enqueue_fan_out(tasks, post)


def on_post_visibility_changed(*, post: Any) -> None:
    """A post approved by a moderator notifies people then (the fan-out skips repeats)."""
    from carecommons.notifications import tasks

    if post.is_published:
        _enqueue_fan_out(tasks, post)


def _enqueue_fan_out(tasks: Any, post: Any) -> None:
    kind = "reply" if hasattr(post, "number") else "discussion"
    post_id = post.pk
    transaction.on_commit(lambda: tasks.fan_out_post.enqueue(kind, post_id))
