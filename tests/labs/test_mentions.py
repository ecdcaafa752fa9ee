"""The mention recogniser and stated ages; precision and recall on the labelled set."""

from pathlib import Path

import pytest

from carecommons.labs.evaluation import mention_scores
from carecommons.labs.mentions import Mention, find_mentions, find_stated_age

LABELLED = Path(__file__).with_name("mention_sentences.jsonl")


def summary(text: str) -> list[tuple[str, str, str, float | None]]:
    return [(m.analyte, m.kind, m.value_text, m.per_uL) for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANC 310", [("ANC", "absolute", "310", None)]),
        ("a neutrophil count of 200", [("neutrophils", "absolute", "200", None)]),
        (
            "LYM 4.2 but 82 %",
            [("lymphocytes", "absolute", "4.2", None), ("lymphocytes", "percent", "82", None)],
        ),
        ("his WBC was 2.1", [("WBC", "absolute", "2.1", None)]),
        ("ANC back to 2,000", [("ANC", "absolute", "2,000", None)]),
        ("ANC 0.31 x10^9/L", [("ANC", "absolute", "0.31", 310.0)]),
        ("ANC 2,5 G/L", [("ANC", "absolute", "2,5", 2500.0)]),
        ("ANC 1,350 /uL", [("ANC", "absolute", "1,350", 1350.0)]),
    ],
)
def test_recognised(text: str, expected: list[tuple[str, str, str, float | None]]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I waited 310 days",
        "chapter 4.2",
        "room 200",
        "the ANC test is in 2 weeks",
        "ANC below 500 is severe",
        "neutrophils 45",  # a percentage or a count? never guessed
        "HbA1c 6.5",
    ],
)
def test_not_recognised(text: str) -> None:
    assert find_mentions(text) == []


def test_offsets_cover_the_phrase() -> None:
    text = "Update: his WBC was 2.1 today."
    (mention,) = find_mentions(text)
    assert text[mention.start : mention.end] == "WBC was 2.1"


def test_mention_is_frozen() -> None:
    mention = Mention("ANC", "absolute", "310", "", None, 0, 7)
    with pytest.raises(AttributeError):
        mention.value_text = "1"  # type: ignore[misc]


def test_censored_values_have_no_per_ul() -> None:
    assert summary("ANC <0.1 K/uL") == [("ANC", "absolute", "<0.1", None)]


@pytest.mark.parametrize(
    ("text", "years", "approximate"),
    [
        ("ANC 310 in my 1-year-old", 1.0, False),
        ("my one-year-old son", 1.0, False),
        ("I'm 65 and worried", 65.0, False),
        ("our 18 month old", 1.5, False),
        ("she is 6 weeks old", 6 * 7 / 365.25, False),
        ("I am in my mid-60s", 65.0, True),
        ("my husband, aged 52", 52.0, False),
    ],
)
def test_stated_age(text: str, years: float, approximate: bool) -> None:
    age = find_stated_age(text)
    assert age is not None
    assert age.years == pytest.approx(years)
    assert age.approximate is approximate


@pytest.mark.parametrize("text", ["ANC 310", "I'm 65 kg now", "in the 1960s", "room 200"])
def test_no_stated_age(text: str) -> None:
    assert find_stated_age(text) is None


def test_labelled_set_is_large_enough_and_scores_well() -> None:
    scores = mention_scores(LABELLED)
    assert scores["sentences"] >= 150
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.85
    assert scores["per_uL_agreement"] >= 0.95


HELD_OUT = Path(__file__).with_name("mention_sentences_heldout.jsonl")


def test_held_out_set_scores_well() -> None:
    # Written after the recogniser; first measured at precision 1.000 and recall 0.909.
    scores = mention_scores(HELD_OUT)
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.85
