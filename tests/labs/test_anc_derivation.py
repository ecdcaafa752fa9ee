"""ANC derivation: clinical-rules.json anc_derivation rules 1-6 and precedence (§1.1)."""

import pytest

from tests.labs.helpers import run


def test_rule_1_lab_anc_takes_precedence_over_wbc_times_percent() -> None:
    result = run(values={"ANC": "0.5 K/uL", "WBC": "3.1 K/uL", "Neutrophils %": "10"})
    assert result["anc_per_uL"] == 500
    assert result["anc_source"] == "lab_anc"
    assert "input_error" not in result


@pytest.mark.parametrize(
    "key", ["ANC", "abs neut", "Neutrophils #", "NEUT#", "Absolute Neutrophil Count", "a n c"]
)
def test_anc_key_spellings_ignore_case_and_spaces(key: str) -> None:
    assert run(values={key: "1.2 K/uL"})["anc_per_uL"] == 1200


def test_rule_2_wbc_times_neutrophils_plus_bands() -> None:
    # UpToDate worked example: WBC 3,500, 30 % PMNs, 1 % bands → 1,085 (§1.1).
    result = run(values={"WBC": "3,500 /uL", "Polys %": "30", "Bands %": "1"})
    assert result["anc_per_uL"] == 1085
    # 5-Minute Pediatric Consult: WBC 5,200, 15 % segs, 4 % bands → 988 (§1.1).
    assert run(values={"WBC": "5.2 K/uL", "Segs %": "15", "Bands %": "4"})["anc_per_uL"] == 988


def test_wbc_in_thousands_is_multiplied_first() -> None:
    assert run(values={"WBC": "3.1 x10^3/uL", "Neutrophils %": "10%"})["anc_per_uL"] == 310


def test_rule_2_segs_and_bands_absolutes_are_summed() -> None:
    result = run(values={"Segs #": "0.8 K/uL", "Bands #": "0.1 K/uL"})
    assert result["anc_per_uL"] == 900
    assert result["anc_source"] == "segs_plus_bands_absolute"
    assert run(values={"Segs #": "0.8 K/uL"})["anc_per_uL"] == 800


def test_segs_absolute_comes_before_wbc_times_percent() -> None:
    values = {"Segs #": "0.8 K/uL", "WBC": "4 K/uL", "Neutrophils %": "50"}
    assert run(values=values)["anc_per_uL"] == 800


def test_rule_3_immature_forms_are_never_added() -> None:
    values = {
        "WBC": "4 K/uL",
        "Neutrophils %": "20",
        "Metamyelocytes %": "5",
        "Myelocytes %": "5",
        "Promyelocytes %": "2",
        "Blasts %": "3",
        "IG %": "4",
    }
    result = run(values=values)
    assert result["anc_per_uL"] == 800
    assert "input_error" not in result


def test_rule_4_without_bands_the_neutrophil_percent_alone_is_used() -> None:
    assert run(values={"WBC": "2 K/uL", "Neut %": "40"})["anc_per_uL"] == 800


def test_rule_4_bands_alone_give_no_anc() -> None:
    result = run(values={"WBC": "2 K/uL", "Bands %": "40"})
    assert result["anc_per_uL"] is None
    assert result["input_error"] == "missing_neutrophils"


def test_neutrophils_percent_wins_over_segs_percent() -> None:
    assert run(values={"WBC": "2 K/uL", "Neutrophils %": "40", "Segs %": "10"})["anc_per_uL"] == 800


def test_invalid_lab_anc_never_falls_back_to_wbc_times_percent() -> None:
    result = run(values={"ANC": "abc", "WBC": "3 K/uL", "Neutrophils %": "50"})
    assert result["anc_per_uL"] is None
    assert result["input_error"] == "unparseable_number"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({}, "missing_counts"),
        ({"Hemoglobin": "12 g/dL"}, "missing_neutrophils"),
        ({"Bands %": "5"}, "missing_neutrophils"),
        ({"ANC": "", "WBC": "", "Neutrophils %": ""}, "missing_neutrophils"),
        ({"WBC": "3 K/uL"}, "missing_neutrophils"),
        ({"Neutrophils %": "30"}, "missing_neutrophils"),
        ({"ANC": "low"}, "unparseable_number"),
        ({"ANC": "-0.5 K/uL"}, "negative_value"),
        ({"ANC": "800"}, "missing_unit"),
        ({"ANC": "0.8 g/L"}, "incompatible_unit"),
        ({"ANC": "0.8 mg/dL"}, "incompatible_unit"),
        ({"ANC": "8 %"}, "incompatible_unit"),
        ({"WBC": "3 K/uL", "Neutrophils %": "101"}, "percent_out_of_range"),
        ({"WBC": "3 K/uL", "Neutrophils %": "-1"}, "negative_value"),
        ({"WBC": "3 K/uL", "Neutrophils %": "30", "Bands %": "120"}, "percent_out_of_range"),
        ({"WBC": "3 K/uL", "Neutrophils %": "80", "Bands %": "21"}, "percent_sum_over_100"),
        ({"WBC": "3 K/uL", "Neutrophils %": "3 K/uL"}, "incompatible_unit"),
        ({"WBC": "3", "Neutrophils %": "30"}, "missing_unit"),
        ({"ANC": "4 K/uL", "WBC": "3 K/uL"}, "inconsistent_anc_exceeds_wbc"),
        ({"Segs #": "4 K/uL", "WBC": "3 K/uL"}, "inconsistent_anc_exceeds_wbc"),
        ({"ANC": ["1"]}, "unparseable_number"),
    ],
)
def test_rule_5_error_codes(values: dict[str, object], code: str) -> None:
    result = run(values=values)
    assert result["anc_per_uL"] is None
    assert result["input_error"] == code
    detail = result["input_error_detail"]
    assert isinstance(detail, dict)
    assert detail["code"] == code
    assert detail["field"]
    assert detail["message"]


def test_missing_values_key_is_missing_counts() -> None:
    from carecommons.labs.engine import interpret_json

    assert interpret_json({"age": 5})["input_error"] == "missing_counts"


def test_percent_sum_of_exactly_100_is_allowed() -> None:
    result = run(values={"WBC": "3 K/uL", "Neutrophils %": "80", "Bands %": "20"})
    assert result["anc_per_uL"] == 3000


def test_anc_equal_to_wbc_is_allowed() -> None:
    assert run(values={"ANC": "3 K/uL", "WBC": "3 K/uL"})["anc_per_uL"] == 3000


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"ANC": "x", "WBC": "-3 K/uL", "Neutrophils %": "200"}, "unparseable_number"),
        ({"WBC": "-3 K/uL", "Neutrophils %": "200"}, "negative_value"),
        ({"WBC": "3 K/uL", "Neutrophils %": "200", "Bands %": "abc"}, "percent_out_of_range"),
        ({"WBC": "3 K/uL", "Neutrophils %": "20", "Bands %": "abc"}, "unparseable_number"),
        ({"WBC": "abc", "Bands %": "5"}, "unparseable_number"),
    ],
)
def test_rule_5_first_error_in_the_order_anc_wbc_neutrophils_bands(
    values: dict[str, object], code: str
) -> None:
    assert run(values=values)["input_error"] == code


def test_other_analytes_never_cause_an_input_error() -> None:
    values = {"ANC": "1.8 K/uL", "Hemoglobin": "abc", "Platelets": "-5", "Monocytes %": "300"}
    result = run(values=values)
    assert "input_error" not in result
    assert result["anc_per_uL"] == 1800


def test_numbers_given_as_json_numbers_are_read_as_written() -> None:
    assert run(values={"WBC": "2 K/uL", "Neutrophils %": 25})["anc_per_uL"] == 500
    assert run(values={"ANC": 800})["input_error"] == "missing_unit"


def test_rule_6_censored_anc_fixes_the_category() -> None:
    result = run(values={"ANC": "<0.1 K/uL"})
    assert result["anc_per_uL"] is None
    assert result["anc_upper_bound_per_uL"] == 100
    assert result["neutropenia"] == "profound"
    assert result["ctcae_grade"] == 4
    assert "input_error" not in result


def test_censored_bound_spanning_two_bands_gives_no_label_but_a_grade() -> None:
    result = run(values={"ANC": "<0.5 K/uL"})
    assert result["neutropenia"] is None
    assert result["ctcae_grade"] == 4
    assert result["anc_upper_bound_per_uL"] == 500


def test_censored_wbc_gives_a_bound_on_the_derived_anc() -> None:
    result = run(values={"WBC": "<0.1 K/uL", "Neutrophils %": "50"})
    assert result["anc_per_uL"] is None
    assert result["anc_upper_bound_per_uL"] == 50
    assert result["neutropenia"] == "profound"


def test_lower_censored_anc_above_the_limit_is_none() -> None:
    result = run(values={"ANC": ">10 K/uL"})
    assert result["anc_per_uL"] is None
    assert result["anc_lower_bound_per_uL"] == 10000
    assert result["neutropenia"] == "none"
    assert result["ctcae_grade"] is None
