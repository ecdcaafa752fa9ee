"""Flags, the moderation queue, sanctions, guidelines, saved replies and the community knobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_GUIDELINES = """\
## Who we are

We are patients, parents, partners and friends. Nobody here is your doctor, and nobody here
can see your test results the way your care team can.

## Share experience, not medical advice

- Tell what happened to you or the person you care for, and what you learned.
- Do not tell someone to start, stop or change a medicine or a dose. Suggest questions to ask
  their care team instead.
- If something sounds urgent (a fever with very low counts, trouble breathing, chest pain,
  signs of a stroke, thoughts of ending one's life), say so kindly and point to emergency help.

## Be kind

- Assume good intent. Many members are tired and frightened.
- No insults, pile-ons or mocking. Disagree with ideas, not with people.

## Protect privacy

- Do not post phone numbers, addresses, dates of birth or medical record numbers, yours or
  anyone else's.
- Ask before sharing someone else's story.

## What moderators do

Moderators and volunteer mentors keep the community safe. They may hide, edit (with a visible
reason), move or lock posts, and warn, suspend or ban members who break these guidelines. You
are always told what happened and why. Use **Flag** on any post that worries you.
"""


class ModerationSettings(models.Model):
    """The community knobs administrators change at run time (one row)."""

    new_member_approvals = models.PositiveIntegerField(
        "posts that wait for approval",
        default=2,
        help_text="How many of a new member's first posts a moderator approves before the rest "
        "appear at once. 0 switches approval off.",
    )
    hold_links_from_new_members = models.BooleanField(
        default=True,
        help_text="Posts with web links from members who are still new wait for approval.",
    )
    new_member_days = models.PositiveIntegerField(
        "days a member counts as new for links",
        default=7,
        help_text="Links are held while the member joined fewer than this many days ago, or "
        "still has posts waiting for approval.",
    )
    waiting_hours = models.PositiveIntegerField(
        "hours before a discussion counts as waiting",
        default=12,
        help_text="A discussion with no reply from anyone but its author after this many "
        "hours appears in the mentors' “waiting for an answer” queue.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "community settings"
        verbose_name_plural = "community settings"

    def __str__(self) -> str:
        return "Community settings"


class RateLimitSetting(models.Model):
    """An administrator's limit for one scope, overriding the default from settings.py."""

    class Scope(models.TextChoices):
        POST = "post", "Posting (discussions and replies)"
        SIGNUP = "signup", "Sign-up"
        LOGIN = "login", "Sign-in attempts"
        PASSWORD_RESET = "password_reset", "Password reset emails"
        MESSAGE = "message", "Private messages"
        FLAG = "flag", "Flags"
        ASK = "ask", "Questions to experts"

    settings_row = models.ForeignKey(
        ModerationSettings, on_delete=models.CASCADE, related_name="rate_limits"
    )
    scope = models.CharField(max_length=20, choices=Scope.choices, unique=True)
    count = models.PositiveIntegerField(
        help_text="Attempts allowed per account (an IP address gets five times as many)."
    )
    window_minutes = models.PositiveIntegerField(help_text="Length of the counting window.")

    class Meta:
        ordering = ["scope"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.count} per {self.window_minutes} min"


class Guidelines(models.Model):
    """The community guidelines page (one row; administrators edit it in the app)."""

    body = models.TextField(default=DEFAULT_GUIDELINES)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "guidelines"

    def __str__(self) -> str:
        return f"Community guidelines ({self.updated_at:%Y-%m-%d})"


class GuidelinesAcknowledgement(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidelines_read"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} read the guidelines"


class FlagReason(models.TextChoices):
    DANGER = "danger", "Someone may be in danger"
    MISINFORMATION = "misinformation", "Medical misinformation"
    HARASSMENT = "harassment", "Harassment"
    PRIVATE_INFO = "private_info", "Shares someone's private information"
    SPAM = "spam", "Spam"
    OTHER = "other", "Something else"
    # Not offered to members: the trust rules put a new member's post here.
    APPROVAL = "approval", "Waiting for approval"


MEMBER_REASONS = [choice for choice in FlagReason.choices if choice[0] != FlagReason.APPROVAL]

# Lower comes first in the queue.
PRIORITY = {
    FlagReason.DANGER: 0,
    FlagReason.HARASSMENT: 1,
    FlagReason.PRIVATE_INFO: 1,
    FlagReason.MISINFORMATION: 2,
    FlagReason.APPROVAL: 3,
    FlagReason.SPAM: 4,
    FlagReason.OTHER: 4,
}


class Flag(models.Model):
    """One reason a post needs a moderator: a member's flag, the safety detector or approval."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        ACTIONED = "actioned", "Acted on"

    discussion = models.ForeignKey(
        "community.Discussion", on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "community.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    details = models.TextField(blank=True, max_length=1000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the site raised it (safety detector, approval rules).",
    )
    priority = models.PositiveSmallIntegerField(default=4)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["priority", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "priority", "created_at"], name="flag_queue")]
        constraints = [
            models.UniqueConstraint(
                "discussion",
                "reply",
                "reporter",
                "reason",
                condition=models.Q(status="open"),
                name="one_open_flag_per_reporter_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.post}"

    @property
    def post(self) -> Any:
        """The flagged reply, or the discussion when the flag is on its opening post."""
        return self.reply if self.reply_id else self.discussion


class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(max_length=1000)
    until = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.member}"


class SavedReply(models.Model):
    """A reply a mentor inserts into the composer. No owner means shared with every mentor."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_replies",
        help_text="Empty: shared with every mentor and moderator.",
    )
    title = models.CharField(max_length=80)
    body = models.TextField(
        max_length=5000,
        help_text="Placeholders: {name} (who you answer), {group}, {care_request_url}, "
        "{guidelines_url}.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "saved replies"

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class HelpfulMark(models.Model):
    reply = models.OneToOneField("community.Reply", on_delete=models.CASCADE, related_name="+")
    discussion = models.ForeignKey(
        "community.Discussion", on_delete=models.CASCADE, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.reply} marked helpful"


class LoginFailure(models.Model):
    """Failed sign-ins per account name, for the progressive lock-out."""

    username = models.CharField(max_length=254, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.failures} failed sign-ins for {self.username}"
