"""Validation only: every form keeps what was typed when it is sent back with errors."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.care import places, selectors
from carecommons.care.files import MAX_BYTES, FileRefused, check_upload
from carecommons.care.models import AVAILABILITY_CHOICES, VisitType
from carecommons.care.services import Upload

MAX_FILES = 5
RETYPE_FILES = (
    " Browsers do not keep a chosen file when a form comes back, so please choose your files again."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero to five PDF, JPEG or PNG files; each is sniffed, size-checked and test-opened."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Lab reports or letters (optional)")
        kwargs.setdefault(
            "help_text",
            f"PDF, JPEG or PNG, up to {MAX_BYTES // 1024 // 1024} MB each, at most {MAX_FILES} "
            "files. Only you and the care coordinators can open them.",
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Upload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Attach at most {MAX_FILES} files at a time.")
        uploads: list[Upload] = []
        problems: list[str] = []
        for item in files:
            if not isinstance(item, UploadedFile):
                continue
            name = item.name or "file"
            if (item.size or 0) > MAX_BYTES:
                problems.append(
                    f"{name} is {(item.size or 0) / 1024 / 1024:.1f} MB; files can be at most "
                    f"{MAX_BYTES // 1024 // 1024} MB."
                )
                continue
            data_bytes = item.read()
            try:
                check_upload(name, data_bytes)
            except FileRefused as refused:
                problems.append(str(refused))
                continue
            uploads.append(Upload(name=name, data=data_bytes))
        if problems:
            raise forms.ValidationError([p + RETYPE_FILES for p in problems[:1]] + problems[1:])
        return uploads


class PersonField(forms.ModelChoiceField[CaredPerson]):
    def label_from_instance(self, obj: CaredPerson) -> str:
        return obj.private_label


def _text(label: str, minimum: int, maximum: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        min_length=minimum,
        max_length=maximum,
        error_messages={
            "required": f"Please fill in “{label}”.",
            "min_length": f"“{label}” needs at least {minimum} characters (it has %(show_value)d).",
            "max_length": f"“{label}” can be at most {maximum:,} characters "
            "(it has %(show_value)d).",
        },
        **kwargs,
    )


class CareRequestForm(forms.Form):
    about = PersonField(
        queryset=CaredPerson.objects.none(),
        required=False,
        label="Who is the appointment for?",
        empty_label="Myself",
    )
    specialty = forms.ModelChoiceField(
        queryset=selectors.active_specialties(),
        label="Specialty",
        empty_label="Choose a specialty",
        error_messages={"required": "Please choose a specialty.",
                        "invalid_choice": "Please choose a specialty from the list."},
    )  # fmt: skip
    reason = _text(
        "Reason for the appointment",
        20,
        4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In your own words: what is happening, since when, and what you hope for.",
    )
    visit_type = forms.ChoiceField(
        label="Preferred kind of visit",
        choices=VisitType.choices,
        widget=forms.RadioSelect,
        initial=VisitType.NO_PREFERENCE,
        error_messages={"required": "Please choose the kind of visit you prefer."},
    )
    country = forms.ChoiceField(
        label="Country where the patient lives",
        error_messages={"required": "Please choose a country.",
                        "invalid_choice": "Please choose a country from the list."},
    )  # fmt: skip
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Offered appointment times are shown in this time zone.",
        error_messages={"required": "Please choose a time zone.",
                        "invalid_choice": "Please choose a time zone from the list."},
    )  # fmt: skip
    language = _text("Preferred language", 2, 60, initial="English")
    needs_interpreter = forms.BooleanField(
        required=False, label="An interpreter is needed (free of charge)"
    )
    second_opinion = forms.BooleanField(
        required=False, label="This is a second opinion (another doctor has already seen us)"
    )
    availability = forms.MultipleChoiceField(
        label="When can you usually attend?",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="In your own time zone.",
    )
    availability_notes = forms.CharField(
        label="Anything else about timing (optional)",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep the timing notes under 300 characters."},
    )
    attachments = AttachmentsField()

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        about = self.fields["about"]
        assert isinstance(about, PersonField)
        about.queryset = selectors.people_of(member)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "Choose a country"), *places.country_choices()]
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = [("", "Choose a time zone"), *places.time_zone_choices()]
        if not self.is_bound:
            home = member.country or places.home_country()
            self.initial.setdefault("country", home)
            zones = places.zones_for(home)
            if zones:
                self.initial.setdefault("time_zone", zones[0])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country, zone = data.get("country"), data.get("time_zone")
        if country and zone:
            zones = places.zones_for(country)
            if zones and zone not in zones and not zone.startswith("UTC"):
                names = ", ".join(z.replace("_", " ") for z in zones[:4])
                self.add_error(
                    "time_zone",
                    f"{zone.replace('_', ' ')} is not a time zone of "
                    f"{places.country_name(country)}. Try {names}.",
                )
        return data


class MessageForm(forms.Form):
    body = _text("Message", 2, 4000, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = AttachmentsField()


class AskForm(forms.Form):
    question = _text(
        "What do you need to know?", 10, 4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfferForm(forms.Form):
    offered_visit_type = forms.ChoiceField(
        label="Kind of visit",
        choices=[c for c in VisitType.choices if c[0] != VisitType.NO_PREFERENCE],
        error_messages={"required": "Please choose the kind of visit you offer."},
    )
    time_1 = forms.DateTimeField(
        label="First date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"required": "Offer at least one date and time.",
                        "invalid": "Enter the date and time as shown, e.g. 2026-12-03 10:30."},
    )  # fmt: skip
    time_2 = forms.DateTimeField(
        label="Second date and time (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "Enter the date and time as shown, e.g. 2026-12-03 10:30."},
    )
    time_3 = forms.DateTimeField(
        label="Third date and time (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "Enter the date and time as shown, e.g. 2026-12-03 10:30."},
    )

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(zone)
        for name in ("time_1", "time_2", "time_3"):
            self.fields[name].help_text = f"In the member's time zone ({zone.replace('_', ' ')})."

    def _in_member_zone(self, value: datetime) -> datetime:
        # Django read the typed value in the server's zone; the coordinator typed it in the
        # member's, so keep the wall-clock time and attach the member's zone.
        naive = timezone.make_naive(value, UTC) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=self.zone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        times: list[datetime] = []
        now = timezone.now()
        for name in ("time_1", "time_2", "time_3"):
            value = data.get(name)
            if value is None:
                continue
            moment = self._in_member_zone(value)
            if moment <= now:
                self.add_error(name, "This time has already passed; offer a time in the future.")
            elif moment in times:
                self.add_error(name, "This time is offered twice.")
            else:
                times.append(moment)
        data["times"] = times
        return data


class CloseForm(forms.Form):
    outcome = _text("Outcome", 3, 500, help_text="E.g. “Seen by video; follow-up booked.”")


class DeclineForm(forms.Form):
    reason = _text(
        "Reason", 10, 500, help_text="The member reads this. Say what they can do instead."
    )


class RecommendForm(forms.Form):
    recommended_visit_type = forms.ChoiceField(
        label="Recommend",
        choices=[(VisitType.VIDEO, "Video call"), (VisitType.IN_PERSON, "In person"),
                 (VisitType.PHONE, "Phone call")],
    )  # fmt: skip
    override_reason = forms.CharField(
        label="Why (needed when you differ from the suggestion)",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep the reason under 300 characters."},
    )

    def __init__(self, *args: Any, suggested: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggested = suggested

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("recommended_visit_type")
        if choice and choice != self.suggested and not data.get("override_reason", "").strip():
            self.add_error(
                "override_reason",
                "You are recommending something other than the suggestion: please say why.",
            )
        return data


class AcceptForm(forms.Form):
    offered_time = forms.IntegerField(
        error_messages={"required": "Choose one of the offered times.",
                        "invalid": "Choose one of the offered times."}
    )  # fmt: skip
