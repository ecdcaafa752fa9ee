"""Relative versus absolute lymphocytosis (clinical-reference.md §1.2, §3.2, §3.3).

A high lymphocyte *percentage* often only means the neutrophils are low (relative
lymphocytosis); what matters is the absolute count (ALC) against the age-specific range.
Where sources disagree about the upper limit the explanation says so instead of picking one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

RELATIVE_LYMPHOCYTOSIS_PERCENT = Decimal(40)  # §1.2 (Miale): above 40 %


class LymphocytePattern(StrEnum):
    RELATIVE_LYMPHOCYTOSIS = "relative_lymphocytosis"
    HIGH_PERCENT_NORMAL_FOR_AGE = "high_percent_normal_for_age"
    ABSOLUTE_LYMPHOCYTOSIS = "absolute_lymphocytosis"
    AT_UPPER_LIMIT = "at_upper_limit"
    LYMPHOCYTOPENIA = "lymphocytopenia"
    WITHIN_RANGE = "within_range"


@dataclass(frozen=True, slots=True)
class LymphocyteRange:
    """Age-specific ALC limits in cells/µL. Between ``high_from`` and ``high_all_sources``
    the sources disagree; ``low`` is None where no source gives a lower limit."""

    low: Decimal | None
    high_from: Decimal
    high_all_sources: Decimal
    sections: str
    description: str


def lymphocyte_range(age_years: Decimal) -> LymphocyteRange:
    """ALC limits by age (§3.2 adults, §3.3 children)."""
    if age_years < 2:
        # MSD: normal 3,000-9,500 under 2 years; Miale: lymphocytosis above 9,000 in infants.
        return LymphocyteRange(
            Decimal(3000), Decimal(9000), Decimal(9500), "§3.3", "a child under 2 years"
        )
    if age_years < 18:
        # Miale: above 7,000 in older children; MSD: lower limit 1,500 from age 6.
        low = Decimal(1500) if age_years >= 6 else None
        return LymphocyteRange(low, Decimal(7000), Decimal(7000), "§3.3", "a child")
    # MSD adult range 1,000-4,800; Miale and CTCAE v5 call it high above 4,000.
    return LymphocyteRange(Decimal(1000), Decimal(4000), Decimal(4800), "§3.2", "an adult")


@dataclass(frozen=True, slots=True)
class LymphocyteExplanation:
    pattern: LymphocytePattern | None
    text: str
    section: str


def _count(value: Decimal) -> str:
    return f"{value:,.0f}"


def explain_lymphocytes(
    age_years: Decimal | None, alc_per_uL: Decimal | None, percent: Decimal | None
) -> LymphocyteExplanation | None:
    """Explain the lymphocyte result; None when there is nothing to say."""
    if alc_per_uL is None and percent is None:
        return None
    high_percent = percent is not None and percent > RELATIVE_LYMPHOCYTOSIS_PERCENT
    if alc_per_uL is None or age_years is None:
        if not high_percent:
            return None
        return LymphocyteExplanation(
            None,
            f"Lymphocytes are {percent} % of the white cells. A high percentage on its own can "
            "simply mean that the other white cells, usually the neutrophils, are low; what "
            "matters is the absolute lymphocyte count, which needs the WBC or the printed "
            "absolute value (and the age) to judge.",
            "§1.2",
        )
    limits = lymphocyte_range(age_years)
    parts: list[str] = []
    pattern: LymphocytePattern
    if alc_per_uL > limits.high_all_sources:
        pattern = LymphocytePattern.ABSOLUTE_LYMPHOCYTOSIS
        parts.append(
            f"The absolute lymphocyte count, {_count(alc_per_uL)}/µL, is above the usual range "
            f"for {limits.description} (high above {_count(limits.high_from)}/µL) "
            f"({limits.sections})."
        )
    elif alc_per_uL > limits.high_from:
        pattern = LymphocytePattern.AT_UPPER_LIMIT
        parts.append(
            f"The absolute lymphocyte count, {_count(alc_per_uL)}/µL, is at the upper limit for "
            f"{limits.description}: some sources call it high above {_count(limits.high_from)}, "
            f"others give a normal range up to {_count(limits.high_all_sources)}/µL "
            f"({limits.sections})."
        )
    elif limits.low is not None and alc_per_uL < limits.low:
        pattern = LymphocytePattern.LYMPHOCYTOPENIA
        parts.append(
            f"The absolute lymphocyte count, {_count(alc_per_uL)}/µL, is below the usual lower "
            f"limit of {_count(limits.low)}/µL for {limits.description} ({limits.sections})."
        )
    else:
        pattern = LymphocytePattern.WITHIN_RANGE
        parts.append(
            f"The absolute lymphocyte count, {_count(alc_per_uL)}/µL, is within the usual range "
            f"for {limits.description} ({limits.sections})."
        )
    if high_percent and pattern is not LymphocytePattern.ABSOLUTE_LYMPHOCYTOSIS:
        if age_years < 2:
            pattern = LymphocytePattern.HIGH_PERCENT_NORMAL_FOR_AGE
            parts.append(
                f"A lymphocyte percentage of {percent} % is normal under 2 years of age, when "
                "lymphocytes usually outnumber neutrophils (§3.3)."
            )
        else:
            if pattern is not LymphocytePattern.LYMPHOCYTOPENIA:
                pattern = LymphocytePattern.RELATIVE_LYMPHOCYTOSIS
            parts.append(
                f"The high percentage ({percent} %) is mostly a consequence of the other white "
                "cells, usually the neutrophils, being low: this is called relative "
                "lymphocytosis (§1.2)."
            )
    return LymphocyteExplanation(pattern, " ".join(parts), limits.sections)


def implied_other_cells(alc_per_uL: Decimal, percent: Decimal) -> tuple[Decimal, Decimal] | None:
    """From an absolute and a percentage alone: the implied WBC and the most the other white
    cells (neutrophils included) can add up to (§1.2, the 4.2 and 82 % example)."""
    if percent <= 0 or percent > 100:
        return None
    wbc = alc_per_uL * 100 / percent
    return wbc, wbc - alc_per_uL
