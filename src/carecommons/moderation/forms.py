"""Validation only: every form here keeps what was typed and explains what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from carecommons.community.models import Discussion, Group
from carecommons.moderation.models import MEMBER_REASONS, FlagReason, SavedReply

LIMITS = settings.CARECOMMONS


def reason_field(label: str = "Reason", *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=500,
        strip=True,
        help_text="The member is told this reason, and it goes into the audit log.",
        error_messages={
            "required": "Please give a reason: the member is told why.",
            "max_length": "Keep the reason under 500 characters (it has %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is the problem?",
        choices=MEMBER_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what the problem is."},
    )
    details = forms.CharField(
        label="Anything a moderator should know?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you choose “Something else”. Only moderators see this.",
        error_messages={"max_length": "Keep it under 1,000 characters (it has %(show_value)d)."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("details", "").strip():
            self.add_error("details", "Please tell the moderators what is wrong.")
        return cleaned


class ReasonForm(forms.Form):
    reason = reason_field()


class OptionalReasonForm(forms.Form):
    reason = reason_field("Note (optional)", required=False)


class EditPostForm(forms.Form):
    title = forms.CharField(
        required=False,
        min_length=LIMITS["TITLE_MIN_LENGTH"],
        max_length=LIMITS["TITLE_MAX_LENGTH"],
        error_messages={
            "min_length": f"The title needs at least {LIMITS['TITLE_MIN_LENGTH']} characters.",
            "max_length": f"The title can be at most {LIMITS['TITLE_MAX_LENGTH']} characters.",
        },
    )
    body = forms.CharField(
        label="Text",
        strip=False,
        min_length=LIMITS["BODY_MIN_LENGTH"],
        max_length=LIMITS["BODY_MAX_LENGTH"],
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "The post needs some text.",
            "min_length": f"The text needs at least {LIMITS['BODY_MIN_LENGTH']} characters.",
            "max_length": f"The text can be at most {LIMITS['BODY_MAX_LENGTH']:,} characters.",
        },
    )
    reason = reason_field("Reason for the edit (shown under the post)")

    def __init__(self, *args: Any, is_discussion: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_discussion:
            del self.fields["title"]
        else:
            self.fields["title"].required = True


class MoveForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.order_by("position", "name"),
        label="Move to group",
        empty_label="Choose a group",
        error_messages={
            "required": "Please choose the group to move it to.",
            "invalid_choice": "That group does not exist any more. Please choose another.",
        },
    )
    reason = reason_field()


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label="Merge into discussion number",
        min_value=1,
        help_text="The number in the other discussion's address: /discussions/<number>/…",
        error_messages={
            "required": "Please give the number of the discussion to merge into.",
            "invalid": "Please give a whole number, such as 42.",
            "min_value": "Please give a discussion number (1 or more).",
        },
    )
    reason = reason_field()

    def __init__(self, *args: Any, duplicate: Discussion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate

    def clean_into(self) -> Discussion:
        number: int = self.cleaned_data["into"]
        target = Discussion.objects.select_related("group").filter(pk=number).first()
        if target is None or target.is_deleted:
            raise forms.ValidationError(f"There is no discussion number {number}.")
        if self.duplicate is not None and target.pk == self.duplicate.pk:
            raise forms.ValidationError("A discussion cannot be merged into itself.")
        return target


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label="Suspend for (days)",
        min_value=1,
        max_value=365,
        initial=7,
        error_messages={
            "required": "Please say for how many days.",
            "invalid": "Please give a whole number of days, such as 7.",
            "min_value": "A suspension lasts at least 1 day.",
            "max_value": "A suspension lasts at most 365 days; ban the member instead.",
        },
    )
    reason = reason_field()


class GuidelinesForm(forms.Form):
    body = forms.CharField(
        label="Guidelines (Markdown)",
        strip=False,
        min_length=40,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={
            "required": "The guidelines cannot be empty.",
            "min_length": "The guidelines need at least 40 characters (they have %(show_value)d).",
            "max_length": "Keep the guidelines under 20,000 characters (they have %(show_value)d).",
        },
    )
    reason = reason_field("What changed (for the audit log)", required=False)


class SavedReplyForm(forms.ModelForm[SavedReply]):
    shared = forms.BooleanField(
        required=False,
        label="Share with every mentor and moderator",
        help_text="Only moderators and administrators can share saved replies.",
    )

    class Meta:
        model = SavedReply
        fields = ["title", "body"]
        error_messages = {
            "title": {
                "required": "Please give the saved reply a short title.",
                "max_length": "Keep the title under 80 characters.",
            },
            "body": {
                "required": "Please write the text of the saved reply.",
                "max_length": "Keep the text under 5,000 characters.",
            },
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, can_share: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_share:
            del self.fields["shared"]
        elif self.instance.pk:
            self.fields["shared"].initial = self.instance.owner_id is None

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        try:
            body.format_map(_Probe())
        except (ValueError, IndexError):
            raise forms.ValidationError(
                "A { or } is unbalanced. Placeholders look like {name}; to show a brace "
                "itself, write it twice: {{ or }}."
            ) from None
        return body


class _Probe(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class SafetyPreviewForm(forms.Form):
    title = forms.CharField(required=False, max_length=LIMITS["TITLE_MAX_LENGTH"] * 2)
    body = forms.CharField(required=False, strip=False, max_length=LIMITS["BODY_MAX_LENGTH"] * 2)
