"""Fever, the febrile-neutropenia alert and the young-infant flag (§5.1, §5.2)."""

from decimal import Decimal

import pytest

from carecommons.labs.fever import assess_fever, to_celsius_rounded
from tests.labs.helpers import run


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        ("100.85", "F", "38.3"),
        ("100.9", "F", "38.3"),
        ("101.0", "F", "38.3"),
        ("100.4", "F", "38.0"),
        ("100.3", "F", "37.9"),
        ("38.25", "C", "38.3"),
        ("38.24", "C", "38.2"),
        ("37.95", "C", "38.0"),
    ],
)
def test_conversion_rounds_half_up_exactly(value: str, scale: str, expected: str) -> None:
    assert to_celsius_rounded(Decimal(value), scale) == Decimal(expected)  # type: ignore[arg-type]


def reading(value: object, unit: str = "C", time: str | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"value": value, "unit": unit}
    if time is not None:
        entry["time"] = time
    return entry


@pytest.mark.parametrize(
    ("value", "unit", "met"),
    [
        (38.3, "C", True),
        (38.2, "C", False),
        (100.85, "F", True),
        (100.8, "F", False),
        (101, "°F", True),
        (38.3, "°C", True),
        (38.3, "Cel", True),
        (101, "[degF]", True),
    ],
)
def test_single_reading_threshold_is_inclusive(value: float, unit: str, met: bool) -> None:
    assert assess_fever([reading(value, unit)]).criterion_met is met


def test_no_readings_gives_null() -> None:
    assert run(values={"ANC": "0.4 K/uL"})["fever_criterion_met"] is None
    assert run(values={"ANC": "0.4 K/uL"}, temperatures=[])["fever_criterion_met"] is None


def test_unusable_readings_are_set_aside_not_guessed() -> None:
    fever = assess_fever([reading(39, "K"), reading("hot"), reading(101, "C"), "x"])
    assert fever.criterion_met is None
    assert len(fever.rejected) == 4


def sustained(*pairs: tuple[float, str]) -> bool | None:
    return assess_fever([reading(value, "C", time) for value, time in pairs]).criterion_met


def test_sustained_sixty_minutes_is_inclusive() -> None:
    assert sustained((38.0, "2024-01-01T10:00"), (38.1, "2024-01-01T11:00")) is True
    assert sustained((38.0, "2024-01-01T10:00"), (38.1, "2024-01-01T10:59")) is False


def test_sustained_readings_are_sorted_by_time_first() -> None:
    assert sustained((38.1, "2024-01-01T11:00"), (38.0, "2024-01-01T10:00")) is True


def test_intervening_low_reading_breaks_the_run() -> None:
    pairs = [(38.0, "2024-01-01T10:00"), (37.9, "2024-01-01T10:30"), (38.0, "2024-01-01T11:00")]
    assert sustained(*pairs) is False


def test_gap_of_120_minutes_is_allowed_but_121_is_not() -> None:
    assert sustained((38.0, "2024-01-01T10:00"), (38.0, "2024-01-01T12:00")) is True
    assert sustained((38.0, "2024-01-01T10:00"), (38.0, "2024-01-01T12:01")) is False


def test_run_can_restart_after_a_long_gap() -> None:
    pairs = [
        (38.0, "2024-01-01T01:00"),
        (38.0, "2024-01-01T08:00"),
        (38.2, "2024-01-01T08:30"),
        (38.1, "2024-01-01T09:00"),
    ]
    assert sustained(*pairs) is True


def test_fahrenheit_readings_count_toward_sustained_after_rounding() -> None:
    readings = [reading(100.4, "F", "2024-01-01T10:00"), reading(100.4, "F", "2024-01-01T11:00")]
    assert assess_fever(readings).sustained_met is True


def test_times_with_offsets_are_compared_as_instants() -> None:
    pairs = [(38.0, "2024-01-01T10:00+00:00"), (38.0, "2024-01-01T12:00+01:00")]
    assert sustained(*pairs) is True


def test_readings_without_time_count_only_as_single_readings() -> None:
    assert assess_fever([reading(38.1), reading(38.2)]).criterion_met is False


FEVER = [reading(38.5, "C", "2024-01-01T10:00")]


@pytest.mark.parametrize(
    ("values", "alert"),
    [
        ({"ANC": "999 /uL"}, True),
        ({"ANC": "1000 /uL"}, False),
        ({"ANC": "<1 K/uL"}, True),
        ({"ANC": "<=1000 /uL"}, True),
        ({"ANC": "<1.1 K/uL"}, False),
        ({"ANC": "abc"}, False),
        ({}, False),
    ],
)
def test_febrile_neutropenia_alert(values: dict[str, str], alert: bool) -> None:
    result = run(values=values, temperatures=FEVER)
    assert result["febrile_neutropenia_alert"] is alert
    assert result["fever_criterion_met"] is True


def test_no_alert_without_fever() -> None:
    result = run(values={"ANC": "0.1 K/uL"}, temperatures=[reading(38.2)])
    assert result["febrile_neutropenia_alert"] is False
    assert result["fever_criterion_met"] is False


DAY = 1 / 365.25


@pytest.mark.parametrize(
    ("days", "temperature", "flag"),
    [
        (7, 38.0, False),
        (8, 38.0, True),
        (60, 38.0, True),
        (61, 38.0, False),
        (30, 37.9, False),
        (30, 100.4, True),
    ],
)
def test_young_infant_flag(days: int, temperature: float, flag: bool) -> None:
    unit = "F" if temperature > 50 else "C"
    result = run(
        age=days * DAY, values={"ANC": "3 K/uL"}, temperatures=[reading(temperature, unit)]
    )
    assert result["young_infant_fever_flag"] is flag


def test_young_infant_flag_is_always_present() -> None:
    assert run(values={})["young_infant_fever_flag"] is False
    assert run(age=None, values={})["young_infant_fever_flag"] is False
