"""Countries (ISO 3166-1 alpha-2 with English names) and IANA time zones for the request form."""

from __future__ import annotations

import json
import zoneinfo
from functools import cache
from pathlib import Path

from django.conf import settings

COUNTRIES_FILE = Path(__file__).with_name("countries.json")


@cache
def _countries() -> dict[str, dict[str, list[str] | str]]:
    data: dict[str, dict[str, list[str] | str]] = json.loads(
        COUNTRIES_FILE.read_text(encoding="utf-8")
    )["countries"]
    return data


def home_country() -> str:
    return settings.CARECOMMONS_HOME_COUNTRY


def country_name(code: str) -> str:
    entry = _countries().get(code.upper())
    return str(entry["name"]) if entry else code


def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(e["name"])) for code, e in _countries().items()), key=lambda c: c[1])


def zones_for(code: str) -> list[str]:
    entry = _countries().get(code.upper())
    return list(entry["zones"]) if entry else []


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")
    return [(z, z.replace("_", " ")) for z in zones if not z.startswith(("Etc/", "SystemV/"))]


def is_international(country: str) -> bool:
    return bool(country) and country.upper() != home_country()
