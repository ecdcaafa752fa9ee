"""The medical-advice nudge."""

import pytest

from carecommons.safety import find_medical_advice


@pytest.mark.parametrize(
    "text",
    [
        "You should stop taking the methimazole.",
        "Increase your dose of filgrastim.",
        "You have autoimmune neutropenia.",
        "Sounds like your son has cyclic neutropenia.",
        "If I were you I would stop the antibiotics.",
        "You don't need the marrow biopsy.",
    ],
)
def test_directives_and_diagnoses_nudge(text: str) -> None:
    assert find_medical_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        "I stopped taking it and my counts came back.",
        "Ask your hematologist whether you should stop taking it.",
        "You have every reason to be worried.",
        "My doctor told me to increase my dose.",
        "Should I increase my dose?",
    ],
)
def test_experience_questions_and_kind_words_do_not(text: str) -> None:
    assert find_medical_advice(text) == []


def test_finding_offsets_point_at_the_advice() -> None:
    text = "Thanks for sharing. You should stop taking the Augmentin."
    finding = find_medical_advice(text)[0]
    assert text[finding.start : finding.end].startswith("You should stop taking")
