"""The Flesch–Kincaid grade, against hand-counted examples."""

from __future__ import annotations

import pytest

from carecommons.articles.readability import (
    count_sentences,
    count_syllables,
    flesch_kincaid,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("the", 1),
        ("table", 2),
        ("makes", 1),
        ("boxes", 2),
        ("wanted", 2),
        ("hospital", 3),
        ("infection", 3),
        ("neutrophil", 3),
        ("child's", 1),
    ],
)
def test_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_sentences_ignore_decimal_points_and_count_paragraphs():
    assert count_sentences("The count was 1.5 today. It was 0.9 last week!") == 2
    assert count_sentences("First paragraph without a stop\n\nSecond one.") == 2
    assert count_sentences("") == 0


def test_grade_follows_the_published_formula():
    # 9 words, 2 sentences, 9 syllables: 0.39 × 4.5 + 11.8 × 1 − 15.59 = −2.035
    result = flesch_kincaid("The cat sat on the mat. The dog ran.")
    assert (result.words, result.sentences, result.syllables) == (9, 2, 9)
    assert result.grade == -2.0
    assert result.is_plain_language
    assert result.label.startswith("Very easy to read")


def test_dense_clinical_prose_is_hard_and_plain_words_are_plain():
    dense = flesch_kincaid(
        "Neutropenia is a haematological condition characterised by an abnormally diminished "
        "concentration of circulating neutrophilic granulocytes."
    )
    plain = flesch_kincaid(
        "A low count is common after a cold. It often goes back up in a few weeks. "
        "Call your care team if your child has a fever."
    )
    assert dense.grade > 12 and not dense.is_plain_language
    assert dense.label.startswith("Hard to read")
    assert plain.grade <= 8 and plain.is_plain_language


def test_empty_text_has_no_grade():
    result = flesch_kincaid("  ")
    assert result.words == 0 and result.label == "No text to measure"
