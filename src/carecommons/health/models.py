"""The blood count companion's private records (issue 7; docs/health.md).

Every row belongs to one member (``owner``) and is about the member themself (``person`` is
None) or one of the people they care for (``accounts.CaredPerson``). Nothing here is ever
soft-deleted: deleting a record, a person or the whole tracker removes the rows.

``PostLabNote`` is the exception to "private": it belongs to a post, holds the lab-literacy
explanations computed when the post was written, and the frozen snapshot card a member chose
to share with it (values and an age band only, no lab, dates of birth or names).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from carecommons.accounts.models import CaredPerson


class LabRecord(models.Model):
    """One blood count: when it was taken, at which lab, and its values."""

    class Source(models.TextChoices):
        FORM = "form", "typed in"
        PASTE = "paste", "pasted report"
        IMPORT = "import", "FHIR import"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_records"
    )
    person = models.ForeignKey(
        CaredPerson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lab_records",
        help_text="Empty when the record is about the member themself.",
    )
    taken_at = models.DateTimeField("date and time taken")
    source_lab = models.CharField("lab", max_length=120, blank=True)
    entered_as = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["owner", "person", "taken_at"])]

    def __str__(self) -> str:
        return f"Blood count of {self.taken_at:%Y-%m-%d %H:%M}"


class LabValue(models.Model):
    """One understood value, kept exactly as written plus its canonical amount.

    ``key`` is the engine's value key (``carecommons.labs.analytes.InputKey``). ``amount`` is
    cells/µL for counts, percent for percentages, g/dL for hemoglobin; it is None for a
    censored value (``comparator`` then holds ``<`` or ``>``).
    """

    record = models.ForeignKey(LabRecord, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=20)
    value_text = models.CharField(max_length=24)
    unit_text = models.CharField(max_length=24, blank=True)
    comparator = models.CharField(max_length=2, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    reference_range_text = models.CharField("lab's reference range", max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint("record", "key", name="one_value_per_key_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.written}"

    @property
    def written(self) -> str:
        unit = f" {self.unit_text}" if self.unit_text else ""
        return f"{self.value_text}{unit}"


class TemperatureReading(models.Model):
    class Scale(models.TextChoices):
        CELSIUS = "C", "°C"
        FAHRENHEIT = "F", "°F"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="temperature_readings"
    )
    person = models.ForeignKey(
        CaredPerson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="temperature_readings",
    )
    taken_at = models.DateTimeField("date and time taken")
    value = models.DecimalField(max_digits=5, decimal_places=2)
    scale = models.CharField(max_length=1, choices=Scale.choices)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["owner", "person", "taken_at"])]

    def __str__(self) -> str:
        return f"{self.value} {self.get_scale_display()}"


class HealthEvent(models.Model):
    """A medication course, an injection, a procedure: shown as markers on the chart."""

    class Kind(models.TextChoices):
        MEDICATION = "medication", "Medication course"
        INJECTION = "injection", "Injection (for example G-CSF)"
        CHEMOTHERAPY = "chemotherapy", "Chemotherapy"
        PROCEDURE = "procedure", "Test or procedure (for example a marrow biopsy)"
        OTHER = "other", "Something else"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_events"
    )
    person = models.ForeignKey(
        CaredPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="health_events"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    title = models.CharField("what", max_length=120)
    started_on = models.DateField("on or from")
    ended_on = models.DateField("until", null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["owner", "person", "started_on"])]

    def __str__(self) -> str:
        return self.title


class PostLabNote(models.Model):
    """What the discussion page shows beside one post (a discussion or one of its replies).

    ``explanations`` is computed by ``explain.explain_post`` when the post is written or edited
    (hooks ``community.post_created`` / ``community.post_edited``). ``snapshot`` is the card a
    member shared, frozen as JSON at share time.
    """

    discussion = models.ForeignKey(
        "community.Discussion", on_delete=models.CASCADE, related_name="lab_notes"
    )
    reply = models.OneToOneField(
        "community.Reply",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lab_note",
    )
    explanations = models.JSONField(default=list, blank=True)
    stated_age = models.CharField(max_length=80, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "discussion",
                condition=models.Q(reply__isnull=True),
                name="one_lab_note_per_discussion_post",
            )
        ]

    def __str__(self) -> str:
        return f"Lab note on discussion {self.discussion_id}"
