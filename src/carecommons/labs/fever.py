"""Temperatures: conversion, rounding and the fever criterion (clinical-reference.md §5.1).

The rule implemented is clinical-rules.json ``fever``: every reading is converted to °C
((°F − 32) × 5/9) and rounded half-up to 0.1 °C with exact decimal arithmetic; fever is a single
reading ≥ 38.3 °C, or a sustained run of readings ≥ 38.0 °C spanning ≥ 60 minutes with no gap
over 120 minutes and no reading < 38.0 °C in between. No route correction is applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

TemperatureScale = Literal["C", "F"]

# clinical-rules.json fever.single (IDSA 2010 / ASCO-IDSA 2018, inclusive), §5.1.
SINGLE_READING_FEVER_C = Decimal("38.3")
# clinical-rules.json fever.sustained and young_infant_fever_flag (IDSA; AAP 2021), §5.1, §5.2.
SUSTAINED_FEVER_C = Decimal("38.0")
SUSTAINED_MINIMUM_SPAN = timedelta(minutes=60)
# A product decision in the rules: two readings half a day apart never count as sustained.
SUSTAINED_MAXIMUM_GAP = timedelta(minutes=120)

# Readings outside this band cannot be a living person's body temperature; they are set aside
# (and reported) rather than allowed to raise or hide an alert.
PLAUSIBLE_LOWEST_C = Decimal(25)
PLAUSIBLE_HIGHEST_C = Decimal(45)
_LARGEST_READING = Decimal(1000)

_SCALE_SPELLINGS: dict[str, TemperatureScale] = {
    "c": "C",
    "°c": "C",
    "cel": "C",
    "celsius": "C",
    "degc": "C",
    "f": "F",
    "°f": "F",
    "[degf]": "F",
    "fahrenheit": "F",
    "degf": "F",
}


def parse_scale(unit_text: str) -> TemperatureScale | None:
    """Read 'C', 'F', '°C', '°F', 'Cel' or '[degF]' (rules fever.conversion); None otherwise."""
    return _SCALE_SPELLINGS.get("".join(unit_text.split()).lower())


def to_celsius_rounded(value: Decimal, scale: TemperatureScale) -> Decimal:
    """Convert to °C and round half-up to 0.1 °C exactly: 100.85 °F → 38.3 °C (§1.3, §5.1).

    Multiplying by 5 before dividing by 9 keeps the result exact whenever it can be exact,
    so a true x.x5 is never lost to binary floating point.
    """
    celsius = (value - 32) * 5 / 9 if scale == "F" else value
    return celsius.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Reading:
    """One usable temperature reading, already converted and rounded to 0.1 °C."""

    celsius: Decimal
    time: datetime | None
    original_value: Decimal
    original_scale: TemperatureScale


@dataclass(frozen=True, slots=True)
class RejectedReading:
    """A reading we could not use, with the reason (shown to the member, never guessed)."""

    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class FeverAssessment:
    """The fever criterion over a set of readings (clinical-rules.json fever)."""

    criterion_met: bool | None  # None when no usable reading was given
    single_reading_met: bool
    sustained_met: bool
    highest_celsius: Decimal | None
    readings: tuple[Reading, ...]
    rejected: tuple[RejectedReading, ...]


def _to_decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace(",", ".")
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _to_time(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        time = datetime.fromisoformat(raw.strip())
        if time.tzinfo is not None:
            # Times at the very ends of the calendar cannot be moved to UTC for comparison.
            time.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return time


def read_temperatures(
    raw_readings: Sequence[object],
) -> tuple[list[Reading], list[RejectedReading]]:
    """Turn ``{value, unit, time}`` objects (rules input_format.temperatures) into readings."""
    readings: list[Reading] = []
    rejected: list[RejectedReading] = []
    for index, raw in enumerate(raw_readings):
        if not isinstance(raw, dict):
            rejected.append(RejectedReading(index, "A reading must have a value and a unit."))
            continue
        value = _to_decimal(raw.get("value"))
        unit = raw.get("unit")
        scale = parse_scale(unit) if isinstance(unit, str) else None
        if value is None:
            rejected.append(RejectedReading(index, "The temperature is not a number."))
            continue
        if scale is None:
            rejected.append(
                RejectedReading(index, "The temperature needs its unit, °C or °F; we never guess.")
            )
            continue
        # Far-off numbers are rejected before rounding, which needs a bounded magnitude.
        if abs(value) > _LARGEST_READING or not (
            PLAUSIBLE_LOWEST_C
            <= (celsius := to_celsius_rounded(value, scale))
            <= PLAUSIBLE_HIGHEST_C
        ):
            rejected.append(
                RejectedReading(
                    index,
                    f"{value} °{scale} is not a possible body temperature; please check it.",
                )
            )
            continue
        raw_time = raw.get("time")
        time = _to_time(raw_time)
        if raw_time not in (None, "") and time is None:
            rejected.append(RejectedReading(index, "The time is not a date and time we can read."))
            continue
        readings.append(Reading(celsius, time, value, scale))
    return readings, rejected


def _comparable_times(readings: Sequence[Reading]) -> list[tuple[datetime, Reading]]:
    """Timed readings with times that can be compared with each other.

    When every time carries an offset they are compared as instants; otherwise they are the
    same person's local clock times and are compared as written (rules fever.sustained).
    """
    timed = [(reading.time, reading) for reading in readings if reading.time is not None]
    if all(time.tzinfo is not None for time, _ in timed):
        return timed
    return [(time.replace(tzinfo=None), reading) for time, reading in timed]


def sustained_fever(readings: Sequence[Reading]) -> bool:
    """True for a run of readings ≥ 38.0 °C, ≤ 120 min apart, spanning ≥ 60 min.

    Readings are sorted by time first; any reading < 38.0 °C ends a run (rules fever.sustained).
    """
    ordered = sorted(_comparable_times(readings), key=lambda pair: pair[0])
    run_start: datetime | None = None
    previous: datetime | None = None
    for time, reading in ordered:
        if reading.celsius < SUSTAINED_FEVER_C:
            run_start = previous = None
            continue
        if previous is None or time - previous > SUSTAINED_MAXIMUM_GAP:
            run_start = time
        previous = time
        if run_start is not None and time - run_start >= SUSTAINED_MINIMUM_SPAN:
            return True
    return False


def assess_fever(raw_readings: Sequence[object] | None) -> FeverAssessment:
    """Apply the fever criterion; ``criterion_met`` is None when there is no usable reading."""
    readings, rejected = read_temperatures(raw_readings or [])
    if not readings:
        return FeverAssessment(None, False, False, None, (), tuple(rejected))
    single = any(reading.celsius >= SINGLE_READING_FEVER_C for reading in readings)
    sustained = sustained_fever(readings)
    return FeverAssessment(
        criterion_met=single or sustained,
        single_reading_met=single,
        sustained_met=sustained,
        highest_celsius=max(reading.celsius for reading in readings),
        readings=tuple(readings),
        rejected=tuple(rejected),
    )


def celsius_to_fahrenheit_text(celsius: Decimal) -> str:
    """A °F figure for messages, to one decimal (38.0 °C → '100.4')."""
    fahrenheit = celsius * 9 / 5 + 32
    return str(fahrenheit.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
