"""No input crashes check(), and every span it reports lies inside the text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.safety import check

MEDICAL_WORDS = st.sampled_from(
    [
        "ANC",
        "fever",
        "38.5",
        "100.4 °F",
        "neutrophils",
        "<",
        "0,5",
        "G/L",
        "K/uL",
        "%",
        "no",
        "if",
        "chest pain",
        "can't breathe",
        "you should stop taking",
        "born on",
        "MRN",
        "@",
        "+964",
        "555-123-4567",
        "Street",
        "years ago",
        ",",
        ".",
        "?",
        "\n",
        "1,000",
        "x10^9/L",
    ]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(MEDICAL_WORDS, st.text(max_size=5)), max_size=30).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, country=st.sampled_from([None, "US", "IQ", "gb", "TV"]))
def test_check_never_crashes_and_spans_are_inside_the_text(text: str, country: str | None) -> None:
    report = check(text, country)
    for span in report.personal_data:
        assert 0 <= span.start < span.end <= len(text)
    assert report.emergency == bool(report.kinds)
    assert (report.notice == "") == (
        not report.kinds and not report.advice_nudge and not report.personal_data
    )
