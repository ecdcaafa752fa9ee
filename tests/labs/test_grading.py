"""Lower limits, severity and CTCAE v5: rules age_lln_anc, duffy_null, severity, ctcae_v5."""

from decimal import Decimal

import pytest

from carecommons.labs.thresholds import Severity, anc_lower_limit, ctcae_grade, severity
from tests.labs.helpers import run

FOURTEEN_DAYS = 14 / 365.25


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, None),
        (13.99 / 365.25, None),
        (0.038329, None),  # 13.9997 days
        (FOURTEEN_DAYS, 1000),
        (0.03833, 1000),
        (0.5, 1000),
        (0.9999, 1000),
        (1, 1500),
        (1.0, 1500),
        (17.9, 1500),
        (65, 1500),
    ],
)
def test_age_lower_limit_boundaries(age: float, expected: int | None) -> None:
    result = run(age=age, values={"ANC": "1.2 K/uL"})
    assert result["anc_lln_per_uL"] == expected


def test_neonates_are_not_labelled_but_still_graded() -> None:
    result = run(
        age=5 / 365.25,
        values={"ANC": "0.4 K/uL"},
        temperatures=[{"value": 38.5, "unit": "C", "time": "2024-01-01T08:00"}],
    )
    assert result["neutropenia"] is None
    assert result["anc_lln_per_uL"] is None
    assert result["ctcae_grade"] == 4
    assert result["fever_criterion_met"] is True
    assert result["febrile_neutropenia_alert"] is True


@pytest.mark.parametrize(
    ("age", "duffy_null", "expected"),
    [
        (18, True, 1210),
        (17.99, True, 1500),
        (40, False, 1500),
        (40, None, 1500),
        (40, "true", 1500),  # only a real boolean true counts as known status
        (0.5, True, 1000),
    ],
)
def test_duffy_null_limit_only_for_adults_with_known_status(
    age: float, duffy_null: object, expected: int
) -> None:
    result = run(age=age, duffy_null=duffy_null, values={"ANC": "1.3 K/uL"})
    assert result["anc_lln_per_uL"] == expected


def test_duffy_null_changes_the_label_but_not_grade_or_alert() -> None:
    temperatures = [{"value": 39, "unit": "C", "time": "2024-01-01T08:00"}]
    plain = run(age=40, values={"ANC": "1.21 K/uL"}, temperatures=temperatures)
    duffy = run(age=40, duffy_null=True, values={"ANC": "1.21 K/uL"}, temperatures=temperatures)
    assert plain["neutropenia"] == "mild"
    assert duffy["neutropenia"] == "none"
    assert plain["ctcae_grade"] == duffy["ctcae_grade"] == 2
    low = run(age=40, duffy_null=True, values={"ANC": "0.9 K/uL"}, temperatures=temperatures)
    assert low["febrile_neutropenia_alert"] is True


def test_lln_is_reported_even_when_anc_is_null() -> None:
    result = run(age=30, values={"ANC": "abc"})
    assert result["anc_lln_per_uL"] == 1500
    assert result["neutropenia"] is None


@pytest.mark.parametrize(
    ("anc", "lln", "expected"),
    [
        (0, 1500, Severity.PROFOUND),
        (99.9, 1500, Severity.PROFOUND),
        (100, 1500, Severity.SEVERE),
        (499, 1500, Severity.SEVERE),
        (500, 1500, Severity.MODERATE),
        (999.99, 1500, Severity.MODERATE),
        (1000, 1500, Severity.MILD),
        (1499, 1500, Severity.MILD),
        (1500, 1500, Severity.NONE),
        (1000, 1000, Severity.NONE),
        (999, 1000, Severity.MODERATE),
        (1209, 1210, Severity.MILD),
        (1210, 1210, Severity.NONE),
    ],
)
def test_severity_bands_lower_bounds_inclusive(anc: float, lln: int, expected: Severity) -> None:
    assert severity(Decimal(str(anc)), Decimal(lln)) is expected


@pytest.mark.parametrize(
    ("anc", "lab_lln", "expected"),
    [
        (0, None, 4),
        (499, None, 4),
        (500, None, 3),
        (999, None, 3),
        (1000, None, 2),
        (1499, None, 2),
        (1500, None, None),
        (1500, 2000, 1),
        (1999, 2000, 1),
        (2000, 2000, 0),
        (5000, 2000, 0),
        (1600, 1000, 0),
        (1200, 1000, 2),  # not age-adjusted
    ],
)
def test_ctcae_v5_grades(anc: int, lab_lln: int | None, expected: int | None) -> None:
    lab = None if lab_lln is None else Decimal(lab_lln)
    assert ctcae_grade(Decimal(anc), lab) == expected


def test_ctcae_grade_uses_the_lab_range_and_is_labelled_v5() -> None:
    result = run(values={"ANC": "1.8 K/uL"}, ref_ranges={"ANC": "2.0-7.5 K/uL"})
    assert result["ctcae_grade"] == 1
    assert result["ctcae_version"] == "5.0"
    assert run(values={"ANC": "1.8 K/uL"})["ctcae_grade"] is None
    assert run(values={"ANC": "2.0 K/uL"}, ref_ranges={"ANC": "2.0-7.5 K/uL"})["ctcae_grade"] == 0


def test_lab_range_without_unit_shares_the_anc_unit() -> None:
    result = run(values={"ANC": "1.8 K/uL"}, ref_ranges={"abs neut": "2.0-7.5"})
    assert result["ctcae_grade"] == 1


def test_unreadable_lab_range_is_not_used() -> None:
    result = run(values={"ANC": "1.8 K/uL"}, ref_ranges={"ANC": "see note"})
    assert result["ctcae_grade"] is None


def test_healthy_infant_is_none_but_ctcae_grade_2() -> None:
    result = run(age=0.5, values={"ANC": "1,200 /uL"})
    assert result["neutropenia"] == "none"
    assert result["ctcae_grade"] == 2


def test_infant_boundary_anc_1000() -> None:
    assert run(age=0.5, values={"ANC": "1000 /uL"})["neutropenia"] == "none"
    assert run(age=0.5, values={"ANC": "999 /uL"})["neutropenia"] == "moderate"
    assert run(age=1, values={"ANC": "1000 /uL"})["neutropenia"] == "mild"


def test_lower_limit_helper_directly() -> None:
    assert anc_lower_limit(Decimal(1), duffy_null=True) == 1500
    assert anc_lower_limit(Decimal(18), duffy_null=True) == 1210


@pytest.mark.parametrize("age", [None, "abc", -1, 200, True])
def test_unusable_age_gives_no_limit_and_a_reason(age: object) -> None:
    result = run(age=age, values={"ANC": "0.4 K/uL"})
    assert result["anc_lln_per_uL"] is None
    assert result["neutropenia"] is None
    assert result["ctcae_grade"] == 4
    unavailable = result["unavailable"]
    assert isinstance(unavailable, dict)
    assert "anc_lln_per_uL" in unavailable
