"""The expert column: private questions, their editorial history, and published articles.

A `Question` is private from the moment it is asked: only its asker (through a signed status
link), the editors and administrators, and the expert it is assigned to ever see it. Publishing
creates an `Article`, the only public table; it holds the anonymised question, never the
reader's own words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify


def _new_access_key() -> str:
    return get_random_string(32)


class State(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for email confirmation"
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    DECLINED = "declined", "Declined"
    ASSIGNED = "assigned", "With an expert"
    ANSWERED = "answered", "Answered"
    EDITED = "edited", "Edited"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Published and updated"
    WITHDRAWN = "withdrawn", "Withdrawn"


class About(models.TextChoices):
    SELF = "self", "Me"
    CHILD = "child", "My child"
    PARTNER = "partner", "My partner"
    OTHER = "other", "Another person"


class AgeRange(models.TextChoices):
    BABY = "baby", "Under 2 years"
    CHILD = "child", "2 to 12 years"
    TEEN = "teen", "13 to 17 years"
    ADULT = "adult", "18 to 64 years"
    OLDER = "older", "65 years or older"


class Question(models.Model):
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="column_questions",
    )
    email = models.EmailField(help_text="Where the asker hears about their question.")
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    access_key = models.CharField(max_length=32, default=_new_access_key, editable=False)
    body = models.TextField(help_text="The reader's own words. Never shown publicly.")
    about = models.CharField(max_length=10, choices=About.choices)
    age_range = models.CharField(max_length=10, choices=AgeRange.choices)
    may_publish = models.BooleanField(
        default=False, help_text="The asker agreed to publication without their name."
    )
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.UNCONFIRMED, db_index=True
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_questions",
    )
    decline_reason = models.TextField(blank=True)
    title = models.CharField(max_length=150, blank=True)
    public_question = models.TextField(
        blank=True, help_text="The question as it will be published, without identifiers."
    )
    answer = models.TextField(blank=True)
    group = models.ForeignKey(
        "community.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tag_names = models.CharField(max_length=300, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["state", "state_changed_at"], name="question_queue")]

    def __str__(self) -> str:
        # Audit entries show this label: never the reader's words.
        return f"Question #{self.pk}"

    @property
    def tag_list(self) -> list[str]:
        return [name.strip() for name in self.tag_names.split(",") if name.strip()]


class Transition(models.Model):
    """One step of a question's history: who moved it, when, from where to where, and why."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=40)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.question}: {self.from_state or 'new'} → {self.to_state}"


class Tag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('articles:list')}?tag={self.slug}"


class Article(models.Model):
    question = models.OneToOneField(Question, on_delete=models.PROTECT, related_name="article")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, allow_unicode=True)
    question_text = models.TextField()
    question_html = models.TextField()
    about_label = models.CharField(max_length=80)
    answer = models.TextField()
    answer_html = models.TextField()
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="column_articles"
    )
    group = models.ForeignKey("community.Group", on_delete=models.PROTECT, related_name="+")
    discussion = models.OneToOneField(
        "community.Discussion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="column_article",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    published_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    reading_grade = models.FloatField(default=0)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:80] or "article"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk, self.slug])


class Correction(models.Model):
    """A dated note shown on an article after it was published and then corrected."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Correction to {self.article} on {self.created_at:%Y-%m-%d}"
