from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class Group(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone can read"
        MEMBERS = "members", "Members only: signed-in members can read"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(max_length=1000)
    rules = models.TextField("rules excerpt", max_length=600, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    allow_anonymous = models.BooleanField(
        default=False, help_text="Members may post without showing their name."
    )
    position = models.PositiveIntegerField(default=0)
    member_count = models.PositiveIntegerField(default=0)
    discussion_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:group", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("group", "user", name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class PostStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for approval"
    HIDDEN = "hidden", "Hidden by a moderator"


class Discussion(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="discussions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discussions"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, allow_unicode=True)
    body = models.TextField()
    body_html = models.TextField()
    is_anonymous = models.BooleanField(default=False)
    members_only = models.BooleanField(
        default=False, help_text="Only signed-in members can read it, even in a public group."
    )
    about = models.ForeignKey(
        "accounts.CaredPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the post is about, shown as a relationship and an age.",
    )
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED, db_index=True
    )
    is_locked = models.BooleanField(default=False, help_text="No new replies.")
    is_pinned = models.BooleanField(default=False, help_text="Listed first in its group.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    last_reply_number = models.PositiveIntegerField(default=0)
    answered = models.BooleanField(
        default=False, help_text="Someone other than the author has replied."
    )

    class Meta:
        indexes = [
            models.Index(fields=["group", "-last_activity_at"], name="discussion_group_activity"),
            models.Index(fields=["-last_activity_at"], name="discussion_activity"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:discussion", args=[self.pk, self.slug or "d"])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED and self.deleted_at is None

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:80] or "discussion"
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Reply(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="replies")
    number = models.PositiveIntegerField(help_text="Stable position in the discussion, from 1.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies"
    )
    body = models.TextField()
    body_html = models.TextField()
    quote_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="quoted_by"
    )
    is_anonymous = models.BooleanField(default=False)
    about = models.ForeignKey(
        "accounts.CaredPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who the post is about, shown as a relationship and an age.",
    )
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint("discussion", "number", name="reply_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Reply #{self.number} in {self.discussion}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED and self.deleted_at is None

    @property
    def anchor(self) -> str:
        return f"reply-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("community:reply_permalink", args=[self.discussion_id, self.number])


class Revision(models.Model):
    """A post as it was before an edit, so history is never lost."""

    discussion = models.ForeignKey(
        Discussion, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(discussion__isnull=False, reply__isnull=True)
                    | models.Q(discussion__isnull=True, reply__isnull=False)
                ),
                name="revision_of_one_post",
            )
        ]

    def __str__(self) -> str:
        return f"Revision of {self.discussion or self.reply} from {self.created_at:%Y-%m-%d %H:%M}"


class ReadState(models.Model):
    """How far a member has read a discussion, so they come back where they stopped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("user", "discussion", name="one_read_state")]

    def __str__(self) -> str:
        return f"{self.user} read {self.discussion} to #{self.last_read_number}"
