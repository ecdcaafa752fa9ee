"""Explanations beside a post: sourced, age-aware, never guessing a unit."""

import re

from carecommons.labs.explain import explain_post


def test_anc_without_unit_is_explained_under_both_readings_with_the_stated_age() -> None:
    post = explain_post("ANC 310 in my 1-year-old, should I worry?")
    assert post.stated_age is not None
    assert post.stated_age.years == 1.0
    (explanation,) = post.explanations
    assert "no unit" in explanation.text
    assert "310/µL at the stated age is severe neutropenia" in explanation.text
    assert "310,000/µL would be above the usual range" in explanation.text


def test_anc_with_unit_and_no_age_names_both_age_limits() -> None:
    (explanation,) = explain_post("ANC 0.5 K/uL today").explanations
    assert "moderate neutropenia from 1 year of age" in explanation.text
    assert "for a baby from 2 weeks to 1 year" in explanation.text


def test_lymphocyte_percent_and_count_are_explained_together() -> None:
    (explanation,) = explain_post("My husband: lymphocytes 82% but 4.2").explanations
    assert len(explanation.mentions) == 2
    assert "relative lymphocytosis" in explanation.text
    assert "If it is 4.2 ×10³/µL" in explanation.text
    assert "adult ranges" in explanation.text


def test_percentage_uses_the_wbc_in_the_same_post() -> None:
    post = explain_post("WBC 3.1 K/uL with neutrophils 10%")
    assert any("about 310/µL" in explanation.text for explanation in post.explanations)


def test_censored_profound_value() -> None:
    (explanation,) = explain_post("ANC was <0.1 K/uL").explanations
    assert "profound neutropenia" in explanation.text


def test_newborns_are_not_labelled() -> None:
    (explanation,) = explain_post("baby is 5 days old, ANC 2,000 /uL").explanations
    assert "first two weeks" in explanation.text
    assert "neutropenia" not in explanation.text.split("(§3.1)")[0]


def test_every_explanation_cites_its_sections_and_there_is_a_disclaimer() -> None:
    post = explain_post("ANC 800, WBC 2.9, lymphocytes 40 %, hemoglobin 9 g/dL")
    assert post.explanations
    assert "not a diagnosis" in post.disclaimer
    for explanation in post.explanations:
        cited = set(re.findall(r"§\d+(?:\.\d+)?", explanation.text))
        assert cited
        assert cited <= set(explanation.sections)


def test_no_values_no_explanations() -> None:
    assert explain_post("We waited 310 days for this appointment.").explanations == ()
