"""Reading what a member typed or pasted into values the tracker can keep.

Counts and percentages are read by the engine (``carecommons.labs.values``, clinical-rules.json
``units``, §1.3): a count needs its unit and is never guessed; a percentage is 0-100. On top of
that the tracker refuses amounts no living person's blood can hold (a slip of a unit or a
digit), and temperatures outside 25-45 °C, the range the engine also sets aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from carecommons.health.catalogue import BY_KEY, Analyte
from carecommons.labs.fever import to_celsius_rounded
from carecommons.labs.report import ReportLine
from carecommons.labs.values import (
    ValueProblem,
    parse_number,
    parse_reference_range,
    read_cell_count,
    read_percentage,
    read_quantity,
)

MAX_TEXT = 24
LOWEST_CELSIUS = Decimal(25)
HIGHEST_CELSIUS = Decimal(45)


@dataclass(frozen=True, slots=True)
class EnteredValue:
    key: str
    value_text: str
    unit_text: str
    comparator: str
    amount: Decimal | None  # cells/µL, percent or g/dL; None when censored
    reference_range_text: str = ""


class ValueRefused(ValueError):
    """A value that cannot be kept; ``message`` says why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _hemoglobin_g_per_dL(value_text: str, unit_text: str) -> tuple[Decimal | None, str]:
    quantity = read_quantity(f"{value_text} {unit_text}".strip())
    if isinstance(quantity, ValueProblem):
        raise ValueRefused(quantity.message)
    unit = unit_text.replace(" ", "")
    if unit not in ("g/dL", "g/L"):
        raise ValueRefused(
            f"Hemoglobin is written in g/dL or g/L; '{unit_text or 'no unit'}' is not one of them."
        )
    comparator = quantity.comparator or ""
    if comparator:
        return None, comparator
    number = quantity.number
    return (number if unit == "g/dL" else number / 10), comparator


def read_value(
    key: str, value_text: str, unit_text: str, reference_range: str = ""
) -> EnteredValue:
    """Read one value for the analyte ``key``; raises :class:`ValueRefused` with the reason."""
    analyte: Analyte | None = BY_KEY.get(key)
    if analyte is None:
        raise ValueRefused(f"'{key}' is not a test the tracker knows.")
    value_text = value_text.strip()
    unit_text = unit_text.strip()
    reference_range = reference_range.strip()
    if len(value_text) > MAX_TEXT or len(unit_text) > MAX_TEXT:
        raise ValueRefused("That is too long to be one value and its unit.")
    if len(reference_range) > 40:
        raise ValueRefused("A reference range is at most 40 characters, like '2.0-7.5'.")
    if reference_range and parse_reference_range(reference_range) is None:
        raise ValueRefused(
            f"'{reference_range}' is not a reference range we can read; write it like '2.0-7.5'."
        )
    amount: Decimal | None
    comparator: str
    if analyte.kind == "count":
        count = read_cell_count(f"{value_text} {unit_text}".strip())
        if isinstance(count, ValueProblem):
            raise ValueRefused(count.message)
        comparator = count.comparator or ""
        amount = None if comparator else count.per_uL
    elif analyte.kind == "percent":
        if unit_text not in ("", "%"):
            raise ValueRefused(f"{analyte.label} is a percentage; '{unit_text}' is not '%'.")
        percent = read_percentage(value_text)
        if isinstance(percent, ValueProblem):
            raise ValueRefused(percent.message)
        comparator = percent.comparator or ""
        amount = None if comparator else percent.percent
        unit_text = "%"
    else:
        amount, comparator = _hemoglobin_g_per_dL(value_text, unit_text)
    if amount is not None and analyte.ceiling and amount > analyte.ceiling:
        raise ValueRefused(
            f"{value_text} {unit_text} is far above anything a blood count can show for "
            f"{analyte.label.lower()}; check the number and the unit."
        )
    return EnteredValue(
        key=analyte.key,
        value_text=value_text,
        unit_text=unit_text,
        comparator=comparator,
        amount=amount,
        reference_range_text=reference_range,
    )


def value_from_report_line(line: ReportLine) -> EnteredValue | None:
    """An understood report line as a value to keep; None for lines that give nothing to keep."""
    if not line.understood or line.input_key is None or line.value_text is None:
        return None
    try:
        return read_value(
            line.input_key,
            f"{line.comparator or ''}{line.value_text}",
            line.unit_text or "",
            line.reference_range_text or "",
        )
    except ValueRefused:
        return None


def celsius_of(value: Decimal, scale: str) -> Decimal:
    """A stored reading in °C, rounded half-up to 0.1 °C (§5.1)."""
    return to_celsius_rounded(value, "F" if scale == "F" else "C")


def read_temperature(value_text: str, scale: str) -> tuple[Decimal, Decimal]:
    """(value as typed, °C rounded half-up to 0.1) or :class:`ValueRefused` (§5.1)."""
    value_text = value_text.strip()
    if scale not in ("C", "F"):
        raise ValueRefused("Choose °C or °F.")
    number = parse_number(value_text.replace(",", ".")) if len(value_text) <= 8 else None
    if number is None:
        raise ValueRefused(f"'{value_text}' is not a temperature; type a number like 38.4.")
    celsius = to_celsius_rounded(number, "F" if scale == "F" else "C")
    if not LOWEST_CELSIUS <= celsius <= HIGHEST_CELSIUS:
        other = "°F" if scale == "C" else "°C"
        raise ValueRefused(
            f"{value_text} °{scale} is not a body temperature. Check the number, or whether "
            f"the thermometer shows {other}."
        )
    return number, celsius
