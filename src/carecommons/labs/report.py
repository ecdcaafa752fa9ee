"""Pasted lab report text, understood line by line.

The tracker shows this before saving. A line is *understood* only when every part of it is
accounted for: a known test name, one value, a unit that fits the test (or a name that says
"%"), and optionally the lab's reference range and flag. Anything else on the line makes it
*not understood*, and a line that is not understood never yields a value. Units and number
formats follow clinical-rules.json ``units`` (§1.3); a count without a unit is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from carecommons.labs.analytes import Analyte, Kind, input_key_for_analyte, report_name_lookup
from carecommons.labs.values import (
    UNIT_ALTERNATION,
    Unit,
    UnitKind,
    ValueProblem,
    parse_number,
    parse_unit,
    read_cell_count,
    read_percentage,
)

_VALUE_START = re.compile(r"(?:^|(?<=[\s:=]))(?:<=|>=|<|>|≤|≥)?\s*[-−]?\d")
_VALUE = re.compile(r"(?P<comparator><=|>=|<|>|≤|≥)?\s*(?P<sign>[-−])?(?P<number>\d[\d.,]*)")
_NUMBER = r"\d[\d.,]*"
_RANGE = re.compile(
    rf"[(\[]?\s*(?:(?P<low>{_NUMBER})\s*(?:-|–|—|to)\s*(?P<high>{_NUMBER})"
    rf"|(?P<comparator><=|>=|<|>|≤|≥)\s*(?P<bound>{_NUMBER}))\s*[)\]]?(?![\w.,])"
)
_UNIT_IN_TEXT = re.compile(rf"(?:%|{UNIT_ALTERNATION})(?![\w/])", re.IGNORECASE)
_FLAG = re.compile(r"(?:HH|LL|H|L|High|Low|Abnormal|Critical|A|C|\*+|!)(?![\w])")
_NAME_TRAILER = re.compile(r"[\s:=\-]+$")


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One line of pasted text and what was understood from it.

    When ``understood`` is False every value field is None and ``reason`` says why.
    ``value`` is in the unit as written; ``per_uL`` (counts), ``percent`` and ``g_per_dL``
    (hemoglobin) are the canonical forms. ``input_key`` is the engine's value key.
    """

    line_number: int
    text: str
    understood: bool
    reason: str | None = None
    analyte: Analyte | None = None
    kind: Kind | None = None
    input_key: str | None = None
    value_text: str | None = None
    unit_text: str | None = None
    value: Decimal | None = None
    comparator: str | None = None
    per_uL: Decimal | None = None
    percent: Decimal | None = None
    g_per_dL: Decimal | None = None
    reference_range_text: str | None = None
    reference_low: Decimal | None = None
    reference_high: Decimal | None = None
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class ReportParse:
    """Every non-blank line of the pasted text, in order."""

    lines: tuple[ReportLine, ...]

    @property
    def understood(self) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if line.understood)

    @property
    def not_understood(self) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if not line.understood)

    def engine_values(self) -> dict[str, str]:
        """The understood values as the engine's ``values`` (first line wins per key)."""
        values: dict[str, str] = {}
        for line in self.understood:
            if line.input_key and line.input_key not in values and line.value_text:
                unit = f" {line.unit_text}" if line.unit_text else ""
                values[line.input_key] = f"{line.value_text}{unit}"
        return values

    def engine_ref_ranges(self) -> dict[str, str]:
        """The printed reference ranges as the engine's ``ref_ranges``."""
        ranges: dict[str, str] = {}
        for line in self.understood:
            if line.input_key and line.reference_range_text and line.input_key not in ranges:
                unit = f" {line.unit_text}" if line.unit_text else ""
                ranges[line.input_key] = f"{line.reference_range_text}{unit}"
        return ranges


def parse_report(text: str) -> ReportParse:
    """Understand pasted report text line by line (see the module docstring)."""
    lines = [
        parse_report_line(number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    return ReportParse(tuple(lines))


def _not_understood(line_number: int, text: str, reason: str) -> ReportLine:
    return ReportLine(line_number, text, False, reason)


@dataclass(slots=True)
class _Tail:
    unit: Unit | None = None
    unit_text: str | None = None
    range_text: str | None = None
    range_low: str | None = None
    range_high: str | None = None
    flag: str | None = None
    leftover: str | None = None


def _read_tail(tail: str) -> _Tail:
    """Unit, reference range and flag, in any order; anything else is left over."""
    result = _Tail()
    position = 0
    while position < len(tail):
        if tail[position].isspace():
            position += 1
            continue
        unit_match = _UNIT_IN_TEXT.match(tail, position)
        if unit_match and result.unit is None:
            unit = parse_unit(unit_match.group())
            if unit is not None:
                result.unit, result.unit_text = unit, unit_match.group()
                position = unit_match.end()
                continue
        range_match = _RANGE.match(tail, position)
        if range_match and result.range_text is None:
            result.range_text = range_match.group().strip("()[] ")
            if range_match["low"] is not None:
                result.range_low, result.range_high = range_match["low"], range_match["high"]
            elif range_match["comparator"] in (">", ">=", "≥"):
                result.range_low = range_match["bound"]
            else:
                result.range_high = range_match["bound"]
            position = range_match.end()
            continue
        flag_match = _FLAG.match(tail, position)
        if flag_match and result.flag is None:
            result.flag = flag_match.group()
            position = flag_match.end()
            continue
        result.leftover = tail[position:].strip()
        break
    return result


def _decide_kind(
    analyte: Analyte, named_kind: Kind | None, unit: Unit | None
) -> tuple[Kind | None, str | None]:
    """Percent or absolute from the name and unit; a reason when they conflict or are missing."""
    if analyte is Analyte.HEMOGLOBIN:
        if unit is None or unit.kind is not UnitKind.MASS_CONCENTRATION:
            return None, "Hemoglobin needs its unit, g/dL or g/L."
        return "absolute", None
    unit_kind: Kind | None = None
    if unit is not None:
        if unit.kind is UnitKind.MASS_CONCENTRATION:
            return None, f"'{unit.text}' is a mass unit, not a cell count."
        unit_kind = "percent" if unit.kind is UnitKind.PERCENT else "absolute"
    if named_kind is not None and unit_kind is not None and named_kind != unit_kind:
        return None, "The test name and the unit disagree (percentage or absolute count?)."
    kind = unit_kind or named_kind
    if kind is None or (kind == "absolute" and unit is None):
        return None, "No unit: we cannot tell a percentage from a count, and never guess."
    if kind == "percent" and analyte in (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS):
        return None, "This test is a count, not a percentage."
    return kind, None


def parse_report_line(line_number: int, text: str) -> ReportLine:
    """Understand one line of a lab report (see the module docstring)."""
    value_start = _VALUE_START.search(text)
    if value_start is None:
        return _not_understood(line_number, text, "No value on this line.")
    name = _NAME_TRAILER.sub("", text[: value_start.start()]).strip()
    looked_up = report_name_lookup(name) if name else None
    if looked_up is None:
        return _not_understood(line_number, text, "The test name is not one we know.")
    analyte, named_kind = looked_up
    value = _VALUE.match(text, value_start.start())
    if value is None:  # pragma: no cover - _VALUE_START guarantees a value here
        return _not_understood(line_number, text, "No value on this line.")
    tail = _read_tail(text[value.end() :])
    if tail.leftover:
        return _not_understood(line_number, text, f"Did not understand '{tail.leftover}'.")
    kind, problem = _decide_kind(analyte, named_kind, tail.unit)
    if kind is None:
        return _not_understood(line_number, text, problem or "Not understood.")
    comparator = value["comparator"]
    value_text = f"{comparator or ''}{value['sign'] or ''}{value['number']}"
    written = f"{value_text} {tail.unit_text or ''}".strip()
    per_uL: Decimal | None = None
    percent: Decimal | None = None
    g_per_dL: Decimal | None = None
    if analyte is Analyte.HEMOGLOBIN:
        number = parse_number(value["number"])
        if number is None or value["sign"] or tail.unit is None:
            return _not_understood(line_number, text, "The value is not a readable number.")
        amount = number
        g_per_dL = None if comparator else number * tail.unit.factor
    elif kind == "percent":
        percentage = read_percentage(written)
        if isinstance(percentage, ValueProblem):
            return _not_understood(line_number, text, percentage.message)
        amount = percentage.percent
        percent = None if comparator else amount
    else:
        count = read_cell_count(written)
        if isinstance(count, ValueProblem):
            return _not_understood(line_number, text, count.message)
        amount = count.per_uL / (tail.unit.factor if tail.unit else Decimal(1))
        per_uL = None if comparator else count.per_uL
    comma_is_decimal = tail.unit is not None and tail.unit.factor == 1000
    low = (
        parse_number(tail.range_low, comma_is_decimal=comma_is_decimal) if tail.range_low else None
    )
    high = (
        parse_number(tail.range_high, comma_is_decimal=comma_is_decimal)
        if tail.range_high
        else None
    )
    if tail.range_text and low is None and high is None:
        return _not_understood(line_number, text, "The reference range is not readable.")
    input_key = input_key_for_analyte(analyte, kind)
    return ReportLine(
        line_number=line_number,
        text=text,
        understood=True,
        analyte=analyte,
        kind=kind,
        input_key=None if input_key is None else input_key.value,
        value_text=value_text,
        unit_text=tail.unit_text,
        value=amount,
        comparator=comparator,
        per_uL=per_uL,
        percent=percent,
        g_per_dL=g_per_dL,
        reference_range_text=tail.range_text,
        reference_low=low,
        reference_high=high,
        flag=tail.flag,
    )
