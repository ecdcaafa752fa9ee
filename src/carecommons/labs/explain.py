"""Plain-language explanations for lab values mentioned in a post.

This is what the discussion page shows, expandable, beside a post that says "ANC 310 in my
1-year-old" or "lymphocytes 82 % but 4.2". It uses the age when the post states one, names the
clinical-reference.md section for every statement, and never guesses a missing unit: a number
written without one is explained under each common reading instead (§1.3). Education, never a
diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from carecommons.labs.engine import DISCLAIMER, format_count
from carecommons.labs.lymphocytes import explain_lymphocytes
from carecommons.labs.mentions import Mention, StatedAge, find_mentions, find_stated_age
from carecommons.labs.thresholds import Severity, anc_lower_limit, severity
from carecommons.labs.values import UnitKind, parse_number, parse_unit

_SEVERITY_WORDS = {
    Severity.NONE: "not low for the age",
    Severity.MILD: "mild neutropenia",
    Severity.MODERATE: "moderate neutropenia",
    Severity.SEVERE: "severe neutropenia",
    Severity.PROFOUND: "profound neutropenia",
}


@dataclass(frozen=True, slots=True)
class MentionExplanation:
    """The explanation for one mention (or a lymphocyte % and absolute pair)."""

    mentions: tuple[Mention, ...]
    text: str
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostExplanations:
    """Everything to show beside one post."""

    stated_age: StatedAge | None
    explanations: tuple[MentionExplanation, ...]
    disclaimer: str = DISCLAIMER


def _readings(mention: Mention) -> list[tuple[str, Decimal]]:
    """(how it was read, cells/µL) pairs: the written unit, or both usual units if none."""
    if mention.per_uL is not None:
        return [("", Decimal(str(mention.per_uL)))]
    if mention.unit_text or mention.value_text[:1] in "<>≤≥":
        return []
    number = parse_number(mention.value_text)
    if number is None:
        return []
    return [
        (f"if that is {mention.value_text} cells/µL", number),
        (f"if that is {mention.value_text} ×10³/µL", number * 1000),
    ]


# §3.1: after infancy the normal ANC range is about 1,500-8,000/mm³.
USUAL_HIGHEST_ANC = Decimal(8000)
_PROFOUND_BELOW = Decimal(100)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _censored_at_most_100(mention: Mention) -> Decimal | None:
    """The bound of a "<x" count whose bound is at most 100/µL (profound, §2.1)."""
    if not mention.value_text.startswith(("<", "≤")) or not mention.unit_text:
        return None
    unit = parse_unit(mention.unit_text)
    number = parse_number(
        mention.value_text.lstrip("<≤="), comma_is_decimal=unit is not None and unit.factor == 1000
    )
    if unit is None or unit.kind is not UnitKind.COUNT or number is None:
        return None
    bound = number * unit.factor
    return bound if bound <= _PROFOUND_BELOW else None


def _neutrophil_text(mention: Mention, age: StatedAge | None) -> MentionExplanation:
    readings = _readings(mention)
    sections = ["§1.3", "§2.1", "§3.1"]
    parts: list[str] = []
    if mention.per_uL is None and len(readings) == 2:
        parts.append(
            f"The post gives no unit for {mention.value_text}. Reports write the ANC either in "
            "cells/µL or in thousands per µL (×10³/µL, the same as ×10⁹/L); the unit printed "
            "on the report decides which (§1.3)."
        )
    for reading, per_uL in readings:
        prefix = f"{reading}, " if reading else ""
        if per_uL > USUAL_HIGHEST_ANC:
            parts.append(
                _sentence(
                    f"{prefix}{format_count(per_uL)}/µL would be above the usual range of "
                    "about 1,500-8,000/µL after infancy (§3.1)."
                )
            )
            continue
        if age is not None:
            limit = anc_lower_limit(Decimal(str(age.years)), duffy_null=False)
            if limit is None:
                parts.append(
                    _sentence(
                        f"{prefix}the count is {format_count(per_uL)}/µL; in the first two "
                        "weeks of life normal values change by the hour, so ask the baby's "
                        "care team (§3.1)."
                    )
                )
                continue
            label = _SEVERITY_WORDS[severity(per_uL, limit)]
            parts.append(
                _sentence(
                    f"{prefix}{format_count(per_uL)}/µL at the stated age is {label} (lower "
                    f"limit {format_count(limit)}/µL) (§2.1, §3.1)."
                )
            )
        else:
            adult = _SEVERITY_WORDS[severity(per_uL, Decimal(1500))]
            infant = _SEVERITY_WORDS[severity(per_uL, Decimal(1000))]
            parts.append(
                _sentence(
                    f"{prefix}{format_count(per_uL)}/µL would be {adult} from 1 year of age "
                    f"(lower limit 1,500/µL), and {infant} for a baby from 2 weeks to 1 year "
                    "(lower limit 1,000/µL) (§2.1, §3.1)."
                )
            )
    profound_bound = _censored_at_most_100(mention)
    if profound_bound is not None:
        parts.append(
            f"{mention.value_text} {mention.unit_text} means below {format_count(profound_bound)}"
            "/µL: profound neutropenia at any age from 2 weeks (§1.3, §2.1)."
        )
    elif not readings:
        parts.append(
            "The neutrophil count (ANC) is compared with a lower limit that depends on age: "
            "1,000/µL for babies from 2 weeks to 1 year, 1,500/µL from 1 year (§3.1)."
        )
    parts.append(
        "With a low neutrophil count, a temperature of 38.0 °C (100.4 °F) or higher needs a call "
        "to the care team straight away (§5.2)."
    )
    sections.append("§5.2")
    return MentionExplanation((mention,), " ".join(parts), tuple(sections))


def _percent_of_wbc(mention: Mention, wbc: Mention | None) -> MentionExplanation:
    parts = [
        f"{mention.value_text} % is the share of all white cells, not a count. The absolute "
        "count is WBC × % / 100 (§1.1, §1.2)."
    ]
    if wbc is not None and wbc.per_uL is not None:
        number = parse_number(mention.value_text)
        if number is not None:
            absolute = Decimal(str(wbc.per_uL)) * number / 100
            parts.append(
                f"With the WBC of {format_count(Decimal(str(wbc.per_uL)))}/µL in the same post, "
                f"that is about {format_count(absolute.quantize(1))}/µL (§1.1)."
            )
    return MentionExplanation((mention,), " ".join(parts), ("§1.1", "§1.2"))


def _lymphocyte_pair(
    absolute: Mention, percent: Mention, age: StatedAge | None
) -> MentionExplanation | None:
    percent_value = parse_number(percent.value_text)
    per_uL = _readings(absolute)
    if percent_value is None or not per_uL:
        return None
    # Without a unit the explanation is given conditionally, for the ×10³/µL reading.
    _, alc = per_uL[-1]
    age_years = Decimal(str(age.years)) if age is not None else Decimal(18)
    explanation = explain_lymphocytes(age_years, alc, percent_value)
    if explanation is None:
        return None
    unit_note = (
        ""
        if absolute.per_uL is not None
        else f"The post gives no unit for {absolute.value_text}; the unit on the report decides "
        f"(§1.3). If it is {absolute.value_text} ×10³/µL ({format_count(alc)}/µL): "
    )
    age_note = "" if age is not None else "No age is stated, so adult ranges are used. "
    return MentionExplanation(
        (absolute, percent),
        age_note + unit_note + (_lower_first(explanation.text) if unit_note else explanation.text),
        ("§1.2", "§1.3", explanation.section),
    )


def explain_post(text: str) -> PostExplanations:
    """Find the lab values in a post and explain each, using a stated age when there is one."""
    mentions = find_mentions(text)
    age = find_stated_age(text)
    wbc = next((m for m in mentions if m.analyte == "WBC" and m.per_uL is not None), None)
    explanations: list[MentionExplanation] = []
    used: set[int] = set()
    for index, mention in enumerate(mentions):
        if index in used:
            continue
        if mention.analyte == "lymphocytes":
            partner = _lymphocyte_partner(mentions, index)
            if partner is not None:
                pair = sorted((mention, mentions[partner]), key=lambda m: m.kind)
                explained = _lymphocyte_pair(pair[0], pair[1], age)
                if explained is not None:
                    explanations.append(explained)
                    used.update({index, partner})
                    continue
        if mention.analyte in ("ANC", "neutrophils") and mention.kind == "absolute":
            explanations.append(_neutrophil_text(mention, age))
        elif mention.kind == "percent":
            explanations.append(_percent_of_wbc(mention, wbc))
        elif mention.analyte == "WBC":
            explanations.append(
                MentionExplanation(
                    (mention,),
                    "The WBC is the total of all white cells. For infection risk the "
                    "neutrophil part of it (the ANC) matters most (§1.1).",
                    ("§1.1",),
                )
            )
    return PostExplanations(age, _merge_repeats(explanations))


def _merge_repeats(explanations: list[MentionExplanation]) -> tuple[MentionExplanation, ...]:
    """A post that names the same value twice ("ANC 310 … a neutrophil count of 310") gets
    one explanation quoting both places, not the same paragraph twice."""
    merged: dict[str, MentionExplanation] = {}
    for item in explanations:
        earlier = merged.get(item.text)
        if earlier is None:
            merged[item.text] = item
        else:
            merged[item.text] = MentionExplanation(
                earlier.mentions + item.mentions, item.text, earlier.sections
            )
    return tuple(merged.values())


def _lymphocyte_partner(mentions: list[Mention], index: int) -> int | None:
    """The other lymphocyte mention of the opposite kind, if the post has one."""
    kind = mentions[index].kind
    for other_index, other in enumerate(mentions):
        if other_index != index and other.analyte == "lymphocytes" and other.kind != kind:
            return other_index
    return None
