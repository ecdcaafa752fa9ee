"""Validation only: every form keeps what was typed when it comes back with errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.registry import selectors
from carecommons.registry.evidence import AGE_BAND_LABELS, AncPoint, parse_counts
from carecommons.registry.models import Answer, Registry

COUNTS_HELP = (
    "Optional. One count per line: the date, then the absolute neutrophil count (ANC) in "
    "cells/µL, e.g. “2026-09-01 310”. A value written like 0.31 (×10³/µL, as many lab sheets "
    "show it) is read as 310."
)


class PersonField(forms.ModelChoiceField[CaredPerson]):
    def label_from_instance(self, obj: CaredPerson) -> str:
        return obj.private_label


class CountsField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Blood count evidence: serial ANC values")
        kwargs.setdefault("help_text", COUNTS_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        kwargs.setdefault("max_length", 5000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[AncPoint]:
        text = super().clean(value)
        points, problems = parse_counts(text or "", today=timezone.localdate())
        if problems:
            raise forms.ValidationError(problems[:5])
        return points


class EnrolmentForm(forms.Form):
    person = PersonField(
        queryset=CaredPerson.objects.none(),
        required=False,
        label="Who is being enrolled?",
        empty_label="Myself",
    )
    age_band = forms.ChoiceField(
        label="Age group",
        required=False,
        choices=[("", "Choose an age group"), *((b, b) for b in AGE_BAND_LABELS)],
        help_text="Needed only when no date of birth is saved for the person. "
        "The registry receives an age group, never a birth date.",
    )
    counts = CountsField()
    use_tracker = forms.BooleanField(
        label="Also share the ANC values saved in My health for this person",
        required=False,
        help_text="Only the date and the absolute neutrophil count of each saved blood count "
        "are added; you can see them on the next page.",
    )
    consent_read = forms.BooleanField(
        label="I have read the consent text above and agree to it",
        error_messages={"required": "Please read the consent text and tick the box to agree."},
    )
    consent_name = forms.CharField(
        label="Your full name, typed as your signature",
        max_length=120,
        min_length=2,
        error_messages={"required": "Please type your name to sign the consent.",
                        "min_length": "Please type your full name to sign the consent."},
    )  # fmt: skip
    consent_date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Please give today's date.",
                        "invalid": "Enter the date as YYYY-MM-DD."},
    )  # fmt: skip
    consent_relationship = forms.CharField(
        label="Your relationship to the person (when signing for someone else)",
        max_length=60,
        required=False,
        help_text="E.g. parent, legal guardian, spouse.",
    )
    consent_version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, registry: Registry, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry
        person = self.fields["person"]
        assert isinstance(person, PersonField)
        person.queryset = selectors.people_of(member)
        self.question_fields: list[tuple[str, str]] = []
        for question in registry.questions.all():
            name = f"q_{question.pk}"
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer this question (“Not sure” is fine)."},
            )
            self.question_fields.append((name, str(question.pk)))
        if not self.is_bound:
            self.initial.setdefault("consent_date", timezone.localdate())
            self.initial.setdefault("consent_version", registry.consent_version)

    def question_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in self.question_fields]

    def answers(self) -> dict[str, str]:
        return {pk: self.cleaned_data[name] for name, pk in self.question_fields}

    def clean_consent_date(self) -> Any:
        value = self.cleaned_data["consent_date"]
        today = timezone.localdate()
        if value > today + timedelta(days=1) or value < today - timedelta(days=1):
            raise forms.ValidationError(f"The consent is signed today: enter {today.isoformat()}.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("person")
        if person is not None and not data.get("consent_relationship", "").strip():
            self.add_error(
                "consent_relationship",
                "You are signing for someone else: say how you are related to them.",
            )
        if (person is None or person.date_of_birth is None) and not data.get("age_band"):
            self.add_error("age_band", "Please choose an age group.")
        version = data.get("consent_version")
        if version and version != self.registry.consent_version:
            self.add_error(
                None,
                "The consent text has changed since you opened this page. Please read the new "
                f"version ({self.registry.consent_version}) and sign again.",
            )
            refreshed = QueryDict(mutable=True)
            refreshed.update(self.data)
            refreshed["consent_version"] = self.registry.consent_version
            self.data = refreshed
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Note to the member",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for “more information needed” and “not eligible”.",
        error_messages={"max_length": "Keep the note under 2,000 characters."},
    )


class AddInformationForm(forms.Form):
    note = forms.CharField(
        label="Your answer",
        max_length=2000,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please write your answer to the registry's question."},
    )
    counts = CountsField(label="More ANC values (optional)")


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Anything you want the registry to know (optional)",
        max_length=500,
        required=False,
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[("csv", "CSV (spreadsheet)"), ("fhir", "FHIR R4 Bundle (JSON)")],
        widget=forms.RadioSelect,
        initial="csv",
    )
    reason = forms.CharField(
        label="Why is this export needed?",
        min_length=10,
        max_length=500,
        help_text="Recorded in the audit log with your name, e.g. the study or report it is for.",
        error_messages={"required": "Please say why you need this export.",
                        "min_length": "Please say a little more (10 characters or more)."},
    )  # fmt: skip
