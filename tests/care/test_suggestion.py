"""The documented visit-type suggestion rule, one row per branch."""

from __future__ import annotations

import pytest

from carecommons.care.suggestion import suggest_visit_type


@pytest.mark.parametrize(
    ("international", "second_opinion", "exam", "preferred", "expected"),
    [
        (True, False, True, "in_person", "video"),
        (False, True, True, "in_person", "video"),
        (False, False, True, "video", "in_person"),
        (False, False, False, "in_person", "in_person"),
        (False, False, False, "phone", "video"),
        (False, False, False, "any", "video"),
    ],
)
def test_rule(international, second_opinion, exam, preferred, expected):
    suggestion = suggest_visit_type(
        international=international,
        second_opinion=second_opinion,
        specialty_needs_exam=exam,
        preferred=preferred,
    )
    assert suggestion.visit_type == expected
    assert suggestion.reason
