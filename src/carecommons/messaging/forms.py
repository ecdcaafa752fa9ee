from __future__ import annotations

import re

from django import forms

from carecommons.messaging.models import MAX_PARTICIPANTS


class NewConversationForm(forms.Form):
    to = forms.CharField(
        label="To",
        max_length=200,
        help_text=(
            f"Usernames, separated by commas or spaces (up to {MAX_PARTICIPANTS - 1} people)."
        ),
        error_messages={"required": "Write the username of at least one member."},
    )
    subject = forms.CharField(label="Subject (optional)", max_length=120, required=False)
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Write a message before sending.",
            "max_length": "Messages can be at most 5,000 characters; this one has %(show_value)d.",
        },
    )

    def clean_to(self) -> list[str]:
        names = [n.lstrip("@") for n in re.split(r"[\s,;]+", self.cleaned_data["to"]) if n]
        names = list(dict.fromkeys(n.lower() for n in names if n))
        if not names:
            raise forms.ValidationError("Write the username of at least one member.")
        if len(names) > MAX_PARTICIPANTS - 1:
            raise forms.ValidationError(
                f"A conversation can have at most {MAX_PARTICIPANTS} people, you included."
            )
        return names


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Write a message before sending.",
            "max_length": "Messages can be at most 5,000 characters; this one has %(show_value)d.",
        },
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        min_length=5,
        error_messages={
            "required": "Tell the moderators in a few words what is wrong.",
            "min_length": "Tell the moderators a little more (at least 5 characters).",
        },
    )


class BlockForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=30,
        error_messages={"required": "Write the username of the member to block."},
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="What you did",
        max_length=500,
        error_messages={"required": "Write in a few words what you did about this report."},
    )
