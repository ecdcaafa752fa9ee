"""Expert suggestions by specialty."""

from __future__ import annotations

from carecommons.articles.matching import Candidate, suggest

PEDIATRIC = Candidate(key=1, specialty="Pediatric Hematology and Oncology")
ADULT = Candidate(key=2, specialty="Adult Hematology")
SKIN = Candidate(key=3, specialty="Dermatology")


def test_a_child_question_goes_to_the_pediatric_hematologist_first():
    ranked = suggest("My baby's neutrophil count is 310.", "baby", [SKIN, ADULT, PEDIATRIC])
    assert [s.key for s in ranked] == [1, 2, 3]
    assert "cares for children" in ranked[0].reasons


def test_an_adult_question_goes_to_the_adult_hematologist_first():
    ranked = suggest("My ANC has been low since 2001.", "older", [PEDIATRIC, ADULT, SKIN])
    assert ranked[0].key == 2


def test_ties_go_to_the_expert_with_fewer_open_assignments():
    busy = Candidate(key=4, specialty="Dermatology", open_assignments=5)
    free = Candidate(key=5, specialty="Dermatology", open_assignments=0)
    assert [s.key for s in suggest("A rash.", "adult", [busy, free])] == [5, 4]
