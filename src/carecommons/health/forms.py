"""Validation only. Every message says what is wrong and how to fix it; nothing is saved here."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from carecommons.health.catalogue import ANALYTES, COUNT_UNITS, HEMOGLOBIN_UNITS
from carecommons.health.entries import (
    EnteredValue,
    ValueRefused,
    read_temperature,
    read_value,
)
from carecommons.health.insight import Subject
from carecommons.health.models import HealthEvent
from carecommons.labs.engine import derive_anc

MAX_PASTE_CHARS = 20_000
MAX_PASTE_LINES = 300
EARLIEST = datetime(1900, 1, 1)  # noqa: DTZ001 - compared as a naive local date below
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _subject_field(subjects: list[Subject]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Whose record is it?",
        choices=[(s.key, s.label) for s in subjects],
        help_text="Add someone you care for on the “People I care for” page.",
    )


def _check_moment(moment: datetime) -> datetime:
    if moment > timezone.now() + timedelta(minutes=5):
        raise forms.ValidationError("This is in the future. Enter when it was actually taken.")
    if timezone.localtime(moment).date() < EARLIEST.date():
        raise forms.ValidationError("Enter a date after 1900.")
    return moment


def _check_day(day: date) -> date:
    if day > timezone.localdate() + timedelta(days=366):
        raise forms.ValidationError("Enter a date within the next year at most.")
    if day < EARLIEST.date():
        raise forms.ValidationError("Enter a date after 1900.")
    return day


class _SubjectForm(forms.Form):
    def __init__(self, subjects: list[Subject], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"subject": _subject_field(subjects), **self.fields}


class RecordForm(_SubjectForm):
    """A blood count typed in: one row per test, each with its value, unit and lab range."""

    taken_at = forms.DateTimeField(
        label="Date and time the blood was taken", widget=DATETIME_WIDGET
    )
    source_lab = forms.CharField(label="Lab (optional)", max_length=120, required=False)

    def __init__(self, subjects: list[Subject], *args: Any, **kwargs: Any) -> None:
        super().__init__(subjects, *args, **kwargs)
        self.rows: list[tuple[Any, Any, Any, str]] = []
        for index, analyte in enumerate(ANALYTES):
            self.fields[f"value_{index}"] = forms.CharField(
                label=f"{analyte.label}: value", required=False, max_length=40
            )
            if analyte.kind == "percent":
                unit = forms.CharField(
                    label=f"{analyte.label}: unit", required=False, initial="%", max_length=40
                )
            else:
                unit = forms.CharField(
                    label=f"{analyte.label}: unit",
                    required=False,
                    max_length=40,
                    widget=forms.TextInput(
                        attrs={"list": "count-units" if analyte.kind == "count" else "hb-units"}
                    ),
                )
            self.fields[f"unit_{index}"] = unit
            self.fields[f"range_{index}"] = forms.CharField(
                label=f"{analyte.label}: lab's reference range", required=False, max_length=60
            )
        self.count_units = COUNT_UNITS
        self.hemoglobin_units = HEMOGLOBIN_UNITS
        self.values: list[EnteredValue] = []

    def analyte_rows(self) -> list[tuple[Any, Any, Any, str]]:
        return [
            (self[f"value_{i}"], self[f"unit_{i}"], self[f"range_{i}"], analyte.label)
            for i, analyte in enumerate(ANALYTES)
        ]

    def clean_taken_at(self) -> datetime:
        moment: datetime = self.cleaned_data["taken_at"]
        return _check_moment(moment)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values: list[EnteredValue] = []
        for index, analyte in enumerate(ANALYTES):
            value = (cleaned.get(f"value_{index}") or "").strip()
            unit = (cleaned.get(f"unit_{index}") or "").strip()
            reference = (cleaned.get(f"range_{index}") or "").strip()
            if not value:
                if reference:
                    self.add_error(f"value_{index}", "A reference range needs its value too.")
                continue
            try:
                values.append(read_value(analyte.key, value, unit, reference))
            except ValueRefused as refused:
                self.add_error(f"value_{index}", refused.message)
        if not values and not self.errors:
            raise forms.ValidationError("Enter at least one value.")
        if values and not self.errors:
            anc = derive_anc({v.key: f"{v.value_text} {v.unit_text}".strip() for v in values})
            if anc.error is not None and anc.error.code.value in (
                "inconsistent_anc_exceeds_wbc",
                "percent_sum_over_100",
            ):
                raise forms.ValidationError(
                    f"These values cannot all be right: {anc.error.message}"
                )
        self.values = values
        return cleaned


class PasteForm(_SubjectForm):
    taken_at = forms.DateTimeField(
        label="Date and time the blood was taken", widget=DATETIME_WIDGET
    )
    source_lab = forms.CharField(label="Lab (optional)", max_length=120, required=False)
    text = forms.CharField(
        label="Report text",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Copy the results part of the lab report and paste it here. Nothing is "
        "saved until you have checked what we understood.",
    )

    def clean_taken_at(self) -> datetime:
        moment: datetime = self.cleaned_data["taken_at"]
        return _check_moment(moment)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) > MAX_PASTE_CHARS:
            raise forms.ValidationError(
                f"That is {len(text):,} characters; paste at most {MAX_PASTE_CHARS:,} — just "
                "the results lines of the report."
            )
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_PASTE_LINES:
            raise forms.ValidationError(
                f"That is {len(lines)} lines; paste at most {MAX_PASTE_LINES} — just the "
                "results lines of the report."
            )
        return text


class TemperatureForm(_SubjectForm):
    taken_at = forms.DateTimeField(label="Date and time measured", widget=DATETIME_WIDGET)
    value = forms.CharField(label="Temperature", max_length=12)
    scale = forms.ChoiceField(
        label="Scale",
        choices=[("C", "°C"), ("F", "°F")],
        widget=forms.RadioSelect,
        initial="C",
    )
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)

    def clean_taken_at(self) -> datetime:
        moment: datetime = self.cleaned_data["taken_at"]
        return _check_moment(moment)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "value" in cleaned and "scale" in cleaned:
            try:
                cleaned["reading"], cleaned["celsius"] = read_temperature(
                    cleaned["value"], cleaned["scale"]
                )
            except ValueRefused as refused:
                self.add_error("value", refused.message)
        return cleaned


class EventForm(_SubjectForm):
    kind = forms.ChoiceField(label="What kind of event?", choices=HealthEvent.Kind.choices)
    title = forms.CharField(
        label="What",
        max_length=120,
        help_text="For example “Amoxicillin, 5 days”, “Filgrastim (G-CSF)”, “Marrow biopsy”.",
    )
    started_on = forms.DateField(label="On or from", widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label="Until (optional, for a course)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def clean_started_on(self) -> date:
        return _check_day(self.cleaned_data["started_on"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date is before the start date.")
        elif end:
            _check_day(end)
        return cleaned


class ImportForm(_SubjectForm):
    file = forms.FileField(label="FHIR Bundle file (.json)", required=False)
    text = forms.CharField(
        label="…or paste the Bundle's JSON",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > 2_000_000:
                self.add_error("file", "The file is larger than 2 MB.")
            else:
                cleaned["raw"] = upload.read()
        elif cleaned.get("text"):
            cleaned["raw"] = cleaned["text"]
        else:
            raise forms.ValidationError("Choose a file or paste the Bundle's JSON.")
        return cleaned


class ShareForm(forms.Form):
    where = forms.ChoiceField(label="Where to share it")
    title = forms.CharField(
        label="Title (only when starting a new discussion)", max_length=200, required=False
    )
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text="The card shows the values and an age band only: no name, date of birth or lab.",
    )

    def __init__(
        self, choices: list[tuple[str, list[tuple[str, str]]]], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["where"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        where = cleaned.get("where", "")
        if where.startswith("g") and len((cleaned.get("title") or "").strip()) < 10:
            self.add_error("title", "A new discussion needs a title of at least 10 characters.")
        return cleaned
