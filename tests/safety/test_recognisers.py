"""Neutrophil counts and temperatures recognised in text."""

from decimal import Decimal

import pytest

from carecommons.safety.neutrophils import Bound, find_neutrophil_counts, parse_number
from carecommons.safety.temperatures import find_fever_words, find_temperatures, to_celsius


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,350", 1350.0), ("2,5", 2.5), ("0,45", 0.45), ("310", 310.0), ("12,000", 12000.0)],
)
def test_numbers_follow_the_clinical_reference_comma_rule(written: str, value: float) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize(
    ("text", "per_uL"),
    [
        ("ANC 310", 310.0),
        ("absolute neutrophil count of 0.31 x10^9/L", 310.0),
        ("neutrophils 1.5 K/uL", 1500.0),
        ("ANC: 2,5 G/L", 2500.0),
        ("ANC 0,45 /nl", 450.0),
        ("neutrophil count is very low (310)", 310.0),
        ("ANC 800 cells/µL", 800.0),
        ("neutrophils 15%", None),
    ],
)
def test_counts_are_converted_to_cells_per_microlitre(text: str, per_uL: float | None) -> None:
    counts = find_neutrophil_counts(text)
    assert len(counts) == 1
    assert (
        counts[0].per_uL == pytest.approx(per_uL)
        if per_uL is not None
        else counts[0].per_uL is None
    )


def test_bounds_are_kept() -> None:
    assert find_neutrophil_counts("ANC < 0.5 K/uL")[0].bound is Bound.AT_MOST
    assert find_neutrophil_counts("ANC under 500")[0].bound is Bound.AT_MOST
    assert find_neutrophil_counts("ANC over 500")[0].bound is Bound.AT_LEAST


@pytest.mark.parametrize(
    "text", ["ANC in 2016 was low", "neutrophils low for 3 weeks", "ANC on day 10"]
)
def test_years_and_durations_are_not_counts(text: str) -> None:
    assert find_neutrophil_counts(text) == []


def test_fahrenheit_is_rounded_half_up_with_exact_decimals() -> None:
    assert to_celsius(Decimal("100.85"), "F") == Decimal("38.3")
    assert to_celsius(Decimal("100.4"), "F") == Decimal("38.0")


def test_temperatures_need_a_unit_or_a_temperature_word() -> None:
    assert [reading.celsius for reading in find_temperatures("temp 38.6")] == [Decimal("38.6")]
    assert find_temperatures("ANC 38 and 40 pills") == []
    assert [r.celsius for r in find_temperatures("temps from 95.7 to 99.8")] == [
        Decimal("35.4"),
        Decimal("37.7"),
    ]


def test_low_grade_fever_words_are_marked_below_the_line() -> None:
    assert [
        word.below_threshold for word in find_fever_words("a low-grade fever, then a fever")
    ] == [
        True,
        False,
    ]
