"""Reading level of a text: the Flesch–Kincaid grade level. Plain Python, no Django.

    grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59

(Kincaid, Fishburne, Rogers & Chissom, 1975, "Derivation of new readability formulas for Navy
enlisted personnel", Research Branch Report 8-75.) The grade is the US school year a reader
needs to follow the text; plain-language guidance for health information aims at grade 8 or
below. Syllables are counted with a vowel-group heuristic (silent final "e", "-le" endings),
which is what most readability tools do; it is right for most English words and off by one
for a few, which moves the grade by a fraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLAIN_LANGUAGE_GRADE = 8.0

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A sentence ends at . ! ? (one or more) followed by space or the end; numbers such as 1.5 and
# abbreviations such as "e.g." are not sentence ends because no space follows the inner dot.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SOUNDED_ES = ("ses", "zes", "xes", "ches", "shes", "ges", "ces")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    grade: float

    @property
    def is_plain_language(self) -> bool:
        return self.grade <= PLAIN_LANGUAGE_GRADE

    @property
    def label(self) -> str:
        if self.words == 0:
            return "No text to measure"
        school_year = max(1, round(self.grade))
        if self.grade <= 6:
            ease = "Very easy to read"
        elif self.grade <= PLAIN_LANGUAGE_GRADE:
            ease = "Plain language"
        elif self.grade <= 12:
            ease = "Fairly hard to read"
        else:
            ease = "Hard to read"
        return f"{ease} (reading level: US school grade {school_year})"


def count_syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s$", "", word)
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    stem = word
    plural_es = stem.endswith("es") and not stem.endswith(_SOUNDED_ES)
    past_ed = stem.endswith("ed") and not stem.endswith(("ted", "ded"))
    if stem.endswith("e") and not stem.endswith(("le", "ee", "ye")):
        stem = stem[:-1]
    elif plural_es or past_ed:
        stem = stem[:-2]
    groups = len(_VOWEL_GROUPS.findall(stem))
    return max(1, groups)


def count_sentences(text: str) -> int:
    pieces = [piece for piece in _SENTENCE_END.split(text) if _WORD.search(piece)]
    return max(1, len(pieces)) if _WORD.search(text) else 0


def flesch_kincaid(text: str) -> Readability:
    words = _WORD.findall(text)
    if not words:
        return Readability(words=0, sentences=0, syllables=0, grade=0.0)
    sentences = count_sentences(text)
    syllables = sum(count_syllables(word) for word in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syllables / len(words)) - 15.59
    return Readability(
        words=len(words), sentences=sentences, syllables=syllables, grade=round(grade, 1)
    )
