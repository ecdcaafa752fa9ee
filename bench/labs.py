"""Lab value mentions: precision and recall of the recogniser on the labelled set in tests/labs.

Calls `carecommons.labs.evaluation.mention_scores`: a found mention is right when analyte, kind
and value text all match a labelled one in the same sentence.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.table import Table

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "labs" / "mention_sentences.jsonl"


def run() -> list[Table]:
    from carecommons.labs.evaluation import mention_scores

    began = time.perf_counter()
    scores = mention_scores(LABELLED)
    elapsed = time.perf_counter() - began
    return [
        Table(
            title="Lab mentions: precision and recall on the labelled set",
            columns=[
                "recogniser",
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
                [
                    "labs.mentions.find_mentions",
                    scores["sentences"],
                    scores["expected"],
                    scores["found"],
                    scores["true_positives"],
                    f"{scores['precision']:.3f}",
                    f"{scores['recall']:.3f}",
                    f"{scores['f1']:.3f}",
                    f"{scores['per_uL_agreement']:.3f}",
                ]
            ],
            notes=[
                "The recogniser was developed against this set, so these are training-set figures, "
                "not held-out estimates.",
                "Set: tests/labs/mention_sentences.jsonl (sentences with no lab value included, "
                "as negatives).",
                "per-uL agreement: of the correct mentions, the share whose value in cells/uL "
                "matches the label within 0.5.",
                f"The recogniser took {elapsed * 1000:.0f} ms over the set "
                f"({elapsed / max(1, scores['sentences']) * 1e6:.0f} us per sentence).",
            ],
            data={"scores": scores, "seconds": elapsed},
        )
    ]
