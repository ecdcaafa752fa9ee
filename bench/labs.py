"""Lab value mentions: precision and recall of the recogniser on the labelled set in tests/labs.

Calls `carecommons.labs.evaluation.mention_scores`: a found mention is right when analyte, kind
and value text all match a labelled one in the same sentence.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.table import Table

SETS = Path(__file__).resolve().parents[1] / "tests" / "labs"
LABELLED = SETS / "mention_sentences.jsonl"
HELD_OUT = SETS / "mention_sentences_heldout.jsonl"


def run() -> list[Table]:
    from carecommons.labs.evaluation import mention_scores

    began = time.perf_counter()
    scores = mention_scores(LABELLED)
    elapsed = time.perf_counter() - began
    held_out = mention_scores(HELD_OUT)

    def row(name: str, found: dict[str, float]) -> list[object]:
        return [
            name,
            found["sentences"],
            found["expected"],
            found["found"],
            found["true_positives"],
            f"{found['precision']:.3f}",
            f"{found['recall']:.3f}",
            f"{found['f1']:.3f}",
            f"{found['per_uL_agreement']:.3f}",
        ]

    return [
        Table(
            title="Lab mentions: precision and recall on the labelled sets",
            columns=[
                "set (labs.mentions.find_mentions)",
                "sentences",
                "expected",
                "found",
                "TP",
                "precision",
                "recall",
                "F1",
                "per-uL agreement",
            ],
            rows=[
                row("main (developed against)", scores),
                row("held-out", held_out),
            ],
            notes=[
                "The recogniser was developed against the main set, so its row is a training-set "
                "figure; the held-out set (tests/labs/mention_sentences_heldout.jsonl) is the "
                "honest estimate, small enough that its recall reads as roughly 0.9.",
                "Set: tests/labs/mention_sentences.jsonl (sentences with no lab value included, "
                "as negatives).",
                "per-uL agreement: of the correct mentions, the share whose value in cells/uL "
                "matches the label within 0.5.",
                f"The recogniser took {elapsed * 1000:.0f} ms over the set "
                f"({elapsed / max(1, scores['sentences']) * 1e6:.0f} us per sentence).",
            ],
            data={"scores": scores, "held_out": held_out, "seconds": elapsed},
        )
    ]
