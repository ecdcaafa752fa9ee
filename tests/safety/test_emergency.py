"""Emergency kinds, the §5.3 fever rule and how past, negated and hypothetical text is read."""

import pytest

from carecommons.safety import EmergencyKind, detect_emergencies


def kinds(text: str) -> set[str]:
    return {finding.kind.value for finding in detect_emergencies(text)}


FEVER = EmergencyKind.FEVER_WITH_LOW_COUNTS.value


@pytest.mark.parametrize(
    ("reading", "fires"),
    [
        ("38.0 °C", True),
        ("37.9 °C", False),
        ("100.4 °F", True),
        ("100.3 °F", False),
        ("38,2 C", True),
        ("101 F", True),
        ("99.8 F", False),
    ],
)
def test_fever_line_is_38_0_c_or_100_4_f(reading: str, fires: bool) -> None:
    assert (FEVER in kinds(f"My ANC is 300 and my temperature is {reading}.")) is fires


@pytest.mark.parametrize(
    ("count", "fires"),
    [
        ("ANC 999", True),
        ("ANC 1,000", False),
        ("ANC 0.9 K/uL", True),
        ("ANC 1.2 x10^9/L", False),
        ("ANC <1.0 x10^9/L", True),
        ("ANC over 500", False),
        ("neutrophils 10%", False),
        ("ANC 2,000", False),
    ],
)
def test_count_threshold_is_an_anc_under_1000(count: str, fires: bool) -> None:
    assert (FEVER in kinds(f"{count} and a fever of 38.6 tonight.")) is fires


def test_chemotherapy_counts_as_low_unless_the_count_is_stated_normal() -> None:
    assert FEVER in kinds("I'm on chemo, ANC 1,200, and I have a fever of 38.5.")
    assert FEVER not in kinds("I'm on chemo, ANC 1,900, and I have a fever of 38.5.")


def test_the_latest_count_decides() -> None:
    assert FEVER not in kinds("ANC was 300 on Monday. Today ANC is 1,800 and temp 38.4.")
    assert FEVER in kinds("ANC was 1,800 on Monday. Today ANC is 300 and temp 38.4.")


def test_a_fever_word_without_a_reading_counts_but_low_grade_does_not() -> None:
    assert FEVER in kinds("He is neutropenic and has a fever.")
    assert FEVER not in kinds("He is neutropenic and has a low-grade fever.")


@pytest.mark.parametrize(
    "text",
    [
        "My fever broke last week and my ANC is 400.",
        "ANC back to 2,000 and a fever of 38.5.",
        "No chest pain since the surgery.",
        "I used to have thoughts of self-harm years ago but I'm doing well.",
        "What should I do if my son gets a fever while his ANC is 300?",
        "Does anyone know if chest pain is normal after Neulasta?",
        "My friend had a stroke last year.",
        "I'm not suicidal, just worn out.",
        "Years ago, I had trouble breathing at night.",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I can't breathe and my lips look blue.", EmergencyKind.BREATHING),
        ("Crushing pain in my chest for ten minutes.", EmergencyKind.CHEST_PAIN),
        ("Her face is drooping and her speech is slurred.", EmergencyKind.STROKE),
        ("I keep thinking about ending my life.", EmergencyKind.SELF_HARM),
        ("They would all be better off without me.", EmergencyKind.SELF_HARM),
    ],
)
def test_symptom_kinds(text: str, kind: EmergencyKind) -> None:
    assert kinds(text) == {kind.value}


def test_a_single_lasting_stroke_sign_is_not_an_emergency_but_a_sudden_one_is() -> None:
    assert kinds("Since his stroke in 2018 his left arm is weak.") == set()
    assert kinds("Suddenly his left arm is weak.") == {EmergencyKind.STROKE.value}


def test_a_negated_clause_does_not_hide_the_next_one() -> None:
    assert kinds("No chest pain, but I can't breathe.") == {EmergencyKind.BREATHING.value}


def test_several_kinds_are_reported_in_a_fixed_order() -> None:
    text = "I want to die. My ANC is 200, fever 38.9, and my chest hurts."
    assert [finding.kind for finding in detect_emergencies(text)] == [
        EmergencyKind.FEVER_WITH_LOW_COUNTS,
        EmergencyKind.CHEST_PAIN,
        EmergencyKind.SELF_HARM,
    ]
