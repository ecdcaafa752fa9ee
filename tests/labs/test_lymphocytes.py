"""Relative versus absolute lymphocytosis and the other absolute counts (§1.2, §3.2, §3.3)."""

from tests.labs.helpers import run


def findings_text(result: dict[str, object]) -> str:
    findings = result["findings"]
    assert isinstance(findings, list)
    return " ".join(finding["text"] for finding in findings)


def test_alc_from_wbc_and_percent() -> None:
    # WBC 30,000 × 30 % = ALC 9,000 (§1.2).
    result = run(values={"WBC": "30 K/uL", "LYM%": "30", "Neutrophils %": "60"})
    assert result["alc_per_uL"] == 9000


def test_printed_alc_is_preferred() -> None:
    result = run(values={"WBC": "5 K/uL", "Lymphocytes %": "20", "ALC": "1.1 K/uL"})
    assert result["alc_per_uL"] == 1100


def test_alc_key_absent_without_lymphocytes() -> None:
    assert "alc_per_uL" not in run(values={"ANC": "2 K/uL"})


def test_alc_null_with_reason_when_not_computable() -> None:
    result = run(values={"ANC": "2 K/uL", "Lymph %": "40"})
    assert result["alc_per_uL"] is None
    unavailable = result["unavailable"]
    assert isinstance(unavailable, dict)
    assert "alc_per_uL" in unavailable


def test_the_82_percent_and_4_2_case_is_relative_lymphocytosis_at_the_upper_limit() -> None:
    result = run(age=50, values={"Lymphocytes #": "4.2 K/uL", "Lymphocytes %": "82"})
    assert result["alc_per_uL"] == 4200
    text = findings_text(result)
    assert "relative lymphocytosis" in text
    assert "upper limit" in text
    assert "922" in text  # the other cells together come to at most about 922/µL


def test_absolute_lymphocytosis_in_an_adult() -> None:
    text = findings_text(run(age=50, values={"WBC": "10 K/uL", "Lymphocytes %": "60"}))
    assert "above the usual range" in text


def test_high_percentage_is_normal_under_two() -> None:
    text = findings_text(run(age=1, values={"WBC": "10 K/uL", "Lymphocytes %": "60"}))
    assert "normal under 2 years" in text


def test_lymphocytopenia_in_an_adult() -> None:
    text = findings_text(run(age=50, values={"WBC": "4 K/uL", "Lymphocytes %": "10"}))
    assert "below the usual lower limit" in text


def test_other_absolute_counts() -> None:
    result = run(
        values={"WBC": "5 K/uL", "Monocytes %": "10", "EOS%": "4", "Basophils #": "0.1 K/uL"}
    )
    assert result["other_absolute_counts_per_uL"] == {
        "monocytes": 500,
        "eosinophils": 200,
        "basophils": 100,
    }
