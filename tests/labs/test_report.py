"""Pasted report text, understood line by line; lines not understood never give a value."""

from decimal import Decimal

import pytest

from carecommons.labs.analytes import Analyte
from carecommons.labs.engine import interpret_json
from carecommons.labs.report import parse_report, parse_report_line

REPORT = """CBC WITH DIFFERENTIAL/PLATELET
Test            Result  Flag  Units        Reference
WBC             3.1     L     x10E3/uL     3.4-10.8
Neutrophils     10      L     %            40-74
Neutrophils (Absolute)  0.31  L  x10E3/uL  1.4-7.0
Lymphs          82      H     %            14-46
Lymphs (Absolute)  2.5        x10E3/uL     0.7-3.1
Monocytes: 6 %
Bands 2 %
Immature Granulocytes 0 %
Hemoglobin 12.9 g/dL (13.0-17.7) L
Platelets 212 x10E3/uL 150-450
ANC 80
Neutrophils 45
RBC 4.5 x10E6/uL
Please call the office with questions.
"""


def test_every_non_blank_line_is_listed_in_order() -> None:
    parsed = parse_report(REPORT + "\n\n")
    assert [line.line_number for line in parsed.lines] == list(range(1, 17))


def test_understood_lines() -> None:
    understood = {line.line_number: line for line in parse_report(REPORT).understood}
    assert set(understood) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
    wbc = understood[3]
    assert (wbc.analyte, wbc.kind, wbc.input_key) == (Analyte.WBC, "absolute", "WBC")
    assert wbc.per_uL == Decimal(3100)
    assert wbc.reference_low == Decimal("3.4")
    assert wbc.flag == "L"
    anc = understood[5]
    assert (anc.analyte, anc.input_key, anc.per_uL) == (Analyte.ANC, "ANC", Decimal(310))
    assert understood[4].percent == Decimal(10)
    assert understood[4].input_key == "Neutrophils %"
    assert understood[10].input_key is None  # immature forms are not engine inputs
    hemoglobin = understood[11]
    assert hemoglobin.g_per_dL == Decimal("12.9")
    assert hemoglobin.reference_range_text == "13.0-17.7"


def test_lines_not_understood_carry_no_value() -> None:
    not_understood = parse_report(REPORT).not_understood
    assert {line.line_number for line in not_understood} == {1, 2, 13, 14, 15, 16}
    for line in not_understood:
        assert line.reason
        assert line.value is None
        assert line.per_uL is None
        assert line.percent is None
        assert line.analyte is None


def test_parsed_report_feeds_the_engine() -> None:
    parsed = parse_report(REPORT)
    result = interpret_json(
        {"age": 40, "values": parsed.engine_values(), "ref_ranges": parsed.engine_ref_ranges()}
    )
    assert result["anc_per_uL"] == 310
    assert result["alc_per_uL"] == 2500


@pytest.mark.parametrize(
    ("line", "reason_part"),
    [
        ("WBC 01 3.1 Low x10E3/uL 3.4-10.8", "Did not understand"),
        ("Neutrophils % 3.1 K/uL", "disagree"),
        ("Platelets 45 %", "disagree"),
        ("Hemoglobin 12.9", "g/dL"),
        ("ANC -0.5 K/uL", "negative"),
        ("Neutrophils 120 %", "exceed 100"),
        ("WBC 3.1 K/uL per the lab", "Did not understand"),
        ("ANC 0.5 g/L", "mass unit"),
    ],
)
def test_lines_that_are_refused(line: str, reason_part: str) -> None:
    parsed = parse_report_line(1, line)
    assert not parsed.understood
    assert parsed.reason is not None
    assert reason_part in parsed.reason


@pytest.mark.parametrize(
    ("line", "per_uL"),
    [
        ("ABS NEUT 1,2 G/L", Decimal(1200)),
        ("NEUT# 0.45 /nl", Decimal(450)),
        ("Absolute neutrophil count: 1,350 cells/uL", Decimal(1350)),
        ("Neutrophils, Absolute   2.1   K/µL   1.8 - 7.7", Decimal(2100)),
        ("Segs # 0.9 thou/uL", Decimal(900)),
    ],
)
def test_count_spellings(line: str, per_uL: Decimal) -> None:
    parsed = parse_report_line(1, line)
    assert parsed.understood, parsed.reason
    assert parsed.per_uL == per_uL


@pytest.mark.parametrize(
    ("line", "analyte"),
    [
        ("Neut % 35", Analyte.NEUTROPHILS),
        ("Polys 40 %", Analyte.NEUTROPHILS),
        ("Segs % 22", Analyte.SEGS),
        ("Lymphocytes % 29,7", Analyte.LYMPHOCYTES),
        ("EOS% 3", Analyte.EOSINOPHILS),
        ("Baso 1 %", Analyte.BASOPHILS),
        ("Metamyelocytes 2 %", Analyte.METAMYELOCYTES),
    ],
)
def test_percent_spellings(line: str, analyte: Analyte) -> None:
    parsed = parse_report_line(1, line)
    assert parsed.understood, parsed.reason
    assert parsed.analyte is analyte
    assert parsed.kind == "percent"


def test_censored_value_keeps_its_comparator_and_no_exact_count() -> None:
    parsed = parse_report_line(1, "ANC <0.1 K/uL")
    assert parsed.understood
    assert parsed.comparator == "<"
    assert parsed.per_uL is None
    assert parse_report(parsed.text).engine_values() == {"ANC": "<0.1 K/uL"}
