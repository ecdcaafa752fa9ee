"""The single entry point: every detector over one text, and the notice for its author."""

from __future__ import annotations

import json
from dataclasses import dataclass

from carecommons.safety.advice import find_medical_advice
from carecommons.safety.countries import contacts_for
from carecommons.safety.emergency import EmergencyKind, detect_emergencies
from carecommons.safety.notice import compose_notice
from carecommons.safety.personal_data import PersonalDataSpan, find_personal_data

type JSONValue = bool | str | int | list[JSONValue] | dict[str, JSONValue]


@dataclass(frozen=True)
class SafetyReport:
    kinds: tuple[EmergencyKind, ...]
    advice_nudge: bool
    personal_data: tuple[PersonalDataSpan, ...]
    notice: str

    @property
    def emergency(self) -> bool:
        return bool(self.kinds)

    def to_dict(self) -> dict[str, JSONValue]:
        """The JSON form printed by `carecommons safety check`."""
        return {
            "emergency": self.emergency,
            "kinds": [kind.value for kind in self.kinds],
            "advice_nudge": self.advice_nudge,
            "personal_data": [
                {"kind": span.kind.value, "start": span.start, "end": span.end}
                for span in self.personal_data
            ],
            "notice": self.notice,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def check(text: str, country: str | None = None) -> SafetyReport:
    """Run every detector over a post.

    country is the member's ISO 3166-1 alpha-2 code (any case); None or a country missing
    from the contacts table gives the general notice. Raises UnknownCountryError for a code
    that is not ISO 3166-1 alpha-2.
    """
    contacts = contacts_for(country)
    kinds = tuple(finding.kind for finding in detect_emergencies(text))
    advice_nudge = bool(find_medical_advice(text))
    personal_data = tuple(find_personal_data(text))
    notice = compose_notice(
        kinds, advice_nudge, sorted({span.kind for span in personal_data}), contacts
    )
    return SafetyReport(kinds, advice_nudge, personal_data, notice)
