"""Safety detectors: precision and recall on the labelled set in tests/safety.

Calls `carecommons.safety.evaluation.scores` (the same function tests/safety/test_labelled_set.py
holds to its quality floors) and adds a per-kind breakdown for the emergency detector, using
the evaluation's own loader and the public detector.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.table import Table

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "safety" / "labelled_sentences.jsonl"


def run() -> list[Table]:
    from carecommons.safety.emergency import detect_emergencies
    from carecommons.safety.evaluation import load, scores

    began = time.perf_counter()
    measured = scores(LABELLED)
    elapsed = time.perf_counter() - began
    sentences = load(LABELLED)

    rows: list[list[Any]] = [
        [
            detector,
            _ratio(tally["precision"]),
            _ratio(tally["recall"]),
            tally["true_positives"],
            tally["false_positives"],
            tally["false_negatives"],
        ]
        for detector, tally in measured.items()
    ]
    per_kind: dict[str, list[int]] = {}
    for sentence in sentences:
        found = {finding.kind.value for finding in detect_emergencies(sentence.text)}
        for kind in found | sentence.emergency:
            counts = per_kind.setdefault(kind, [0, 0, 0])
            counts[0] += kind in found and kind in sentence.emergency
            counts[1] += kind in found and kind not in sentence.emergency
            counts[2] += kind in sentence.emergency and kind not in found
    for kind, (tp, fp, fn) in sorted(per_kind.items()):
        rows.append(
            [
                f"  emergency: {kind}",
                _ratio(tp / (tp + fp) if tp + fp else 1.0),
                _ratio(tp / (tp + fn) if tp + fn else 1.0),
                tp,
                fp,
                fn,
            ]
        )
    seed = sum(sentence.seed for sentence in sentences)
    return [
        Table(
            title="Safety detectors: precision and recall on the labelled set",
            columns=["detector", "precision", "recall", "TP", "FP", "FN"],
            rows=rows,
            notes=[
                "The detectors were developed against this set (fixes found by it were made), "
                "so these are training-set figures, not held-out estimates.",
                f"Set: tests/safety/labelled_sentences.jsonl, {len(sentences)} sentences "
                f"({seed} from the seed page's situations).",
                "Units: emergency kinds per sentence; one advice decision per sentence; personal "
                "data spans (right when overlapping a labelled span of the same kind). "
                "carecommons.safety.evaluation.scores, precision/recall = 1.00 when undefined.",
                f"All three detectors over the set took {elapsed * 1000:.0f} ms "
                f"({elapsed / len(sentences) * 1e6:.0f} us per sentence).",
            ],
            data={"scores": measured, "emergency_by_kind": per_kind, "seconds": elapsed},
        )
    ]


def _ratio(value: float) -> str:
    return f"{value:.3f}"
