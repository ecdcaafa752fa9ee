from __future__ import annotations

from typing import Any

from django import forms

from carecommons.notifications.kinds import KINDS, Frequency


class EmailPreferencesForm(forms.Form):
    """One choice per kind of notification: how (and whether) it is emailed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how to hear about “{kind.label.lower()}”.",
                    "invalid_choice": (
                        f"“%(value)s” is not a choice for “{kind.label.lower()}”: pick "
                        "immediately, daily digest, weekly digest or never."
                    ),
                },
            )


class FollowActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("follow", "Follow"), ("mute", "Mute"), ("unfollow", "Stop following")],
        error_messages={"invalid_choice": "Choose follow, mute or stop following."},
    )
