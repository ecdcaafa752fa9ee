from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carecommons.accounts.models import CaredPerson
from carecommons.registry.evidence import AGE_BAND_LABELS


class Registry(models.Model):
    """A patient registry; administrators define it in the Django admin."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    condition = models.CharField(max_length=120)
    run_by = models.CharField("who runs it", max_length=200)
    contact = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for the list.")
    offers = models.TextField("what it offers", help_text="One item per line.")
    criteria = models.TextField("eligibility criteria", help_text="One criterion per line.")
    consent_text = models.TextField()
    consent_version = models.CharField(
        max_length=20, help_text="Change it whenever the consent text changes."
    )
    is_open = models.BooleanField(default=True, help_text="Accepting new enrolments.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "registries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", args=[self.slug])

    def offer_lines(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.offers.splitlines() if line.strip()]

    def criteria_lines(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.criteria.splitlines() if line.strip()]


class EligibilityQuestion(models.Model):
    registry = models.ForeignKey(Registry, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=30, help_text="Column name in the export, e.g. q_marrow.")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint("registry", "code", name="one_question_code_per_registry")
        ]

    def __str__(self) -> str:
        return self.text


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class EnrolmentStatus(models.TextChoices):
    IN_REVIEW = "in_review", "In review"
    MORE_INFO = "more_info", "More information needed"
    ELIGIBLE = "eligible", "Eligible"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    ENROLLED = "enrolled", "Enrolled"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class Enrolment(models.Model):
    registry = models.ForeignKey(Registry, on_delete=models.PROTECT, related_name="enrolments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_enrolments"
    )
    person = models.ForeignKey(
        CaredPerson,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_enrolments",
        help_text="Empty when the member enrols themselves.",
    )
    status = models.CharField(
        max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.IN_REVIEW
    )
    answers = models.JSONField(default=dict)
    anc_counts = models.JSONField(default=list, blank=True)
    anc_summary = models.JSONField(default=dict, blank=True)
    age_band = models.CharField(
        max_length=12, blank=True, choices=[(b, b) for b in AGE_BAND_LABELS]
    )
    consent_name = models.CharField(max_length=120)
    consent_date = models.DateField()
    consent_relationship = models.CharField(max_length=60, blank=True)
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField(default=timezone.now)
    staff_reason = models.CharField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["registry", "status"])]

    def __str__(self) -> str:
        return f"Enrolment {self.pk} in {self.registry_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("registry:enrolment", args=[self.pk])

    @property
    def who_label(self) -> str:
        return "Myself" if self.person is None else self.person.private_label

    @property
    def signed_for_someone(self) -> bool:
        return self.person_id is not None


class EnrolmentEvent(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=EnrolmentStatus.choices)
    note = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'start'} → {self.to_status}"
