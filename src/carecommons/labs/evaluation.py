"""Precision and recall of the mention recogniser on a labelled set of sentences.

The set is JSON Lines: ``{"text": ..., "mentions": [{"analyte", "kind", "value_text",
"per_uL"}]}``, an empty list for sentences with no lab value. A found mention counts as
correct when analyte, kind and value text all match a labelled one in the same sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

from carecommons.labs.mentions import find_mentions

_Key = tuple[str, str, str]


def _labelled(entry: object) -> tuple[str, dict[_Key, float | None]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise ValueError("each line needs a 'text' string and a 'mentions' list")
    expected: dict[_Key, float | None] = {}
    for mention in entry.get("mentions", []):
        key = (str(mention["analyte"]), str(mention["kind"]), str(mention["value_text"]))
        per_uL = mention.get("per_uL")
        expected[key] = None if per_uL is None else float(per_uL)
    return entry["text"], expected


def mention_scores(path: str | Path) -> dict[str, float | int]:
    """Score :func:`find_mentions` on a labelled file; returns counts and ratios.

    Keys: sentences, expected, found, true_positives, precision, recall, f1, and
    per_uL_agreement (of the correct mentions, the share whose per_uL matches the label).
    """
    sentences = expected_total = found_total = true_positives = per_uL_agreeing = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, expected = _labelled(json.loads(line))
        sentences += 1
        found = {(m.analyte, m.kind, m.value_text): m.per_uL for m in find_mentions(text)}
        expected_total += len(expected)
        found_total += len(found)
        for key, per_uL in found.items():
            if key in expected:
                true_positives += 1
                wanted = expected[key]
                if (wanted is None and per_uL is None) or (
                    wanted is not None and per_uL is not None and abs(wanted - per_uL) <= 0.5
                ):
                    per_uL_agreeing += 1
    precision = true_positives / found_total if found_total else 1.0
    recall = true_positives / expected_total if expected_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": sentences,
        "expected": expected_total,
        "found": found_total,
        "true_positives": true_positives,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "per_uL_agreement": round(per_uL_agreeing / true_positives, 4) if true_positives else 1.0,
    }
