"""The privacy guard: kinds and exact spans."""

import pytest

from carecommons.safety import PersonalDataKind, find_personal_data


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("call me on 555-123-4567 tonight", PersonalDataKind.PHONE, "555-123-4567"),
        ("my number: +964 770 123 4567", PersonalDataKind.PHONE, "+964 770 123 4567"),
        ("write to ana@example.org.", PersonalDataKind.EMAIL, "ana@example.org"),
        ("DOB 14/03/1958", PersonalDataKind.DATE_OF_BIRTH, "14/03/1958"),
        ("born on March 14, 1958 in Basra", PersonalDataKind.DATE_OF_BIRTH, "March 14, 1958"),
        ("we live at 42 Maple Street.", PersonalDataKind.STREET_ADDRESS, "42 Maple Street"),
        ("MRN: 00482913", PersonalDataKind.MEDICAL_RECORD_NUMBER, "00482913"),
    ],
)
def test_spans(text: str, kind: PersonalDataKind, found: str) -> None:
    spans = find_personal_data(text)
    assert [(span.kind, text[span.start : span.end]) for span in spans] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "ANC 310, WBC 3.1, neutrophils 10%",
        "Biopsy on 3 March 2016 and again on 12/05/2017.",
        "I was born in 1958.",
        "Counts: 500 700 900 1,200 over four weeks.",
        "Reference range 1.5-8.0 x10^9/L.",
    ],
)
def test_lab_values_and_ordinary_dates_are_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []


def test_a_record_number_is_not_also_reported_as_a_phone_number() -> None:
    spans = find_personal_data("NHS number 485 777 3456")
    assert [span.kind for span in spans] == [PersonalDataKind.MEDICAL_RECORD_NUMBER]
