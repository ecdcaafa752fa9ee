"""The cut-offs of clinical-rules.json, each with its clinical-reference.md section.

Pure functions of numbers: no parsing, no wording. All boundaries are exactly as the rules
state them (lower bound of each band inclusive).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

DAYS_PER_YEAR = Decimal("365.25")  # rules input_format.age
# Age in days is rounded to this precision before comparing, so that an age given as
# 14/365.25 years in binary floating point still counts as exactly 14 days.
_DAY_PRECISION = Decimal("0.000001")

NEONATAL_DAYS = Decimal(14)  # §3.1: under 14 days the neutropenia label is not given
INFANT_ANC_LLN = Decimal(1000)  # §3.1: 14 days to under 1 year (Nathan & Oski)
ANC_LLN = Decimal(1500)  # §3.1: 1 year and over (UpToDate)
DUFFY_NULL_ANC_LLN = Decimal(1210)  # §4: US Duffy-null interval, adults only
DUFFY_NULL_MINIMUM_AGE = Decimal(18)  # §4: no paediatric Duffy-null interval

PROFOUND_BELOW = Decimal(100)  # §2.1 (IDSA 2010 "profound" <100)
SEVERE_BELOW = Decimal(500)  # §2.1
MODERATE_BELOW = Decimal(1000)  # §2.1
CTCAE_GRADE_2_BELOW = Decimal(1500)  # §2.2 CTCAE v5.0 "Neutrophil count decreased"
FEBRILE_NEUTROPENIA_ANC_BELOW = Decimal(1000)  # §5.1, rules febrile_neutropenia_alert

YOUNG_INFANT_FIRST_DAY = Decimal(8)  # §5.2, AAP 2021: 8-60 days inclusive
YOUNG_INFANT_LAST_DAY = Decimal(60)

CTCAE_VERSION = "5.0"


class Severity(StrEnum):
    """Neutropenia severity bands (clinical-rules.json severity, §2.1)."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    PROFOUND = "profound"


def age_in_days(age_years: Decimal) -> Decimal:
    """days = age × 365.25 (rules input_format.age), rounded to absorb float noise."""
    return (age_years * DAYS_PER_YEAR).quantize(_DAY_PRECISION)


def anc_lower_limit(age_years: Decimal, duffy_null: bool) -> Decimal | None:
    """The ANC lower limit for the neutropenia label (rules age_lln_anc, duffy_null; §3.1, §4).

    None under 14 days, where hour-specific neonatal charts disagree (§3.1). Age exactly 1.0
    uses 1,500. The Duffy-null limit applies only to adults ≥ 18 with a known status (§4).
    """
    if age_in_days(age_years) < NEONATAL_DAYS:
        return None
    if age_years < 1:
        return INFANT_ANC_LLN
    if duffy_null and age_years >= DUFFY_NULL_MINIMUM_AGE:
        return DUFFY_NULL_ANC_LLN
    return ANC_LLN


def severity(anc_per_uL: Decimal, lower_limit: Decimal) -> Severity:
    """Severity band (rules severity, §2.1): ANC ≥ LLN is none; lower bounds inclusive."""
    if anc_per_uL >= lower_limit:
        return Severity.NONE
    if anc_per_uL < PROFOUND_BELOW:
        return Severity.PROFOUND
    if anc_per_uL < SEVERE_BELOW:
        return Severity.SEVERE
    if anc_per_uL < MODERATE_BELOW:
        return Severity.MODERATE
    return Severity.MILD


def ctcae_grade(anc_per_uL: Decimal, lab_lower_limit: Decimal | None) -> int | None:
    """CTCAE v5.0 "Neutrophil count decreased" grade (rules ctcae_v5, §2.2).

    Absolute thresholds, never age- or Duffy-adjusted. At 1,500 and above the grade needs the
    reporting lab's own LLN: 1 below it, 0 at or above it, None when no lab LLN was supplied.
    """
    if anc_per_uL < SEVERE_BELOW:
        return 4
    if anc_per_uL < MODERATE_BELOW:
        return 3
    if anc_per_uL < CTCAE_GRADE_2_BELOW:
        return 2
    if lab_lower_limit is None:
        return None
    return 1 if anc_per_uL < lab_lower_limit else 0


def is_young_infant(age_years: Decimal) -> bool:
    """8 ≤ age in days ≤ 60, inclusive (rules young_infant_fever_flag, §5.2)."""
    return YOUNG_INFANT_FIRST_DAY <= age_in_days(age_years) <= YOUNG_INFANT_LAST_DAY
