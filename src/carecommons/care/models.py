from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carecommons.accounts.models import CaredPerson


class Specialty(models.Model):
    """A specialty members can ask for; administrators keep the list in the Django admin."""

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(max_length=240, blank=True)
    needs_exam_first = models.BooleanField(
        default=False,
        help_text="A first visit usually needs a physical examination "
        "(the suggestion rule then recommends in person).",
    )
    is_active = models.BooleanField(default=True, help_text="Offered on the request form.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class VisitType(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"
    NO_PREFERENCE = "any", "No preference"


class Desk(models.TextChoices):
    HOME = "home", "Home-country requests"
    INTERNATIONAL = "international", "International requests"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    MORE_INFO = "more_info", "More information needed"
    OFFERED = "offered", "Appointment offered"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = frozenset(
    {Status.NEW, Status.IN_REVIEW, Status.MORE_INFO, Status.OFFERED, Status.SCHEDULED}
)

AVAILABILITY_CHOICES = [
    ("weekday_morning", "Weekday mornings"),
    ("weekday_afternoon", "Weekday afternoons"),
    ("weekday_evening", "Weekday evenings"),
    ("weekend_morning", "Weekend mornings"),
    ("weekend_afternoon", "Weekend afternoons"),
]


class CoordinatorDesk(models.Model):
    """Which queue a coordinator works by default; new requests on that desk notify them."""

    coordinator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_desk"
    )
    desk = models.CharField(max_length=16, choices=Desk.choices)

    def __str__(self) -> str:
        return f"{self.coordinator} works {self.get_desk_display()}"


class CareRequest(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_requests"
    )
    about = models.ForeignKey(
        CaredPerson,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_requests",
        help_text="Empty when the member asks for themselves.",
    )
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="requests")
    reason = models.TextField(max_length=4000)
    visit_type = models.CharField(max_length=10, choices=VisitType.choices)
    country = models.CharField(max_length=2)
    time_zone = models.CharField(max_length=64)
    language = models.CharField(max_length=60)
    needs_interpreter = models.BooleanField(default=False)
    second_opinion = models.BooleanField(default=False)
    availability = models.JSONField(default=list, blank=True)
    availability_notes = models.CharField(max_length=300, blank=True)
    desk = models.CharField(max_length=16, choices=Desk.choices)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    suggested_visit_type = models.CharField(max_length=10, choices=VisitType.choices)
    suggestion_reason = models.CharField(max_length=200)
    recommended_visit_type = models.CharField(max_length=10, choices=VisitType.choices, blank=True)
    override_reason = models.CharField(max_length=300, blank=True)
    offered_visit_type = models.CharField(max_length=10, choices=VisitType.choices, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=500, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["desk", "status", "created_at"]),
            models.Index(fields=["requester", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Care request {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("care:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_international(self) -> bool:
        return self.desk == Desk.INTERNATIONAL

    @property
    def who_label(self) -> str:
        return (
            "Myself" if self.about_id is None else (self.about.private_label if self.about else "")
        )

    @property
    def recommendation(self) -> str:
        return self.recommended_visit_type or self.suggested_visit_type


class OfferedTime(models.Model):
    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="offered_times")
    starts_at = models.DateTimeField()
    is_chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class CareMessage(models.Model):
    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} on request {self.request_id}"


def _private_name(instance: Attachment, filename: str) -> str:
    # The stored name never carries the member's file name (it may contain a person's name).
    return f"care/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=_private_name, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("care:attachment", args=[self.pk])


class StatusChange(models.Model):
    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'start'} → {self.to_status}"
