"""Building notification emails (coalesced and digests) and draining the outbox.

Everything here runs in the worker. Building an email and marking its notifications as
emailed happen in one transaction together with the outbox row, so a crash either keeps all
three or none; delivery then retries the outbox row until the SMTP server accepts it.
"""

from __future__ import annotations

import email.policy
import logging
from collections import OrderedDict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.core.mail import render_email
from carecommons.notifications.kinds import KINDS, Frequency
from carecommons.notifications.models import Digest, Notification, OutgoingEmail
from carecommons.notifications.services import unsubscribe_token

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
BATCH = 200


def digest_hour() -> int:
    return settings.CARECOMMONS_DIGEST_HOUR


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … doubling, at most an hour between tries."""
    return timedelta(seconds=min(30 * 2 ** max(0, attempts - 1), 3600))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _groups(notifications: list[Notification]) -> list[dict[str, Any]]:
    grouped: OrderedDict[Any, dict[str, Any]] = OrderedDict()
    for n in notifications:
        key = n.discussion_id or f"n{n.pk}"
        entry = grouped.setdefault(
            key,
            {"title": n.discussion.title if n.discussion else n.title, "items": []},
        )
        entry["items"].append({"title": n.title, "url": absolute(n.url), "at": n.created_at})
    return list(grouped.values())


def _outbox_row(user: User, notifications: list[Notification], heading: str) -> OutgoingEmail:
    kinds_in = sorted({n.kind for n in notifications if n.kind in KINDS})
    token = unsubscribe_token(user, kinds_in or list(KINDS))
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[token]))
    context = {
        "member": user,
        "heading": heading,
        "groups": _groups(notifications),
        "count": len(notifications),
        "kind_labels": [KINDS[k].label.lower() for k in kinds_in],
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("notifications:settings")),
        "centre_url": absolute(reverse("notifications:centre")),
    }
    subject, text, html = render_email("notifications/email/notifications", context)
    return OutgoingEmail.objects.create(
        recipient=user,
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _can_email(user: User) -> bool:
    return user.is_active and bool(user.email) and user.email_verified


def _claim(recipient_id: int, due: Q, now: datetime) -> tuple[User | None, list[Notification]]:
    """Inside a transaction: take this member's waiting notifications matching `due`."""
    waiting = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(due, recipient_id=recipient_id, emailed_at__isnull=True)
        .select_related("discussion", "recipient")
        .order_by("created_at", "pk")
    )
    if not waiting:
        return None, []
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    user = waiting[0].recipient
    unread = [n for n in waiting if n.read_at is None]
    # A notification already read on the site needs no email.
    return (user if _can_email(user) else None), unread


def send_immediate(now: datetime | None = None) -> int:
    """One email per member whose oldest waiting immediate notification is due.

    Every waiting immediate notification of that member goes into it, so a burst of replies
    is one email.
    """
    now = now or timezone.now()
    due_members = list(
        Notification.objects.filter(
            delivery=Frequency.IMMEDIATELY, emailed_at__isnull=True, email_after__lte=now
        )
        .values_list("recipient_id", flat=True)
        .distinct()[:BATCH]
    )
    queued = 0
    for recipient_id in due_members:
        with transaction.atomic():
            user, unread = _claim(
                recipient_id, Q(delivery=Frequency.IMMEDIATELY, email_after__isnull=False), now
            )
            if user is not None and unread:
                heading = (
                    unread[0].title if len(unread) == 1 else f"{len(unread)} new notifications"
                )
                _outbox_row(user, unread, heading)
                queued += 1
    return queued


def period_for(frequency: str, now: datetime) -> tuple[date, datetime] | None:
    """The digest period due at `now` (its key date and cut-off), or None before the hour."""
    local = timezone.localtime(now)
    cutoff = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    if local < cutoff:
        return None
    if frequency == Frequency.WEEKLY:
        if local.weekday() != 0:
            # Weekly digests go out on Mondays; later in the week the Monday period stands.
            cutoff -= timedelta(days=local.weekday())
        return cutoff.date(), cutoff
    return cutoff.date(), cutoff


def send_digests(now: datetime | None = None) -> int:
    """Daily and weekly digests; the Digest row makes each one at most once per period."""
    now = now or timezone.now()
    queued = 0
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        period = period_for(frequency, now)
        if period is None:
            continue
        period_start, cutoff = period
        members = list(
            Notification.objects.filter(
                delivery=frequency, emailed_at__isnull=True, created_at__lt=cutoff
            )
            .values_list("recipient_id", flat=True)
            .distinct()[:BATCH]
        )
        for recipient_id in members:
            with transaction.atomic():
                digest, created = Digest.objects.get_or_create(
                    recipient_id=recipient_id, frequency=frequency, period_start=period_start
                )
                if not created:
                    continue
                user, unread = _claim(
                    recipient_id, Q(delivery=frequency, created_at__lt=cutoff), now
                )
                digest.notification_count = len(unread)
                digest.save(update_fields=["notification_count"])
                if user is not None and unread:
                    label = "Daily" if frequency == Frequency.DAILY else "Weekly"
                    _outbox_row(user, unread, f"{label} digest: {len(unread)} new")
                    queued += 1
    return queued


class _OutboxMessage(EmailMultiAlternatives):
    """Headers are never folded below the RFC 5322 limit: a folded List-Unsubscribe URL
    (one long word) would be turned into an encoded word that mail programs cannot use."""

    def message(self, *, policy: Any = None) -> Any:
        policy = (policy or email.policy.default).clone(max_line_length=998)
        return super().message(policy=policy)


def _message(row: OutgoingEmail) -> EmailMultiAlternatives:
    message = _OutboxMessage(
        subject=row.subject,
        body=row.text,
        to=[row.to],
        headers={
            **row.headers,
            # A stable id per outbox row lets a receiving server drop a duplicate if a
            # worker crashed between the server's "250 OK" and our commit.
            "Message-ID": f"<outbox-{row.pk}.{row.created_at:%Y%m%d%H%M%S}@carecommons>",
        },
    )
    message.attach_alternative(row.html, "text/html")
    return message


def deliver_outbox(now: datetime | None = None, limit: int = BATCH) -> tuple[int, int]:
    """Send due outbox rows over one connection; returns (sent, failed attempts).

    A row is claimed for five minutes before sending, so a second worker skips it; a row the
    server refused waits `backoff(attempts)` before the next try. When the server is down the
    batch stops at the first failure: the rest would fail the same way.
    """
    now = now or timezone.now()
    due = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")[:limit]
    )
    sent = failed = 0
    mailer = mailers.default
    opened = False
    try:
        for row in due:
            claimed = (
                OutgoingEmail.objects.filter(pk=row.pk, status=OutgoingEmail.Status.PENDING)
                .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
                .update(claimed_until=now + timedelta(minutes=5))
            )
            if not claimed:
                continue
            try:
                if not opened:
                    mailer.open()
                    opened = True
                if mailer.send_messages([_message(row)]) != 1:
                    raise ConnectionError("the mail server did not accept the message")
            except Exception as error:
                attempts = row.attempts + 1
                status = (
                    OutgoingEmail.Status.FAILED
                    if attempts >= MAX_ATTEMPTS
                    else OutgoingEmail.Status.PENDING
                )
                OutgoingEmail.objects.filter(pk=row.pk).update(
                    attempts=attempts,
                    status=status,
                    next_attempt_at=now + backoff(attempts),
                    claimed_until=None,
                    last_error=f"{type(error).__name__}: {error}"[:500],
                )
                log.warning("email %s not sent (attempt %s): %s", row.pk, attempts, error)
                failed += 1
                break
            OutgoingEmail.objects.filter(pk=row.pk).update(
                status=OutgoingEmail.Status.SENT,
                sent_at=timezone.now(),
                attempts=row.attempts + 1,
                claimed_until=None,
                last_error="",
            )
            sent += 1
    finally:
        if opened:
            try:
                mailer.close()
            except Exception:
                log.info("closing the mail connection failed", exc_info=True)
    return sent, failed
