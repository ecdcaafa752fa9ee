"""Likely identifiers are found so the editor can remove them before publishing."""

from __future__ import annotations

from itertools import pairwise

from carecommons.articles.identifiers import find_identifiers


def kinds(text: str) -> dict[str, str]:
    return {item.text: item.kind for item in find_identifiers(text)}


def test_names_places_dates_and_contact_details():
    found = kinds(
        "Dear Doctor, my son Oliver was born on 3 March 2023 and we live in Millbrook. "
        "His ANC was 310 on 12/01/2024. Dr. Patel said to call 555-201-3344 or write to "
        "jo.smith@example.com."
    )
    assert found["Oliver"] == "name"
    assert found["Patel"] == "name"
    assert found["Millbrook"] == "place"
    assert found["3 March 2023"] == "date_of_birth"
    assert found["12/01/2024"] == "exact_date"
    assert found["555-201-3344"] == "phone"
    assert found["jo.smith@example.com"] == "email"


def test_common_capitalised_words_and_sentence_starts_are_not_names():
    found = kinds("My son is one. What does ANC mean? In March we saw the doctor on Monday.")
    assert found == {}


def test_exact_dates_in_words_and_iso_form():
    found = kinds("The test on March 3rd was low, and again on 2024-05-06.")
    assert found == {"March 3rd": "exact_date", "2024-05-06": "exact_date"}


def test_town_by_suffix_and_names_mid_sentence():
    found = kinds("We drove to the clinic in the next valley, near Ashford, where Kasia met us.")
    assert found["Ashford"] == "place"
    assert found["Kasia"] == "name"


def test_spans_do_not_overlap_and_are_in_order():
    items = find_identifiers("Call Anna at 020 7946 0958 in Leeds on 4 June.")
    starts = [item.start for item in items]
    assert starts == sorted(starts)
    for first, second in pairwise(items):
        assert first.end <= second.start
    assert {item.label for item in items} >= {"possible name", "phone number"}
