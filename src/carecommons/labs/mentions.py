"""Lab values mentioned in free text ("ANC 310", "LYM 4.2 but 82 %") and stated ages.

False explanations are worse than none, so the recogniser favours precision:

* a value is only taken when it follows an analyte name through a short run of linking words
  ("was", "back to", "count of" …), or directly precedes one ("200 neutrophils");
* numbers followed by durations, doses, dates or other numbers ("310 days", "3/14") are not
  values;
* short or ambiguous names ("bands", "mono", "eos", "polys", "segs") need a % or a unit;
* for white cells that may be a percentage or an absolute count, a bare whole number up to 100
  is skipped unless the text says "count" or "absolute";
* ``per_uL`` is filled only when a count unit from the rules' table is written (§1.3): a
  number without a unit is never converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from carecommons.labs.values import UNIT_ALTERNATION, UnitKind, parse_number, parse_unit

MentionAnalyte = Literal[
    "ANC",
    "WBC",
    "neutrophils",
    "lymphocytes",
    "monocytes",
    "eosinophils",
    "basophils",
    "bands",
    "hemoglobin",
    "platelets",
]
MentionKind = Literal["absolute", "percent"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One lab value found in text; ``start``/``end`` are offsets of the whole phrase."""

    analyte: MentionAnalyte
    kind: MentionKind
    value_text: str
    unit_text: str
    per_uL: float | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Term:
    analyte: MentionAnalyte
    says_absolute: bool  # the name itself says absolute count ("ANC", "ALC", "… count")
    needs_unit: bool  # ambiguous short forms must carry a % or a unit
    always_absolute: bool  # analytes that are never a percentage (WBC, platelets, Hb)


# (pattern, term) pairs; longer phrases first so "absolute neutrophil count" wins over
# "neutrophil".
_TERMS: list[tuple[str, _Term]] = [
    (r"absolute\s+neutrophil\s+counts?", _Term("ANC", True, False, True)),
    (r"abs(?:olute|\.)?\s*neut(?:rophil)?s?(?:\s+counts?)?", _Term("ANC", True, False, True)),
    (r"neut(?:rophil)?s?\s*#", _Term("ANC", True, False, True)),
    (r"ancs?", _Term("ANC", True, False, True)),
    (r"absolute\s+lymphocyte\s+counts?", _Term("lymphocytes", True, False, False)),
    (r"alc", _Term("lymphocytes", True, False, False)),
    (r"white\s+(?:blood\s+)?(?:cell\s+)?counts?", _Term("WBC", True, False, True)),
    (r"white\s+(?:blood\s+)?cells?", _Term("WBC", True, False, True)),
    (r"wbcs?(?:\s+counts?)?", _Term("WBC", True, False, True)),
    (r"leu[ck]ocytes?(?:\s+counts?)?", _Term("WBC", True, False, True)),
    (r"neutrophils?\s+counts?", _Term("neutrophils", True, False, False)),
    (r"neutrophils?", _Term("neutrophils", False, False, False)),
    (r"neuts?|neutros?", _Term("neutrophils", False, False, False)),
    (r"polys|pmns?|segs", _Term("neutrophils", False, True, False)),
    (r"band\s+neutrophils|bands", _Term("bands", False, True, False)),
    (r"lymphocytes?\s+counts?", _Term("lymphocytes", True, False, False)),
    (r"lymphocytes?|lymphs?|lym", _Term("lymphocytes", False, False, False)),
    (r"monocytes?(?:\s+counts?)?", _Term("monocytes", False, False, False)),
    (r"monos?", _Term("monocytes", False, True, False)),
    (r"eosinophils?(?:\s+counts?)?", _Term("eosinophils", False, False, False)),
    (r"eos", _Term("eosinophils", False, True, False)),
    (r"basophils?(?:\s+counts?)?", _Term("basophils", False, False, False)),
    (r"basos?", _Term("basophils", False, True, False)),
    (r"ha?emoglobin|hgb|hb", _Term("hemoglobin", False, False, True)),
    (r"platelets?(?:\s+counts?)?|plts?", _Term("platelets", False, False, True)),
]

_TERM_PATTERN = re.compile(
    r"(?<![\w#])(?:"
    + "|".join(f"(?P<t{index}>{pattern})" for index, (pattern, _) in enumerate(_TERMS))
    + r")(?![\w])",
    re.IGNORECASE,
)

# Words that may sit between a name and its value ("ANC was back up to 2,000").
_LINK_WORDS = (
    r"was|is|were|are|'s|’s|of|at|now|currently|still|only|just|came|back|went|gone|"
    r"dropped|fell|rose|jumped|climbed|recovered|bounced|down|up|around|about|approximately|"
    r"roughly|nearly|almost|to|from|reached|hit|got|sitting|sits|stayed|stays|hovering|"
    r"finally|even|count|counts|level|levels|number|value|result|today|yesterday|again|"
    r"has|had|been|be|as|low|high|then|this|morning|week|\(|:|=|-|–|~|≈"
)
_LINK = rf"(?:\s*(?:{_LINK_WORDS})(?![\w]))*\s*"

_NUMBER = r"(?P<comparator><|>|≤|≥)?\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"


_UNIT = rf"(?P<unit>%|\s?percent|\s?per\s?cent|(?:{UNIT_ALTERNATION})(?![\w/])|k(?![\w]))"
_AFTER_VALUE_REJECT = re.compile(
    r"\s*(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|y/?o|hours?|hrs?|minutes?|mins?|"
    r"seconds?|times?|mg|mcg|ml|kg|lbs?|pounds|am|pm|°|degrees?|st|nd|rd|th|x)(?![\w])"
    r"|[./:\-*^]\d|\d",
    re.IGNORECASE,
)

_VALUE_AFTER_TERM = re.compile(_LINK + _NUMBER + rf"(?:\s*{_UNIT})?", re.IGNORECASE)
_CHAIN = re.compile(
    r"\s*(?P<link>,|;|/|\(|but|and|with|then|to|→|->)\s*(?:(?:only|just|was|is|about|around)\s+)*"
    + _NUMBER
    + rf"(?:\s*{_UNIT})?",
    re.IGNORECASE,
)
_VALUE_BEFORE_TERM = re.compile(
    r"(?<![\w.,/])" + _NUMBER + rf"(?:\s*{_UNIT})?\s*(?:of\s+(?:the\s+)?|(?:absolute\s+))?",
    re.IGNORECASE,
)
_TERM_FOLLOWED_BY_NOUN = re.compile(
    r"\s+(?:tests?|checks?|draws?|results?|values?|readings?|labs?|panels?|infusions?)\b",
    re.IGNORECASE,
)
_WORD_BEFORE_COUNT = re.compile(r"(?:count|absolute)", re.IGNORECASE)
_PERCENT_AFTER_TERM = re.compile(r"\s*%")
_ABBREVIATION_AFTER_TERM = re.compile(r"\s*\((?:ANC|ALC|WBC|AMC|AEC|PLT|Hgb|Hb)\)", re.IGNORECASE)


def _term_at(match: re.Match[str]) -> _Term:
    for index, (_, term) in enumerate(_TERMS):
        if match.group(f"t{index}") is not None:
            return term
    raise LookupError("a term pattern matched without a named group")  # pragma: no cover


def _is_percent(unit_text: str) -> bool:
    return unit_text.strip().lower().replace(" ", "") in ("%", "percent", "percent")


def _per_uL(number_text: str, unit_text: str, comparator: str | None) -> tuple[float | None, bool]:
    """(cells/µL, unit_is_count) for a written count unit; None without a table unit (§1.3)."""
    unit = parse_unit(unit_text) if unit_text else None
    if unit is None or unit.kind is not UnitKind.COUNT:
        return None, False
    number = parse_number(number_text, comma_is_decimal=unit.factor == 1000)
    if number is None or comparator is not None:
        return None, True
    return float(number * unit.factor), True


def _looks_absolute(number_text: str) -> bool:
    """A decimal ("4.2") or a number over 100 cannot be a plain whole percentage."""
    number = parse_number(number_text)
    if number is None:
        return False
    return number != number.to_integral_value() or number > 100


def _build(
    term: _Term,
    value: re.Match[str],
    start: int,
    end: int,
    says_absolute: bool,
    named_percent: bool = False,
) -> Mention | None:
    number_text = value["number"]
    comparator = value["comparator"]
    unit_text = (value["unit"] or "").strip()
    if _AFTER_VALUE_REJECT.match(value.string, value.end()):
        return None
    percent = _is_percent(unit_text) or (named_percent and not unit_text)
    per_uL, unit_is_count = _per_uL(number_text, unit_text, comparator)
    if named_percent and unit_is_count:
        return None
    if unit_text and not percent and not unit_is_count:
        # Grams are a hemoglobin unit; "k" is not in the rules' table but is still a count.
        grams = parse_unit(unit_text)
        if term.analyte != "hemoglobin" and unit_text.lower() != "k":
            return None
        if term.analyte == "hemoglobin" and (
            grams is None or grams.kind is not UnitKind.MASS_CONCENTRATION
        ):
            return None
    if term.needs_unit and not unit_text and not named_percent:
        return None
    if percent and term.always_absolute:
        return None
    if percent:
        kind: MentionKind = "percent"
    elif term.always_absolute or says_absolute or unit_text or _looks_absolute(number_text):
        kind = "absolute"
    else:
        return None
    if term.analyte == "hemoglobin":
        per_uL = None
    value_text = f"{comparator}{number_text}" if comparator else number_text
    return Mention(term.analyte, kind, value_text, unit_text, per_uL, start, end)


def find_mentions(text: str) -> list[Mention]:
    """Lab values mentioned in ``text``, in order of appearance."""
    mentions: list[Mention] = []
    taken_until = 0
    for term_match in _TERM_PATTERN.finditer(text):
        if term_match.start() < taken_until:
            continue
        term = _term_at(term_match)
        term_end = term_match.end()
        # "Absolute neutrophil count (ANC) 720": an abbreviation in brackets after the name.
        abbreviation = _ABBREVIATION_AFTER_TERM.match(text, term_end)
        if abbreviation:
            term_end = abbreviation.end()
        # "Neut % 35": a % right after the name makes the value a percentage.
        percent_after_name = _PERCENT_AFTER_TERM.match(text, term_end)
        if percent_after_name:
            term_end = percent_after_name.end()
        value = _VALUE_AFTER_TERM.match(text, term_end)
        if value is None:
            continue
        linking = text[term_end : value.start("number")]
        says_absolute = term.says_absolute or bool(_WORD_BEFORE_COUNT.search(linking))
        mention = _build(
            term, value, term_match.start(), value.end(), says_absolute, bool(percent_after_name)
        )
        if mention is None:
            continue
        mentions.append(mention)
        taken_until = value.end()
        taken_until = _follow_chain(text, term, mention, mentions, taken_until)
    mentions.extend(_values_before_terms(text, mentions))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


def _follow_chain(
    text: str, term: _Term, first: Mention, mentions: list[Mention], position: int
) -> int:
    """Values chained to the previous one: "LYM 4.2 but 82 %", "from 800 to 200"."""
    previous = first
    while True:
        chained = _CHAIN.match(text, position)
        if chained is None:
            return position
        ranged = chained["link"].lower() in ("to", "then", "→", "->")
        # "lymphocytes 82 % but 4.2": after a percentage, a decimal can only be a count.
        count_after_percent = previous.kind == "percent" and bool(
            re.fullmatch(r"\d+[.,]\d+", chained["number"])
        )
        if not chained["unit"] and not ranged and not count_after_percent:
            return position
        mention = _build(
            term,
            chained,
            chained.start("number") - len(chained["comparator"] or ""),
            chained.end(),
            term.says_absolute or previous.kind == "absolute",
        )
        if mention is None:
            return position
        mentions.append(mention)
        previous = mention
        position = chained.end()


def _values_before_terms(text: str, existing: list[Mention]) -> list[Mention]:
    """'200 neutrophils', '82 % lymphocytes'."""
    found: list[Mention] = []
    for term_match in _TERM_PATTERN.finditer(text):
        if any(m.start <= term_match.start() < m.end for m in existing):
            continue
        if _TERM_FOLLOWED_BY_NOUN.match(text, term_match.end()):
            continue
        term = _term_at(term_match)
        window_start = max(0, term_match.start() - 40)
        candidates = list(_VALUE_BEFORE_TERM.finditer(text, window_start, term_match.start()))
        candidates = [c for c in candidates if c.end() == term_match.start()]
        if not candidates:
            continue
        value = candidates[-1]
        if any(m.start < term_match.end() and value.start() < m.end for m in existing + found):
            continue
        unit_text = (value["unit"] or "").strip()
        if not unit_text and not term.says_absolute and not term.always_absolute:
            continue
        mention = _build_before(term, value, term_match.end())
        if mention is not None:
            found.append(mention)
    return found


def _build_before(term: _Term, value: re.Match[str], end: int) -> Mention | None:
    number_text = value["number"]
    comparator = value["comparator"]
    unit_text = (value["unit"] or "").strip()
    percent = _is_percent(unit_text)
    per_uL, unit_is_count = _per_uL(number_text, unit_text, comparator)
    if unit_text and not percent and not unit_is_count:
        return None
    if percent and term.always_absolute:
        return None
    kind: MentionKind = "percent" if percent else "absolute"
    value_text = f"{comparator}{number_text}" if comparator else number_text
    if term.analyte == "hemoglobin":
        per_uL = None
    return Mention(term.analyte, kind, value_text, unit_text, per_uL, value.start(), end)


# --- stated ages -------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "a": 1, "an": 1,
}  # fmt: skip
_AGE_NUMBER = r"(?P<amount>\d{1,3}(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT_TO_YEARS = {
    "year": Decimal(1),
    "yr": Decimal(1),
    "month": Decimal(1) / 12,
    "mo": Decimal(1) / 12,
    "week": Decimal(7) / Decimal("365.25"),
    "wk": Decimal(7) / Decimal("365.25"),
    "day": Decimal(1) / Decimal("365.25"),
}
_AGE_WITH_UNIT = re.compile(
    rf"(?<![\w.]){_AGE_NUMBER}[\s-]*(?P<unit>year|yr|month|mo|week|wk|day)s?[\s-]*old\b",
    re.IGNORECASE,
)
_AGE_AFTER_VERB = re.compile(
    r"\b(?:i'm|i’m|im|i am|he's|he’s|she's|she’s|he is|she is|aged|age|at age)\s*:?\s*"
    r"(?P<amount>\d{1,3})(?![\d.,])"
    r"(?!\s*(?:kg|lbs?|pounds|%|cm|ft|feet|inches|days?|weeks?|months?|hours?|minutes?|"
    r"times?|mg|percent|and\s+\d))",
    re.IGNORECASE,
)
_AGE_DECADE = re.compile(
    r"\b(?:in\s+(?:my|his|her|their)\s+(?P<part1>early|mid|late)?[\s-]*|"
    r"(?P<part2>early|mid|late)[\s-]+)(?P<decade>[1-9])0'?s\b",
    re.IGNORECASE,
)
_DECADE_OFFSET = {"early": 2, "mid": 5, "late": 8, None: 5}


@dataclass(frozen=True, slots=True)
class StatedAge:
    """An age stated in text, in years; ``approximate`` for "in my mid-60s"."""

    years: float
    text: str
    start: int
    end: int
    approximate: bool


def find_stated_age(text: str) -> StatedAge | None:
    """The first age stated in ``text`` ("my 1-year-old", "I'm 65", "in my mid-60s")."""
    candidates: list[StatedAge] = []
    for match in _AGE_WITH_UNIT.finditer(text):
        amount_text = match["amount"].lower()
        if amount_text in _NUMBER_WORDS:
            amount = Decimal(_NUMBER_WORDS[amount_text])
        else:
            amount = Decimal(amount_text)
        years = amount * _UNIT_TO_YEARS[match["unit"].lower()]
        candidates.append(StatedAge(float(years), match.group(), *match.span(), False))
    for match in _AGE_AFTER_VERB.finditer(text):
        years = Decimal(match["amount"])
        if 0 < years <= 120:
            candidates.append(StatedAge(float(years), match.group(), *match.span(), False))
    for match in _AGE_DECADE.finditer(text):
        part = (match["part1"] or match["part2"] or "").lower() or None
        years = Decimal(match["decade"]) * 10 + _DECADE_OFFSET[part]
        candidates.append(StatedAge(float(years), match.group(), *match.span(), True))
    if not candidates:
        return None
    return min(candidates, key=lambda age: age.start)
