"""Reading numbers and units the way lab reports and people write them.

Everything here follows ``clinical-rules.json`` → ``units`` and clinical-reference.md §1.3:
the unit table, the comma convention (thousands separator versus decimal comma), censored
results such as ``<0.1 K/uL`` and the rule that a count without a unit is never guessed.
Numbers are kept as :class:`~decimal.Decimal` so that boundaries (500, 1000, 38.3 °C …) are
compared exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Literal

Comparator = Literal["<", "<=", ">", ">="]


class ErrorCode(StrEnum):
    """The input_error codes of clinical-rules.json anc_derivation.rule_5 (§10.1)."""

    MISSING_COUNTS = "missing_counts"
    MISSING_NEUTROPHILS = "missing_neutrophils"
    UNPARSEABLE_NUMBER = "unparseable_number"
    NEGATIVE_VALUE = "negative_value"
    MISSING_UNIT = "missing_unit"
    INCOMPATIBLE_UNIT = "incompatible_unit"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    PERCENT_SUM_OVER_100 = "percent_sum_over_100"
    INCONSISTENT_ANC_EXCEEDS_WBC = "inconsistent_anc_exceeds_wbc"


class UnitKind(StrEnum):
    """What a unit string measures."""

    COUNT = "count"  # cells per volume; has a factor to cells/µL
    PERCENT = "percent"
    MASS_CONCENTRATION = "mass_concentration"  # g/dL or g/L, used for hemoglobin


@dataclass(frozen=True, slots=True)
class Unit:
    """A recognised unit: what it measures and its factor to the canonical unit.

    For counts the canonical unit is cells/µL; for mass concentrations it is g/dL.
    """

    kind: UnitKind
    factor: Decimal
    text: str


# clinical-rules.json units.factor_1 plus units.matching "cells/cu mm" (§1.3). Keys are in the
# normalised form produced by normalise_unit(): no spaces, micro signs read as "u", lower case.
_FACTOR_1_UNITS = frozenset(
    {
        "cells/ul",
        "/ul",
        "/mcl",
        "cells/mm3",
        "/mm3",
        "/mm³",
        "cells/cumm",
        "/cumm",
    }
)

# clinical-rules.json units.factor_1000 plus the extra spellings listed in units.matching (§1.3).
# "g/l" here is giga per litre; the lower-case gram spelling is caught before this lookup.
_FACTOR_1000_UNITS = frozenset(
    {
        "x10^3/ul",
        "x10e3/ul",
        "10^3/ul",
        "10*3/ul",
        "k/ul",
        "k/mcl",
        "thou/mm3",
        "thou/ul",
        "thousand/ul",
        "x10^9/l",
        "×10⁹/l",
        "10*9/l",
        "g/l",
        "/nl",
        "x10^3/mm3",
        "10*3/mm3",
        "tsd/ul",
        "10^9/l",
    }
)

# A lower-case "g" before "/L" or "/dL" is grams (units.matching), a mass unit.
_GRAM_UNITS = {"g/dl": Decimal(1), "g/l": Decimal("0.1")}

_PERCENT_SPELLINGS = frozenset({"%"})


def normalise_unit(unit_text: str) -> str:
    """Remove spaces, read the micro signs U+00B5 and U+03BC as "u", and lower-case."""
    squeezed = "".join(unit_text.split())
    return squeezed.replace("\u00b5", "u").replace("\u03bc", "u").lower()


def parse_unit(unit_text: str) -> Unit | None:
    """Match the whole unit string against the rules' table; None when it is not a known unit.

    The whole string must match (never a suffix), per clinical-rules.json units.matching.
    """
    squeezed = "".join(unit_text.split())
    if not squeezed:
        return None
    normalised = normalise_unit(squeezed)
    if normalised in _PERCENT_SPELLINGS:
        return Unit(UnitKind.PERCENT, Decimal(1), squeezed)
    # Grams are told apart from giga by the case of the first letter (units.matching).
    if squeezed[0] == "g" and normalised in _GRAM_UNITS:
        return Unit(UnitKind.MASS_CONCENTRATION, _GRAM_UNITS[normalised], squeezed)
    if normalised in _FACTOR_1_UNITS:
        return Unit(UnitKind.COUNT, Decimal(1), squeezed)
    if normalised in _FACTOR_1000_UNITS:
        return Unit(UnitKind.COUNT, Decimal(1000), squeezed)
    return None


_THOUSANDS_NUMBER = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA_NUMBER = re.compile(r"\d+,\d+")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")


def parse_number(text: str, *, comma_is_decimal: bool = False) -> Decimal | None:
    """Read an unsigned number written with the comma conventions of §1.3.

    A comma followed by exactly three digits, with a first group of 1-3 digits not starting
    with 0, is a thousands separator ("2,800" → 2800); any other comma is a decimal comma
    ("2,5" → 2.5). ``comma_is_decimal`` is set for factor-1000 units, where a comma is always
    a decimal comma (clinical-rules.json units.numbers). Returns None when unreadable.
    """
    if not comma_is_decimal and _THOUSANDS_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _DECIMAL_COMMA_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _PLAIN_NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern only admits valid decimals
            return None
    return None


_COMPARATOR_SPELLINGS: dict[str, Comparator] = {
    "<": "<",
    "<=": "<=",
    "≤": "<=",
    "=<": "<=",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "=>": ">=",
}

_VALUE_SHAPE = re.compile(
    r"""^\s*
    (?P<comparator><=|>=|=<|=>|<|>|≤|≥)?\s*
    (?P<sign>[-−+])?\s*
    (?P<number>[0-9][0-9.,]*|\.[0-9]+)
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """Why a value string could not be read (an ErrorCode plus a plain message)."""

    code: ErrorCode
    message: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value as written: the number, an optional censoring comparator and the unit.

    ``number`` is in the unit as written; ``unit`` is None when none was written.
    """

    number: Decimal
    comparator: Comparator | None
    unit: Unit | None
    unit_text: str

    @property
    def is_censored(self) -> bool:
        return self.comparator is not None


def read_quantity(text: str) -> Quantity | ValueProblem:
    """Split "<0.1 K/uL", "2,5 G/L" or "10 %" into number, comparator and unit.

    Letters instead of a number, a minus sign, or a unit that is not in the rules' table
    become a :class:`ValueProblem` (clinical-rules.json anc_derivation.rule_5).
    """
    match = _VALUE_SHAPE.match(text)
    if match is None:
        return ValueProblem(ErrorCode.UNPARSEABLE_NUMBER, f"'{text.strip()}' is not a number.")
    unit_text = match["unit"]
    unit = parse_unit(unit_text)
    if unit_text and unit is None:
        # A second number ("12 34") makes the value unreadable; "103/uL" is a unit we do not
        # know (a lost superscript, §1.3), so it stays an incompatible unit.
        if (unit_text[0].isdigit() or unit_text[0] in ".,") and "/" not in unit_text:
            return ValueProblem(ErrorCode.UNPARSEABLE_NUMBER, f"'{text.strip()}' is not a number.")
        return ValueProblem(
            ErrorCode.INCOMPATIBLE_UNIT, f"The unit '{unit_text}' is not a unit we can read."
        )
    comma_is_decimal = unit is not None and unit.kind is UnitKind.COUNT and unit.factor == 1000
    number = parse_number(match["number"], comma_is_decimal=comma_is_decimal)
    if number is None:
        return ValueProblem(
            ErrorCode.UNPARSEABLE_NUMBER, f"'{match['number']}' is not a readable number."
        )
    if match["sign"] in ("-", "−") and number != 0:
        return ValueProblem(ErrorCode.NEGATIVE_VALUE, "A count or percentage cannot be negative.")
    comparator = _COMPARATOR_SPELLINGS[match["comparator"]] if match["comparator"] else None
    return Quantity(number=number, comparator=comparator, unit=unit, unit_text=unit_text)


@dataclass(frozen=True, slots=True)
class CellCount:
    """An absolute cell count converted to cells/µL, possibly censored."""

    per_uL: Decimal
    comparator: Comparator | None


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage of the white cells (0-100), possibly censored."""

    percent: Decimal
    comparator: Comparator | None


def read_cell_count(text: str) -> CellCount | ValueProblem:
    """Read an absolute count and convert it to cells/µL (§1.3).

    A count without a unit is not guessed: "80" could be 80/µL or 80 ×10³/µL (§1.3).
    """
    quantity = read_quantity(text)
    if isinstance(quantity, ValueProblem):
        return quantity
    if quantity.unit is None:
        return ValueProblem(
            ErrorCode.MISSING_UNIT,
            "A count needs its unit (for example cells/µL or ×10³/µL); we never guess it.",
        )
    if quantity.unit.kind is not UnitKind.COUNT:
        return ValueProblem(
            ErrorCode.INCOMPATIBLE_UNIT,
            f"'{quantity.unit_text}' is not a unit for a cell count.",
        )
    return CellCount(quantity.number * quantity.unit.factor, quantity.comparator)


def read_percentage(text: str) -> Percentage | ValueProblem:
    """Read a percentage written "10", "10%", "10 %" or "29,7" (clinical-rules.json units).

    A bare fraction such as "0.45" is 0.45 %, not 45 %.
    """
    quantity = read_quantity(text)
    if isinstance(quantity, ValueProblem):
        return quantity
    if quantity.unit is not None and quantity.unit.kind is not UnitKind.PERCENT:
        return ValueProblem(
            ErrorCode.INCOMPATIBLE_UNIT,
            f"'{quantity.unit_text}' is not a percentage; this value should be written as a %.",
        )
    if quantity.number > 100:
        return ValueProblem(
            ErrorCode.PERCENT_OUT_OF_RANGE, "A percentage of the white cells cannot exceed 100."
        )
    return Percentage(quantity.number, quantity.comparator)


_NUMBER = r"[0-9][0-9.,]*|\.[0-9]+"
_RANGE_BETWEEN = re.compile(
    rf"^\s*(?P<low>{_NUMBER})\s*(?:-|–|—|to)\s*(?P<high>{_NUMBER})\s*(?P<unit>.*?)\s*$",
    re.DOTALL,
)
_RANGE_ONE_SIDED = re.compile(
    rf"^\s*(?P<comparator><=|>=|<|>|≤|≥)\s*(?P<number>{_NUMBER})\s*(?P<unit>.*?)\s*$",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """A lab's printed reference range, in the unit as written.

    Only the lower limit is used by the engine (CTCAE grade 1 needs the lab's LLN, §2.2).
    """

    low: Decimal | None
    high: Decimal | None
    unit: Unit | None
    text: str

    def low_per_uL(self, fallback_unit: Unit | None = None) -> Decimal | None:
        """The lower limit in cells/µL, using ``fallback_unit`` when the range has none.

        The fallback is the unit printed on the same row for the value, never a guess.
        """
        unit = self.unit or fallback_unit
        if self.low is None or unit is None or unit.kind is not UnitKind.COUNT:
            return None
        return self.low * unit.factor


def parse_reference_range(text: str) -> ReferenceRange | None:
    """Read "2.0-7.5 K/uL", "1,500 - 8,000 /uL", ">1.5 G/L" or "<10 %"; None if unreadable."""
    between = _RANGE_BETWEEN.match(text)
    if between is not None:
        unit = parse_unit(between["unit"])
        if between["unit"] and unit is None:
            return None
        comma_is_decimal = unit is not None and unit.factor == 1000
        low = parse_number(between["low"], comma_is_decimal=comma_is_decimal)
        high = parse_number(between["high"], comma_is_decimal=comma_is_decimal)
        if low is None or high is None or low > high:
            return None
        return ReferenceRange(low, high, unit, text.strip())
    one_sided = _RANGE_ONE_SIDED.match(text)
    if one_sided is not None:
        unit = parse_unit(one_sided["unit"])
        if one_sided["unit"] and unit is None:
            return None
        comma_is_decimal = unit is not None and unit.factor == 1000
        number = parse_number(one_sided["number"], comma_is_decimal=comma_is_decimal)
        if number is None:
            return None
        if one_sided["comparator"] in (">", ">=", "≥"):
            return ReferenceRange(number, None, unit, text.strip())
        return ReferenceRange(None, number, unit, text.strip())
    return None


def _unit_alternation() -> str:
    """A regular expression matching every unit spelling we know, spaces allowed inside.

    Used to find where a unit ends in running text; the match is then confirmed with
    :func:`parse_unit`, which applies the rules' exact whole-string matching.
    """
    spellings = [
        "cells/uL", "/uL", "/mcL", "cells/mm3", "/mm3", "/mm³", "cells/cumm", "/cumm",
        "cells/cu mm", "x10^3/uL", "x10E3/uL", "10^3/uL", "10*3/uL", "K/uL", "K/mcL",
        "thou/mm3", "thou/uL", "Thousand/uL", "x10^9/L", "×10⁹/L", "10*9/L", "G/L",
        "/nL", "x10^3/mm3", "10*3/mm3", "Tsd/uL", "10^9/L", "g/dL", "g/L",
    ]  # fmt: skip
    patterns = []
    for spelling in sorted(spellings, key=len, reverse=True):
        characters = [
            "[uµμ]" if character == "u" else re.escape(character)
            for character in spelling.replace(" ", "")
        ]
        patterns.append(r"\s*".join(characters))
    return "|".join(patterns)


UNIT_ALTERNATION = _unit_alternation()
