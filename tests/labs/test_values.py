"""Units and number formats: clinical-rules.json ``units`` (§1.3)."""

from decimal import Decimal

import pytest

from carecommons.labs.values import (
    CellCount,
    ErrorCode,
    Percentage,
    UnitKind,
    ValueProblem,
    parse_number,
    parse_reference_range,
    parse_unit,
    read_cell_count,
    read_percentage,
)

FACTOR_1 = ["cells/uL", "/uL", "/µL", "/mcL", "cells/mm3", "/mm3", "/mm³", "cells/cumm", "/cumm"]
FACTOR_1000 = [
    "x10^3/uL", "x10E3/uL", "10^3/uL", "10*3/uL", "K/uL", "K/mcL", "thou/mm3", "thou/uL",
    "Thousand/uL", "x10^9/L", "× 10⁹/L", "10*9/L", "G/L", "/nL", "/nl",
]  # fmt: skip
MATCHING_EXTRAS_1000 = ["K/µL", "x10^3/mm3", "10*3/mm3", "Tsd/uL", "Tsd/µl", "10^9/L"]


@pytest.mark.parametrize("unit", [*FACTOR_1, "cells/cu mm", "CELLS/UL", "/μL"])
def test_factor_1_units(unit: str) -> None:
    parsed = parse_unit(unit)
    assert parsed is not None
    assert parsed.kind is UnitKind.COUNT
    assert parsed.factor == 1


@pytest.mark.parametrize("unit", FACTOR_1000 + MATCHING_EXTRAS_1000 + ["k/ul", "X10^9/l"])
def test_factor_1000_units(unit: str) -> None:
    parsed = parse_unit(unit)
    assert parsed is not None
    assert parsed.kind is UnitKind.COUNT
    assert parsed.factor == 1000


@pytest.mark.parametrize("unit", ["g/L", "g/dL"])
def test_lower_case_g_is_grams_not_giga(unit: str) -> None:
    parsed = parse_unit(unit)
    assert parsed is not None
    assert parsed.kind is UnitKind.MASS_CONCENTRATION
    assert read_cell_count(f"2.5 {unit}") == ValueProblem(
        ErrorCode.INCOMPATIBLE_UNIT, f"'{unit}' is not a unit for a cell count."
    )


@pytest.mark.parametrize("unit", ["L", "uL", "103/uL", "mg/dL", "cells", "K", "xK/uL", "mmol/L"])
def test_units_outside_the_table_are_incompatible(unit: str) -> None:
    result = read_cell_count(f"3 {unit}")
    assert isinstance(result, ValueProblem)
    assert result.code is ErrorCode.INCOMPATIBLE_UNIT


def test_whole_unit_must_match_never_a_suffix() -> None:
    assert parse_unit("abcK/uL") is None
    assert parse_unit("K/uLx") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,800", Decimal(2800)),
        ("1,350", Decimal(1350)),
        ("12,345,678", Decimal(12345678)),
        ("2,5", Decimal("2.5")),
        ("0,450", Decimal("0.450")),
        ("2,8000", Decimal("2.8000")),
        ("29,7", Decimal("29.7")),
        ("1,350.5", Decimal("1350.5")),
        ("310", Decimal(310)),
        (".5", Decimal("0.5")),
    ],
)
def test_comma_conventions(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "abc", "", "1,"])
def test_unreadable_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_comma_is_always_decimal_with_a_factor_1000_unit() -> None:
    assert read_cell_count("2,800 K/uL") == CellCount(Decimal("2800.000"), None)
    assert read_cell_count("2,800 /uL") == CellCount(Decimal(2800), None)
    assert read_cell_count("2,5 G/L") == CellCount(Decimal("2500.0"), None)
    assert read_cell_count("0,45 /nl") == CellCount(Decimal("450.00"), None)


def test_counts_need_a_unit() -> None:
    result = read_cell_count("80")
    assert isinstance(result, ValueProblem)
    assert result.code is ErrorCode.MISSING_UNIT


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-1 K/uL", ErrorCode.NEGATIVE_VALUE),
        ("− 3 /uL", ErrorCode.NEGATIVE_VALUE),
        ("low", ErrorCode.UNPARSEABLE_NUMBER),
        ("1.2.3 K/uL", ErrorCode.UNPARSEABLE_NUMBER),
        ("12 34", ErrorCode.UNPARSEABLE_NUMBER),
        ("3 %", ErrorCode.INCOMPATIBLE_UNIT),
    ],
)
def test_count_problems(text: str, code: ErrorCode) -> None:
    result = read_cell_count(text)
    assert isinstance(result, ValueProblem)
    assert result.code is code


def test_censored_counts_keep_the_comparator() -> None:
    assert read_cell_count("<0.1 K/uL") == CellCount(Decimal("100.0"), "<")
    assert read_cell_count("≤ 100 /uL") == CellCount(Decimal(100), "<=")
    assert read_cell_count(">10 K/uL") == CellCount(Decimal(10000), ">")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10", Decimal(10)), ("10%", Decimal(10)), ("10 %", Decimal(10)), ("29,7", Decimal("29.7"))],
)
def test_percentage_spellings(text: str, expected: Decimal) -> None:
    assert read_percentage(text) == Percentage(expected, None)


def test_bare_fraction_is_a_small_percentage_not_a_share() -> None:
    assert read_percentage("0.45") == Percentage(Decimal("0.45"), None)


def test_percentage_bounds_are_inclusive() -> None:
    assert read_percentage("0") == Percentage(Decimal(0), None)
    assert read_percentage("100") == Percentage(Decimal(100), None)
    result = read_percentage("100.1")
    assert isinstance(result, ValueProblem)
    assert result.code is ErrorCode.PERCENT_OUT_OF_RANGE


def test_percentage_with_a_count_unit_is_incompatible() -> None:
    result = read_percentage("3.1 K/uL")
    assert isinstance(result, ValueProblem)
    assert result.code is ErrorCode.INCOMPATIBLE_UNIT


def test_reference_ranges() -> None:
    reference = parse_reference_range("2.0-7.5 K/uL")
    assert reference is not None
    assert reference.low_per_uL() == Decimal("2000.0")
    european = parse_reference_range("1,8 – 7,7 G/L")
    assert european is not None
    assert european.low_per_uL() == Decimal("1800.0")
    one_sided = parse_reference_range(">1.5 x10^9/L")
    assert one_sided is not None
    assert one_sided.low_per_uL() == Decimal("1500.0")
    upper_only = parse_reference_range("<7.5 K/uL")
    assert upper_only is not None
    assert upper_only.low_per_uL() is None
    unitless = parse_reference_range("1500-8000")
    assert unitless is not None
    assert unitless.low_per_uL() is None
    assert parse_reference_range("normal") is None
    assert parse_reference_range("7-2 K/uL") is None
