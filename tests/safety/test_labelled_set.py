"""The labelled sentence set: size, coverage, seed situations and quality floors."""

from pathlib import Path

import pytest

from carecommons.safety import EmergencyKind, detect_emergencies
from carecommons.safety.evaluation import LabelledSentence, load, scores

LABELLED = Path(__file__).with_name("labelled_sentences.jsonl")


def test_the_set_has_at_least_200_sentences() -> None:
    assert len(load(LABELLED)) >= 200


@pytest.mark.parametrize("kind", [kind.value for kind in EmergencyKind])
def test_every_emergency_kind_has_positives_and_hard_negatives(kind: str) -> None:
    sentences = load(LABELLED)
    assert sum(kind in sentence.emergency for sentence in sentences) >= 8


def test_the_set_has_positives_for_the_other_detectors() -> None:
    sentences = load(LABELLED)
    assert sum(sentence.advice for sentence in sentences) >= 20
    assert sum(bool(sentence.personal_data) for sentence in sentences) >= 25
    found_kinds = {span[0] for sentence in sentences for span in sentence.personal_data}
    assert found_kinds == {
        "phone",
        "email",
        "date_of_birth",
        "street_address",
        "medical_record_number",
    }


SEED_SENTENCES = [sentence for sentence in load(LABELLED) if sentence.seed]


@pytest.mark.parametrize("sentence", SEED_SENTENCES, ids=lambda sentence: sentence.text[:40])
def test_seed_situations_are_classified_exactly_as_labelled(sentence: LabelledSentence) -> None:
    found = {finding.kind.value for finding in detect_emergencies(sentence.text)}
    assert found == sentence.emergency, sentence.note


def test_seed_situations_include_positives() -> None:
    assert sum(bool(sentence.emergency) for sentence in SEED_SENTENCES) >= 6


@pytest.mark.parametrize(
    ("detector", "precision_floor", "recall_floor"),
    [("emergency", 0.9, 0.9), ("advice_nudge", 0.9, 0.85), ("personal_data", 0.9, 0.9)],
)
def test_quality_floors(detector: str, precision_floor: float, recall_floor: float) -> None:
    measured = scores(LABELLED)[detector]
    assert measured["precision"] >= precision_floor
    assert measured["recall"] >= recall_floor
