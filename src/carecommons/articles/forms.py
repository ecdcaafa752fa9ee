"""Validation only: the column's forms never write anything."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.articles.models import About, AgeRange
from carecommons.community.models import Group

QUESTION_MIN = 20
QUESTION_MAX = 4000
ANSWER_MIN = 50
ANSWER_MAX = 20_000


def _text(
    label: str,
    minimum: int,
    maximum: int,
    *,
    rows: int = 8,
    help_text: str = "",
    noun: str = "",
) -> forms.CharField:
    noun = noun or f"the {label.lower()}"
    return forms.CharField(
        label=label,
        min_length=minimum,
        max_length=maximum,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Please write {noun}.",
            "min_length": f"{noun[:1].upper()}{noun[1:]} needs at least {minimum} characters "
            "(it has %(show_value)d). A little more detail helps the expert.",
            "max_length": f"{noun[:1].upper()}{noun[1:]} can be at most {maximum:,} characters "
            "(it has %(show_value)d). Please shorten it; your text is still here.",
        },
    )


def _comment(label: str = "Note for the history (optional)", required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Please write a note.",
            "max_length": "Keep it under 1,000 characters.",
        },
    )


class AskForm(forms.Form):
    body = _text(
        "Your question",
        QUESTION_MIN,
        QUESTION_MAX,
        noun="your question",
        help_text=f"{QUESTION_MIN}–{QUESTION_MAX:,} characters. Include the numbers you were "
        "given and what worries you. Leave out names, places and dates of birth.",
    )
    about = forms.ChoiceField(
        label="Who is the question about?",
        choices=About.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please tell us who the question is about."},
    )
    age_range = forms.ChoiceField(
        label="Their age",
        choices=[("", "Choose an age range"), *AgeRange.choices],
        error_messages={"required": "Please choose the age range of the person it is about."},
    )
    may_publish = forms.BooleanField(
        label="You may publish my question and its answer without my name",
        required=False,
        help_text="An editor removes names, places and dates before anything is published. "
        "If you leave this unticked, we cannot publish it in the column.",
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        max_length=254,
        help_text="We send you a link to confirm it, then a private link to follow your "
        "question. We never show it to anyone.",
        error_messages={"invalid": "Please check your email address: it does not look complete."},
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = (
                "Please give an email address so we can tell you when your question is answered."
            )


class TriageForm(forms.Form):
    comment = _comment()


class DeclineForm(forms.Form):
    reason = _comment("Reason (the asker is told this)", required=True)


class ExpertChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} — {obj.specialty or 'no specialty given'}"


class AssignForm(forms.Form):
    expert = ExpertChoiceField(
        queryset=User.objects.none(),
        label="Expert",
        error_messages={
            "required": "Please choose an expert.",
            "invalid_choice": "Please choose one of the column's experts.",
        },
    )
    comment = _comment()

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, ExpertChoiceField)
        field.queryset = experts


class AnswerForm(forms.Form):
    answer = _text(
        "Answer",
        ANSWER_MIN,
        ANSWER_MAX,
        rows=14,
        help_text="Plain language helps: short sentences, everyday words. Markdown works.",
    )
    comment = _comment()


class SendBackForm(forms.Form):
    comment = _comment("What should the expert change?", required=True)


class EditForm(forms.Form):
    title = forms.CharField(
        label="Title",
        min_length=8,
        max_length=150,
        error_messages={
            "required": "Please give the article a title.",
            "min_length": "The title needs at least 8 characters.",
            "max_length": "The title can be at most 150 characters.",
        },
    )
    public_question = _text(
        "Question as published",
        QUESTION_MIN,
        QUESTION_MAX,
        help_text="Remove names, places, exact dates and anything else that could identify "
        "the reader. Highlights below show what to check.",
    )
    answer = _text("Answer", ANSWER_MIN, ANSWER_MAX, rows=14)
    group = forms.ModelChoiceField(
        queryset=Group.objects.filter(visibility=Group.Visibility.PUBLIC),
        label="Group for the “Share your experience” discussion",
        error_messages={"required": "Please choose a public group for the discussion."},
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=300,
        help_text="Separated by commas, e.g. neutropenia, children.",
    )
    comment = _comment()


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish later at (leave empty to publish now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "Please give a date and time such as 2030-05-01 09:00."},
    )
    comment = _comment()

    def clean_publish_at(self) -> datetime | None:
        value: datetime | None = self.cleaned_data.get("publish_at")
        if value is not None and value < timezone.now():
            raise forms.ValidationError(
                "That time has passed. Leave it empty to publish now, or pick a future time."
            )
        return value


class UpdateForm(forms.Form):
    note = _comment("Correction note (shown with today's date)", required=True)
    answer = forms.CharField(
        label="Corrected answer (optional)",
        required=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
