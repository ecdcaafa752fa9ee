"""Precision and recall of the safety detectors on a labelled set of sentences.

The labelled set is JSON Lines, one object per sentence:

    {"text": "...", "emergency": ["fever-with-low-counts"], "advice": false,
     "personal_data": [{"kind": "phone", "text": "555-123-4567"}], "seed": true, "note": "..."}

``seed`` marks the situations of the seed page; ``note`` explains a labelling decision.
Counting units: emergency kinds per sentence, one advice decision per sentence, and personal
data spans (a predicted span is right when it overlaps a labelled span of the same kind).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carecommons.safety.advice import find_medical_advice
from carecommons.safety.emergency import detect_emergencies
from carecommons.safety.personal_data import find_personal_data


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    emergency: frozenset[str]
    advice: bool
    personal_data: tuple[tuple[str, int, int], ...]
    seed: bool
    note: str


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def as_dict(self) -> dict[str, float | int]:
        predicted = self.true_positives + self.false_positives
        expected = self.true_positives + self.false_negatives
        return {
            "precision": self.true_positives / predicted if predicted else 1.0,
            "recall": self.true_positives / expected if expected else 1.0,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def load(path: str | Path) -> list[LabelledSentence]:
    sentences: list[LabelledSentence] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences.append(_labelled(json.loads(line)))
    return sentences


def _labelled(raw: dict[str, Any]) -> LabelledSentence:
    text = str(raw["text"])
    spans: list[tuple[str, int, int]] = []
    for item in raw.get("personal_data", []):
        start = text.index(item["text"])
        spans.append((str(item["kind"]), start, start + len(item["text"])))
    return LabelledSentence(
        text=text,
        emergency=frozenset(str(kind) for kind in raw.get("emergency", [])),
        advice=bool(raw.get("advice", False)),
        personal_data=tuple(spans),
        seed=bool(raw.get("seed", False)),
        note=str(raw.get("note", "")),
    )


def scores(path: str | Path) -> dict[str, dict[str, float | int]]:
    """Precision and recall per detector: emergency, advice_nudge, personal_data."""
    emergency, advice, personal = Tally(), Tally(), Tally()
    for sentence in load(path):
        predicted_kinds = {finding.kind.value for finding in detect_emergencies(sentence.text)}
        emergency.true_positives += len(predicted_kinds & sentence.emergency)
        emergency.false_positives += len(predicted_kinds - sentence.emergency)
        emergency.false_negatives += len(sentence.emergency - predicted_kinds)

        predicted_advice = bool(find_medical_advice(sentence.text))
        advice.true_positives += predicted_advice and sentence.advice
        advice.false_positives += predicted_advice and not sentence.advice
        advice.false_negatives += sentence.advice and not predicted_advice

        predicted_spans = [
            (span.kind.value, span.start, span.end) for span in find_personal_data(sentence.text)
        ]
        matched = [
            any(_same_span(found, expected) for found in predicted_spans)
            for expected in sentence.personal_data
        ]
        personal.true_positives += sum(matched)
        personal.false_negatives += len(matched) - sum(matched)
        personal.false_positives += sum(
            not any(_same_span(found, expected) for expected in sentence.personal_data)
            for found in predicted_spans
        )
    return {
        "emergency": emergency.as_dict(),
        "advice_nudge": advice.as_dict(),
        "personal_data": personal.as_dict(),
    }


def _same_span(first: tuple[str, int, int], second: tuple[str, int, int]) -> bool:
    return first[0] == second[0] and first[1] < second[2] and second[1] < first[2]
