from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from carecommons.accounts.models import CaredPerson, User

LIMITS = settings.CARECOMMONS


def _length_messages(label: str, minimum: int, maximum: int) -> dict[str, str]:
    return {
        "required": f"Please write a {label}.",
        "min_length": f"The {label} needs at least {minimum} characters (it has %(show_value)d).",
        "max_length": f"The {label} can be at most {maximum:,} characters "
        f"(it has %(show_value)d). Shorten it and try again.",
    }


def body_field(label: str = "message") -> forms.CharField:
    minimum, maximum = LIMITS["BODY_MIN_LENGTH"], LIMITS["BODY_MAX_LENGTH"]
    return forms.CharField(
        label=label.capitalize(),
        min_length=minimum,
        max_length=maximum,
        strip=False,
        error_messages=_length_messages(label, minimum, maximum),
        help_text=f"{minimum}–{maximum:,} characters. You can use Markdown: **bold**, "
        "*italic*, lists and links.",
        widget=forms.Textarea(attrs={"rows": 8, "data-composer": "body"}),
    )


class PersonChoiceField(forms.ModelChoiceField[CaredPerson]):
    def label_from_instance(self, obj: CaredPerson) -> str:
        return obj.public_label


def about_field() -> PersonChoiceField:
    return PersonChoiceField(
        queryset=CaredPerson.objects.none(),
        required=False,
        label="Who is this about?",
        empty_label="Not about anyone in particular",
        help_text="Others see only the relationship and an age, e.g. “About my son, 1 year old”.",
    )


def _limit_people(form: forms.Form, author: User | None) -> None:
    if author is None or "about" not in form.fields:
        return
    field = form.fields["about"]
    assert isinstance(field, PersonChoiceField)
    field.queryset = CaredPerson.objects.filter(owner=author)


class DiscussionForm(forms.Form):
    title = forms.CharField(
        min_length=LIMITS["TITLE_MIN_LENGTH"],
        max_length=LIMITS["TITLE_MAX_LENGTH"],
        error_messages=_length_messages(
            "title", LIMITS["TITLE_MIN_LENGTH"], LIMITS["TITLE_MAX_LENGTH"]
        ),
        help_text=f"{LIMITS['TITLE_MIN_LENGTH']}–{LIMITS['TITLE_MAX_LENGTH']} characters: "
        "a short summary others can recognise.",
    )
    body = body_field()
    is_anonymous = forms.BooleanField(
        required=False,
        label="Post anonymously",
        help_text="Others see “Anonymous member”. Moderators can still see who you are.",
    )
    about = about_field()
    members_only = forms.BooleanField(
        required=False,
        label="Only signed-in members may read this",
        help_text="Hides it from visitors and search engines.",
    )

    def __init__(
        self,
        *args: Any,
        allow_anonymous: bool = False,
        author: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["is_anonymous"]
        _limit_people(self, author)

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Please write a message.")
        return body


class ReplyForm(forms.Form):
    body = body_field("reply")
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    about = about_field()
    is_anonymous = forms.BooleanField(
        required=False,
        label="Reply anonymously",
        help_text="Others see “Anonymous member”. Moderators can still see who you are.",
    )

    def __init__(
        self,
        *args: Any,
        allow_anonymous: bool = False,
        author: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["is_anonymous"]
        _limit_people(self, author)

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Please write a reply.")
        return body


class EditReplyForm(forms.Form):
    body = body_field("reply")


class RevealForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why do you need to see who wrote this?",
        help_text="Recorded in the audit log with your name.",
    )
