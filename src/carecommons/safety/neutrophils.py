"""A small, precise recogniser for neutrophil counts written in post text.

It finds "ANC 310", "absolute neutrophil count of 0.3 K/uL", "neutrophils fell to 200",
"ANC <0.5 x10^9/L" and converts them to cells/µL with the unit factors of clinical
reference §1.3. Percentages ("neutrophils 15%") are recognised and set aside: a percentage
is not an absolute count (§1.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_ANALYTE = (
    r"(?:absolute\s+neutrophil(?:s|\s+counts?)?|abs\.?\s+neut(?:rophil)?s?|"
    r"\banc\b|neutrophil\s+counts?|neutrophils?|\bneuts?\b|\bsegs\b|\bpolys\b|"
    r"absolute\s+granulocytes?|\bagc\b)"
)
# Words allowed between the analyte and its value ("ANC was only around 310",
# "neutrophil count is very low (310)"); digits and sentence ends stop the gap.
_GAP = r"(?P<gap>[^\d\n.!?;]{0,40}?)"
_BOUND = r"(?P<bound><=|>=|<|>|≤|≥)?\s*"
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?)"
_UNIT = (
    r"(?P<unit>\s*(?:cells?\s*)?(?:/|per\s+)(?:µl|μl|ul|mcl|mm3|mm³|cumm|cu\.?\s*mm|"
    r"microlit(?:er|re))\b"
    r"|\s*(?:x|×|\*)?\s*10\s*(?:\^|\*|e)?\s*(?:9|⁹)\s*/\s*l\b"
    r"|\s*(?:x|×|\*)?\s*10\s*(?:\^|\*|e)?\s*(?:3|³)\s*/\s*(?:µl|μl|ul|mcl|mm3|mm³)\b"
    r"|\s*(?:k|thou(?:sand)?|tsd)\s*/\s*(?:µl|μl|ul|mcl|mm3|mm³)\b"
    r"|\s*g\s*/\s*l\b|\s*/\s*nl\b|\s*k\b|\s*%)?"
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^\s*(?:-|–)?\s*(?:years?|yrs?|y/?o|months?|weeks?|days?|hours?|hrs?|times?|mg|mcg|ml|"
    r"kg|lbs?|am|pm|rounds?|cycles?|doses?|biops(?:y|ies)|different|degrees?|°)\b",
    re.IGNORECASE,
)
# "ANC in 2016 was 800", "neutrophils on day 10": the number after these words is not the count.
_NOT_A_COUNT_GAP = re.compile(
    r"\b(?:in|since|during|from|until|till|by|on|day|days|cycle|round|week|age|aged|for)\s*$",
    re.IGNORECASE,
)
_COUNT = re.compile(_ANALYTE + _GAP + _BOUND + _NUMBER + _UNIT, re.IGNORECASE)
_LOWER_BOUND_WORDS = re.compile(
    r"\b(?:over|above|more than|greater than|at least|higher than)\s*$", re.IGNORECASE
)
_UPPER_BOUND_WORDS = re.compile(
    r"\b(?:under|below|less than|lower than|not even|barely)\s*$", re.IGNORECASE
)


class Bound(Enum):
    EXACT = "exact"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"


@dataclass(frozen=True)
class NeutrophilCount:
    """One absolute neutrophil count stated in the text.

    per_uL is None for a percentage, which says nothing about the absolute count.
    """

    start: int
    end: int
    per_uL: float | None
    bound: Bound


def parse_number(number_text: str) -> float:
    """Read a number the way clinical reference §1.3 says reports write them.

    A comma followed by exactly three digits (first group 1-3 digits, not starting with 0)
    separates thousands; any other comma is a decimal comma.
    """
    if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+", number_text):
        return float(number_text.replace(",", ""))
    return float(number_text.replace(",", "."))


def _unit_factor(unit_text: str, value: float) -> float | None:
    unit = re.sub(r"\s+", "", unit_text.lower())
    if not unit:
        # Posts rarely give units. The companion refuses to guess (§1.3), but a safety
        # notice must: a unitless value below 20 is read as thousands per µL ("ANC 0.3",
        # "ANC 1.2"), 20 and above as cells per µL ("ANC 310", "ANC 2,000"). ANC values of
        # 20,000/µL and more (leukaemia) or below 20/µL written without a unit are rare in posts.
        return 1000.0 if value < 20 else 1.0
    if unit == "%":
        return None
    if any(marker in unit for marker in ("10^9", "10*9", "10e9", "109/l", "10⁹", "g/l", "/nl")):
        return 1000.0
    if any(
        marker in unit for marker in ("10^3", "10*3", "10e3", "103/", "10³", "k", "thou", "tsd")
    ):
        return 1000.0
    return 1.0


def find_neutrophil_counts(text: str) -> list[NeutrophilCount]:
    counts: list[NeutrophilCount] = []
    for match in _COUNT.finditer(text):
        after = text[match.end() :]
        unit_text = match.group("unit") or ""
        if _NOT_A_COUNT_GAP.search(match.group("gap")):
            continue
        if not unit_text and _NOT_A_COUNT_AFTER.match(after):
            continue
        value = parse_number(match.group("number"))
        factor = _unit_factor(unit_text, value)
        counts.append(
            NeutrophilCount(
                start=match.start(),
                end=match.end(),
                per_uL=None if factor is None else value * factor,
                bound=_bound(match.group("bound"), match.group("gap")),
            )
        )
    return counts


def _bound(symbol: str | None, gap: str) -> Bound:
    if symbol in {"<", "<=", "≤"} or _UPPER_BOUND_WORDS.search(gap):
        return Bound.AT_MOST
    if symbol in {">", ">=", "≥"} or _LOWER_BOUND_WORDS.search(gap):
        return Bound.AT_LEAST
    return Bound.EXACT
