"""Email: coalesced bursts, digests once per period, unsubscribe, and delivery that survives
an SMTP outage and then sends each email exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from carecommons.notifications import emails, services
from carecommons.notifications.models import Digest, Notification, OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, kind="reply", n=1, discussion=None):
    for i in range(n):
        services.notify(
            user,
            kind,
            title=f"Reply {i} for you",
            url=f"/discussions/1/r/{i + 1}/",
            discussion=discussion,
        )


def test_burst_of_replies_becomes_one_email_after_the_wait(member):
    _notify(member, n=5)
    now = timezone.now()
    assert emails.send_immediate(now) == 0, "nothing is due before the coalescing wait"
    later = now + timedelta(seconds=services.coalesce_seconds() + 1)
    assert emails.send_immediate(later) == 1
    assert emails.send_immediate(later) == 0
    row = OutgoingEmail.objects.get()
    assert row.subject == "5 new notifications"
    assert row.text.count("/discussions/1/r/") == 5
    assert row.html.count("<li>") == 5
    emails.deliver_outbox(later)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_notification_read_on_the_site_is_not_emailed(member):
    _notify(member)
    services.mark_read(member)
    assert emails.send_immediate(timezone.now() + timedelta(hours=1)) == 0
    assert Notification.objects.get().emailed_at is not None


def test_never_means_no_email_and_no_unconfirmed_address(member, unverified):
    services.set_email_frequency(member, "reply", "never")
    _notify(member)
    _notify(unverified)
    later = timezone.now() + timedelta(hours=1)
    assert emails.send_immediate(later) == 0
    assert emails.send_digests(later) == 0
    assert OutgoingEmail.objects.count() == 0


def test_daily_digest_once_per_period_even_when_run_again(member, settings):
    settings.CARECOMMONS_DIGEST_HOUR = 7
    services.set_email_frequency(member, "discussion", "daily")
    _notify(member, kind="discussion", n=3)
    tz = ZoneInfo(settings.TIME_ZONE)
    tomorrow = timezone.localtime().date() + timedelta(days=1)
    before = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 6, 59, tzinfo=tz)
    after = before + timedelta(minutes=2)
    assert emails.send_digests(before) == 0
    assert emails.send_digests(after) == 1
    # A restarted worker runs the same period again: the Digest row stops a second email.
    Notification.objects.update(emailed_at=None)
    assert emails.send_digests(after) == 0
    assert emails.send_digests(after + timedelta(hours=3)) == 0
    assert Digest.objects.count() == 1
    assert OutgoingEmail.objects.get().subject == "Daily digest: 3 new"


def test_weekly_digest_waits_for_monday(member, settings):
    settings.CARECOMMONS_DIGEST_HOUR = 7
    services.set_email_frequency(member, "group", "weekly")
    _notify(member, kind="group")
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localtime().date()
    monday = today + timedelta(days=7 - today.weekday())
    at = datetime(monday.year, monday.month, monday.day, 8, 0, tzinfo=tz)
    assert emails.send_digests(at) == 1
    assert emails.send_digests(at + timedelta(days=2)) == 0


def test_unsubscribe_token_round_trip_and_tampering(member):
    token = services.unsubscribe_token(member, ["mention", "reply"])
    assert services.read_unsubscribe_token(token) == (member, ["mention", "reply"])
    assert services.read_unsubscribe_token(token[:-2] + "xx") is None


@pytest.mark.smtp
def test_smtp_outage_retries_with_backoff_then_delivers_exactly_once(smtp):
    member = UserFactory(username="waiting_wren")
    _notify(member, n=2)
    now = timezone.now() + timedelta(seconds=services.coalesce_seconds() + 1)
    assert emails.send_immediate(now) == 1

    smtp.stop()
    assert emails.deliver_outbox(now) == (0, 1)
    row = OutgoingEmail.objects.get()
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    assert row.next_attempt_at == now + emails.backoff(1)
    # Still down at the next try, which waits twice as long afterwards.
    assert emails.deliver_outbox(now) == (0, 0), "not retried before its backoff"
    retry = now + emails.backoff(1)
    assert emails.deliver_outbox(retry) == (0, 1)
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at == retry + emails.backoff(2)

    smtp.start()
    back = retry + emails.backoff(2)
    assert emails.deliver_outbox(back) == (1, 0)
    assert emails.deliver_outbox(back + timedelta(hours=1)) == (0, 0)
    received = [m for m in smtp.mailbox.messages if member.email in m["X-Envelope-To"]]
    assert len(received) == 1
    assert received[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {p.get_content_type() for p in received[0].walk()} >= {"text/plain", "text/html"}
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at is not None


def test_backoff_doubles_and_is_capped():
    assert [emails.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert emails.backoff(30) == timedelta(hours=1)
