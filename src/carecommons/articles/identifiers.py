"""Likely identifying details in a reader's question, for the editor to remove before publishing.

Plain Python, no Django. Combines the personal-data detector of `carecommons.safety` (emails,
phone numbers, dates of birth, street addresses, record numbers) with three heuristics of our
own, tuned to over-report rather than miss, because a person reviews every highlight:

- **names**: capitalised words that are not the first word of a sentence and not common
  capitalised words (months, weekdays, drug and test names are not in the list; an editor
  reads past them), and any capitalised word after a cue such as "named", "called", "my son".
- **towns and places**: capitalised words after "in", "from", "near", "at", "to" or after
  "live/lives/living in", and words ending in a place suffix ("-ville", "-ton", "-burg"…).
- **exact dates**: "3 March 2024", "March 3rd", "03/04/2024", "2024-03-04".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carecommons.safety import find_personal_data


@dataclass(frozen=True)
class Identifier:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " "))


KIND_LABELS = {
    "name": "possible name",
    "place": "possible town or place",
    "exact_date": "exact date",
    "email": "email address",
    "phone": "phone number",
    "date_of_birth": "date of birth",
    "street_address": "street address",
    "medical_record_number": "record number",
}

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_EXACT_DATES = [
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
]
_NAME_CUE = re.compile(
    r"\b(?:named|called|name is|my (?:son|daughter|child|husband|wife|partner|boy|girl|baby|"
    r"mother|father|mum|mom|dad|brother|sister)|Dr\.?|Doctor|Mr\.?|Mrs\.?|Ms\.?|Nurse)\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)"
)
_PLACE_CUE = re.compile(
    r"\b(?:live|lives|living|lived|based|born|moved|in|from|near|at|to)\s+"
    r"(?P<place>[A-Z][a-z'’-]+(?:[\s-]+(?:[A-Z][a-z'’-]+|upon|on|de|la))*)"
)
_PLACE_SUFFIX = re.compile(
    r"\b[A-Z][a-z]+(?:ville|ton|burg|burgh|bury|ford|field|mouth|chester|caster|port|stad|"
    r"hampton|wick|worth|dale|by)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(]\s*)$")

# Capitalised words that are not names: sentence furniture, calendar words, titles and a few
# medical words that readers often capitalise. Checked in lower case.
_COMMON_WORDS = """
i i'm i've i'd i'll a an the my our we he she they it this that these those his her their
hi hello dear thanks thank please yes no ok okay doctor dr mr mrs ms nurse
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
january february march april may june july august september october november december
christmas easter
anc wbc cbc hgb rbc er icu ed gp ent ivig gcsf g-csf covid ebv cmv bmt mri ct pet
english american british canadian european african asian arabic french german spanish
god mom mum dad mother father son daughter husband wife partner baby
hospital clinic children's childrens university medical center centre
what when where why how who which is are was were do does did can could should would
will if but and or so also after before since because although however then
"""
COMMON_CAPITALISED = frozenset(_COMMON_WORDS.split())
# Words that, capitalised after "in"/"at"/"to", are not places.
_NOT_PLACE_WORDS = "hematology haematology oncology pediatrics paediatrics emergency intensive"
NOT_PLACES = COMMON_CAPITALISED | frozenset(_NOT_PLACE_WORDS.split())


def _mid_sentence(text: str, start: int) -> bool:
    return not _SENTENCE_START.search(text[max(0, start - 4) : start])


def find_identifiers(text: str) -> list[Identifier]:
    """Every likely identifier, without overlaps, in the order it appears."""
    found: list[Identifier] = []

    def add(kind: str, start: int, end: int) -> None:
        if start >= end:
            return
        if any(item.start < end and start < item.end for item in found):
            return
        found.append(Identifier(kind, start, end, text[start:end]))

    for span in find_personal_data(text):
        add(str(span.kind.value), span.start, span.end)
    for pattern in _EXACT_DATES:
        for match in pattern.finditer(text):
            add("exact_date", match.start(), match.end())
    for match in _NAME_CUE.finditer(text):
        name = match.group("name")
        if name.split()[0].lower() not in COMMON_CAPITALISED:
            add("name", match.start("name"), match.end("name"))
    for match in _PLACE_CUE.finditer(text):
        place = match.group("place")
        if place.split()[0].lower() not in NOT_PLACES:
            add("place", match.start("place"), match.end("place"))
    for match in _PLACE_SUFFIX.finditer(text):
        add("place", match.start(), match.end())
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if word.lower() in COMMON_CAPITALISED or not _mid_sentence(text, match.start()):
            continue
        add("name", match.start(), match.end())
    return sorted(found, key=lambda item: item.start)
