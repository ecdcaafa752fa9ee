"""Which experts fit a question: a score from specialty words. Plain Python, no Django.

An editor sees every expert, best match first: the age of the person the question is about
against "pediatric"/"adult" in the specialty, then words the question shares with the
specialty (with a few medical synonyms, so "neutrophil" finds "Hematology"), then the expert
with fewer open assignments first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CHILD_AGE_RANGES = frozenset({"baby", "child", "teen"})
ADULT_AGE_RANGES = frozenset({"adult", "older"})

# A word in a question → specialty words it points to.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "neutrophil": ("hematology", "haematology"),
    "neutrophils": ("hematology", "haematology"),
    "neutropenia": ("hematology", "haematology"),
    "anc": ("hematology", "haematology"),
    "blood": ("hematology", "haematology"),
    "platelets": ("hematology", "haematology"),
    "lymphocytes": ("hematology", "haematology", "immunology"),
    "anemia": ("hematology", "haematology"),
    "marrow": ("hematology", "haematology", "oncology"),
    "leukemia": ("oncology", "hematology"),
    "lymphoma": ("oncology", "hematology"),
    "cancer": ("oncology",),
    "chemotherapy": ("oncology",),
    "chemo": ("oncology",),
    "infection": ("infectious", "immunology"),
    "infections": ("infectious", "immunology"),
}
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Candidate:
    key: int
    specialty: str
    open_assignments: int = 0


@dataclass(frozen=True)
class Suggestion:
    key: int
    score: int
    reasons: tuple[str, ...]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def score(question_text: str, age_range: str, specialty: str) -> tuple[int, tuple[str, ...]]:
    specialty_words = _words(specialty)
    reasons: list[str] = []
    total = 0
    pediatric = bool(specialty_words & {"pediatric", "paediatric", "pediatrics", "paediatrics"})
    if age_range in CHILD_AGE_RANGES and pediatric:
        total += 3
        reasons.append("cares for children")
    elif age_range in ADULT_AGE_RANGES and "adult" in specialty_words:
        total += 3
        reasons.append("cares for adults")
    elif (age_range in CHILD_AGE_RANGES and "adult" in specialty_words) or (
        age_range in ADULT_AGE_RANGES and pediatric
    ):
        total -= 2
    question_words = _words(question_text)
    topics: set[str] = set()
    for word in question_words:
        for target in TOPIC_WORDS.get(word, ()):
            if target in specialty_words:
                topics.add(target)
    shared = {w for w in question_words & specialty_words if len(w) > 4}
    if topics or shared:
        total += 2 * len(topics | shared)
        reasons.append("specialty matches the question")
    return total, tuple(reasons)


def suggest(
    question_text: str, age_range: str, candidates: Sequence[Candidate]
) -> list[Suggestion]:
    """Every candidate, best first; ties go to whoever has fewer open assignments."""
    scored = []
    for candidate in candidates:
        points, reasons = score(question_text, age_range, candidate.specialty)
        scored.append((candidate, Suggestion(candidate.key, points, reasons)))
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].open_assignments, pair[0].key))
    return [suggestion for _, suggestion in scored]
