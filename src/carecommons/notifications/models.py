from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from carecommons.notifications.kinds import Frequency


class Notification(models.Model):
    """One thing a member should hear about, shown in the notification centre."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, help_text="Where clicking the notification leads.")
    discussion = models.ForeignKey(
        "community.Discussion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Notifications about one discussion are grouped together.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How this notification reaches the inbox, fixed when it is created from the member's
    # preference, so changing a preference later never re-sends or loses one.
    delivery = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    # Immediate email waits until this moment so a burst of replies becomes one email.
    email_after = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_email_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient}: {self.title}"


class Follow(models.Model):
    """A member follows (or mutes) one discussion, one group or one member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    discussion = models.ForeignKey(
        "community.Discussion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        "community.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    muted = models.BooleanField(
        default=False, help_text="Muted: no notifications from it except direct mentions."
    )
    automatic = models.BooleanField(default=False, help_text="Followed by posting in it.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(discussion__isnull=False, group__isnull=True, member__isnull=True)
                    | Q(discussion__isnull=True, group__isnull=False, member__isnull=True)
                    | Q(discussion__isnull=True, group__isnull=True, member__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                "user", "discussion", condition=Q(discussion__isnull=False), name="follow_disc"
            ),
            models.UniqueConstraint(
                "user", "group", condition=Q(group__isnull=False), name="follow_group"
            ),
            models.UniqueConstraint(
                "user", "member", condition=Q(member__isnull=False), name="follow_member"
            ),
        ]

    def __str__(self) -> str:
        target = self.discussion_id or self.group_id or self.member_id
        return f"{self.user_id} follows {target}"


class EmailPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=40)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [models.UniqueConstraint("user", "kind", name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"


class Digest(models.Model):
    """One digest per member and period: the row is the proof it was built, so a worker
    restart never sends the same digest twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period_start = models.DateField()
    notification_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "recipient", "frequency", "period_start", name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period_start} for {self.recipient_id}"


class OutgoingEmail(models.Model):
    """An email waiting for (or done with) the SMTP server: the outbox the worker drains.

    Written in the same transaction as the notifications it reports, so nothing is lost, and
    claimed before sending, so two workers never send one row twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.status})"


class SchedulerState(models.Model):
    """The single row that keeps one self-rescheduling tick chain alive (see docs)."""

    name = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=40)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} next at {self.next_run_at}"
