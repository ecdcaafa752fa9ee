"""Posts that describe a possible emergency happening now.

Five kinds, each a set of phrases checked for being current by `context.status_of`:

- ``fever-with-low-counts``: the rule of clinical reference §5.3 for text: a current
  temperature of 38.0 °C / 100.4 °F or higher (or the word "fever" with no reading) together
  with low counts: an ANC under 1,000 (the ANC threshold of §5.1 and §10.5), or words such as
  "very low", "neutropenic", "nadir", or current chemotherapy. A fever in someone whose counts
  are stated to be normal is not this kind.
- ``breathing``, ``chest-pain``, ``stroke``, ``self-harm``: symptom phrases described as
  happening now.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice

from carecommons.safety.context import Span, Status, Timing, status_of
from carecommons.safety.neutrophils import Bound, NeutrophilCount, find_neutrophil_counts
from carecommons.safety.temperatures import find_fever_words, find_temperatures


class EmergencyKind(StrEnum):
    FEVER_WITH_LOW_COUNTS = "fever-with-low-counts"
    BREATHING = "breathing"
    CHEST_PAIN = "chest-pain"
    STROKE = "stroke"
    SELF_HARM = "self-harm"


# §5.3 / §10.5: an ANC under 1,000 cells/µL counts as low for the fever rule.
LOW_ANC_PER_UL = 1000.0
# §3.1 / §10.2: 1,500 cells/µL is the lower limit of normal from one year of age, so a count
# at or above it is "stated to be normal" (§5.3).
NORMAL_ANC_PER_UL = 1500.0


@dataclass(frozen=True)
class EmergencyFinding:
    kind: EmergencyKind
    start: int
    end: int


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


_LOW_COUNT_WORDS = _compile(
    r"\b(?:neutropenic|nadir|agranulocytosis|no neutrophils|zero neutrophils|"
    r"(?:counts?|anc|neutrophils?) (?:have |has )?(?:bottomed out|crashed|tanked|plummeted))\b",
    r"\b(?:very |extremely |dangerously |really |super |so |critically |severely |quite )?low "
    r"(?:anc|neutrophils?|neutrophil counts?|counts|blood counts|"
    r"white (?:blood )?(?:cell )?counts?|wbc)\b",
    r"\b(?:anc|neutrophils?|neutrophil counts?|counts|blood counts|"
    r"white (?:blood )?(?:cell )?counts?|wbc)"
    r"(?: \w+){0,2} (?:is|are|was|were|'s|has been|have been|went|go|goes|get|gets|drop|drops|"
    r"dropped|fall|falls|fell)"
    r"(?: even| really| very| extremely| dangerously| so| super| way)? (?:low|lower|down)\b",
    r"\bneutropenia\b",
)
_NORMAL_COUNT_WORDS = _compile(
    r"\b(?:anc|neutrophils?|neutrophil counts?|counts|blood counts|white count|wbc|blood work|"
    r"results)"
    r"(?: \w+){0,2} (?:is|are|was|were|'s|came back|have been|has been)"
    r"(?: all| totally| completely| perfectly)? (?:normal|fine|good|okay|ok|in range|within range|"
    r"healthy)\b",
    r"\bnormal (?:anc|neutrophils?|neutrophil counts?|counts|blood counts|white count)\b",
    r"\b(?:counts?|anc|neutrophils?) (?:are |is )?back to normal\b",
)
_CHEMOTHERAPY = _compile(
    r"\b(?:chemo(?:therapy)?|chemo (?:round|cycle|infusion)|round \d+ of \w+|cycle \d+ of \w+)\b",
)
_TREATMENT_FINISHED = re.compile(
    r"\b(?:finished|completed|done with|ended|stopped|off)\s+(?:my |his |her |the )?chemo",
    re.IGNORECASE,
)
_NADIR_WINDOW = re.compile(
    r"\b(?:yesterday|today|last week|days? ago|this week|(?:a few|few|several|two|three|"
    r"\d+) days)\b",
    re.IGNORECASE,
)

_SYMPTOMS: dict[EmergencyKind, re.Pattern[str]] = {
    EmergencyKind.BREATHING: _compile(
        r"\b(?:can(?:no|')?t|cannot|could(?:n't| not)|can (?:hardly|barely)|unable to|hard to|"
        r"struggling to|struggles to|"
        r"fighting to|trouble|difficulty|difficult to|problems?|a hard time|labou?red)\s+"
        r"(?:breathing|breathe|catch (?:my|his|her|their|a) breath|get (?:enough )?air)\b",
        r"\bgasping(?: for (?:air|breath))?\b",
        r"\b(?:lips|face|fingertips|fingers) (?:are |is |turning |turned |going |went )?(?:blue|"
        r"grey|gray)\b",
        r"\bblue lips\b",
        r"\bshort(?:ness)? of breath\b(?! (?:when|on|after|climbing|walking|with|if|during))",
        r"\bbreathing (?:is |has been |was )?(?:very |really |so )?(?:fast and shallow|shallow|"
        r"laboured|"
        r"labored|difficult|hard|noisy and fast)\b",
        r"\b(?:choking|suffocating)\b",
    ),
    EmergencyKind.CHEST_PAIN: _compile(
        r"\bchest (?:pains?|pressure|tightness|heaviness)\b",
        r"\b(?:pain|pressure|tightness|squeezing|crushing|heaviness|a weight) (?:in|on|across) "
        r"(?:my|his|her|the) chest\b",
        r"\bchest (?:hurts|is hurting|feels (?:tight|heavy|crushed|like))\b",
        r"\b(?:having|have) a heart attack\b",
    ),
    EmergencyKind.SELF_HARM: _compile(
        r"\bsuicid(?:e|al)\b",
        r"\bkill(?:ing)? (?:myself|himself|herself|themselves)\b",
        r"\b(?:end|ending|take|taking) (?:my|his|her|their) (?:own )?life\b",
        r"\b(?:hurt|hurting|harm|harming|cut|cutting) (?:myself|himself|herself|themselves)\b",
        r"\bself[- ]?harm(?:ing)?\b",
        r"\bwants? to die\b|\bwanting to die\b",
        r"\bwish (?:i|he|she) (?:was|were) dead\b|\bbetter off dead\b",
        r"\b(?:no|not any) (?:reason|point) (?:to|in) (?:living|live|going on|go on|keep going|"
        r"being alive)\b",
        r"\bdon'?t want to (?:live|be alive|be here anymore|wake up)\b",
        r"\bend it all\b",
        r"\b(?:take|taking) all (?:of )?(?:my|his|her) (?:pills|tablets|meds)\b",
        r"\bcan'?t go on (?:anymore|any more|living)\b",
    ),
}

# Feeling a burden is said in hypothetical, about-everyone words ("they would all be better off
# without me"), so only negation and the past rule it out.
_BURDEN = _compile(
    r"\bbetter off without me\b",
    r"\bbetter off if i (?:was|were) (?:gone|dead|not here)\b",
    r"\b(?:just |only )?a burden (?:to|on) (?:everyone|my family|them|all of them)\b",
)

_STROKE_NAMED = _compile(
    r"\b(?:having|have|is having|'s having) a stroke\b",
    r"\b(?:signs|symptoms) of a stroke\b",
    r"\bstroke (?:signs|symptoms)\b",
)
_STROKE_SIGNS = _compile(
    r"\bface (?:is |was |has |started )?(?:drooping|droops|drooped|sagging|numb|lopsided|uneven)\b",
    r"\b(?:drooping|droopy|lopsided) (?:face|mouth|smile)\b",
    r"\bone side of (?:my|his|her|the) (?:face|body|mouth)\b",
    r"\bslurr(?:ed|ing)(?: (?:speech|words|his words|her words|my words))?\b",
    r"\bspeech (?:is |was |sounds |suddenly |(?:suddenly )?became |has become )?(?:slurred|"
    r"garbled|jumbled)\b",
    r"\bcan(?:no|')?t (?:speak|talk|find (?:the|my|his|her) words|lift (?:my|his|her) arm)\b",
    r"\b(?:weak|numb|weakness|numbness|paralysed|paralyzed) (?:in |on )?(?:my |his |her )?"
    r"(?:one side|left side|right side|left arm|right arm|left leg|right leg)\b",
    r"\b(?:arm|leg) (?:is |went |has gone |suddenly )?(?:numb|weak|limp|dead)\b",
    r"\bworst headache of (?:my|his|her) life\b",
    r"\bsudden(?:ly)? (?:confused|confusion|severe headache|lost (?:his |her |my )?(?:vision|"
    r"sight))\b",
)
_ACUTE = re.compile(
    r"\b(?:sudden|suddenly|all of a sudden|out of nowhere|just now|just started|right now|"
    r"minutes? ago|an hour ago|this morning|tonight|woke up with|started)\b",
    re.IGNORECASE,
)


def _current(text: str, start: int, end: int, timing: Timing = Timing.SYMPTOM) -> bool:
    return status_of(text, Span(start, end), timing) is Status.CURRENT


def _current_matches(
    text: str, pattern: re.Pattern[str], timing: Timing = Timing.SYMPTOM
) -> Iterator[Span]:
    """Current matches, lazily: most callers only need the first one or two."""
    for match in pattern.finditer(text):
        if _current(text, match.start(), match.end(), timing):
            yield Span(match.start(), match.end())


def detect_emergencies(text: str) -> list[EmergencyFinding]:
    """All emergency kinds that fire for a post, at most one finding per kind."""
    findings: list[EmergencyFinding] = []
    fever = _fever_with_low_counts(text)
    if fever is not None:
        findings.append(fever)
    for kind, pattern in _SYMPTOMS.items():
        first = next(_current_matches(text, pattern), None)
        if first is not None:
            findings.append(EmergencyFinding(kind, first.start, first.end))
    if not any(finding.kind is EmergencyKind.SELF_HARM for finding in findings):
        for match in _BURDEN.finditer(text):
            if status_of(text, Span(match.start(), match.end())) not in {
                Status.NEGATED,
                Status.PAST,
            }:
                findings.append(
                    EmergencyFinding(EmergencyKind.SELF_HARM, match.start(), match.end())
                )
                break
    stroke = _stroke(text)
    if stroke is not None:
        findings.append(stroke)
    order = list(EmergencyKind)
    return sorted(findings, key=lambda finding: order.index(finding.kind))


def _stroke(text: str) -> EmergencyFinding | None:
    named = next(_current_matches(text, _STROKE_NAMED), None)
    if named is not None:
        return EmergencyFinding(EmergencyKind.STROKE, named.start, named.end)
    signs = list(islice(_current_matches(text, _STROKE_SIGNS), 2))
    # A single sign can be a lasting after-effect of an old stroke; a sign that came on
    # suddenly, or two signs together, is what the FAST campaign asks people to act on.
    if len(signs) >= 2 or (signs and _ACUTE.search(text)):
        return EmergencyFinding(EmergencyKind.STROKE, signs[0].start, signs[0].end)
    return None


def _current_fever(text: str) -> Span | None:
    """Where the post states a current fever per §5.3, if it does.

    When the post gives current readings, the highest one decides; "low-grade fever of 99.8"
    is not a fever by the 38.0 °C / 100.4 °F line. Without a reading, the word "fever"
    (unqualified) is taken at its meaning: a temperature at or above that line.
    """
    highest_first = sorted(find_temperatures(text), key=lambda reading: -reading.celsius)
    for reading in highest_first:
        if _current(text, reading.start, reading.end):
            return Span(reading.start, reading.end) if reading.is_fever else None
    for word in find_fever_words(text):
        if not word.below_threshold and _current(text, word.start, word.end):
            return Span(word.start, word.end)
    return None


def _fever_with_low_counts(text: str) -> EmergencyFinding | None:
    fever = _current_fever(text)
    if fever is None:
        return None
    if _counts_low(text):
        return EmergencyFinding(EmergencyKind.FEVER_WITH_LOW_COUNTS, fever.start, fever.end)
    return None


def _latest_current_count(text: str) -> NeutrophilCount | None:
    for count in reversed(find_neutrophil_counts(text)):
        if count.per_uL is not None and _current(
            text, count.start, count.end, Timing.ONGOING_STATE
        ):
            return count
    return None


def _counts_low(text: str) -> bool:
    """Whether the post says the counts are low now.

    A stated number outranks words: the latest current count decides ("ANC was 300 on Monday,
    1,800 today" is normal). Without a number, low-count words or current chemotherapy count,
    unless the counts are stated to be normal.
    """
    latest = _latest_current_count(text)
    if latest is not None and latest.per_uL is not None:
        if latest.bound is Bound.EXACT and latest.per_uL < LOW_ANC_PER_UL:
            return True
        # "ANC <1.0 x10^9/L" is below 1,000 too (clinical-rules.json: an upper bound <= 1000).
        if latest.bound is Bound.AT_MOST and latest.per_uL <= LOW_ANC_PER_UL:
            return True
        if latest.per_uL >= NORMAL_ANC_PER_UL:
            return False
        # Between 1,000 and 1,500 (or only "over 500"), the count alone is not low enough;
        # current chemotherapy still is (§5.3).
        return _on_chemotherapy(text)
    if next(_current_matches(text, _NORMAL_COUNT_WORDS, Timing.ONGOING_STATE), None):
        return False
    if next(_current_matches(text, _LOW_COUNT_WORDS, Timing.ONGOING_STATE), None):
        return True
    return _on_chemotherapy(text)


def _on_chemotherapy(text: str) -> bool:
    for match in _current_matches(text, _CHEMOTHERAPY, Timing.ONGOING_STATE):
        finished = _TREATMENT_FINISHED.search(text, max(0, match.start - 30), match.end)
        if finished is None:
            return True
        # The neutrophil nadir comes 5-18 days after a treatment (§6), so chemotherapy that
        # ended days ago still counts; chemotherapy that ended months ago does not.
        if _NADIR_WINDOW.search(text, match.end, match.end + 40):
            return True
    return False
