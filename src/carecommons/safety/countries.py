"""Emergency numbers and crisis lines per country, from emergency_contacts.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class UnknownCountryError(ValueError):
    """Raised for a country code that is not an ISO 3166-1 alpha-2 code."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"unknown country code {code!r}: use a two-letter ISO 3166-1 code such as US, GB or IQ"
        )
        self.code = code


@dataclass(frozen=True)
class CrisisLine:
    number: str
    name: str


@dataclass(frozen=True)
class EmergencyContacts:
    country_code: str
    country_name: str
    emergency_number: str
    alternative_numbers: tuple[str, ...]
    crisis_line: CrisisLine | None


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("carecommons.safety").joinpath("emergency_contacts.json")
    data: dict[str, Any] = json.loads(raw.read_text("utf-8"))
    return data


@cache
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 officially assigned codes.

    A valid code missing from the contacts table gets the general notice; any other code is a
    mistake worth reporting.
    """
    return frozenset(str(code) for code in _data()["iso_3166_alpha_2"])


def normalise_country(code: str) -> str:
    """Upper-case a code and check that it is an ISO 3166-1 alpha-2 code."""
    normalised = code.strip().upper()
    if normalised not in iso_country_codes():
        raise UnknownCountryError(code)
    return normalised


@cache
def contacts_table() -> dict[str, EmergencyContacts]:
    countries: dict[str, dict[str, Any]] = _data()["countries"]
    return {code: _contacts(code, entry) for code, entry in countries.items()}


def _contacts(code: str, entry: dict[str, Any]) -> EmergencyContacts:
    crisis = entry.get("crisis_line")
    return EmergencyContacts(
        country_code=code,
        country_name=str(entry["name"]),
        emergency_number=str(entry["emergency"]),
        alternative_numbers=tuple(str(number) for number in entry.get("alternatives", [])),
        crisis_line=None
        if crisis is None
        else CrisisLine(str(crisis["number"]), str(crisis["name"])),
    )


def contacts_for(country: str | None) -> EmergencyContacts | None:
    """The contacts for a member's country; None when the country is not set or not covered.

    Raises UnknownCountryError for a code that is not ISO 3166-1 alpha-2.
    """
    if country is None or not country.strip():
        return None
    return contacts_table().get(normalise_country(country))
