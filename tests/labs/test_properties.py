"""Property tests: no input crashes the engine, the parsers or the recogniser."""

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecommons.labs.cycles import detect_cyclic_pattern
from carecommons.labs.engine import interpret_json
from carecommons.labs.mentions import find_mentions, find_stated_age
from carecommons.labs.report import parse_report
from carecommons.labs.values import read_cell_count, read_percentage

VALUE_KEYS = [
    "ANC", "WBC", "Neutrophils %", "Segs %", "Segs #", "Bands %", "Bands #", "Lymphocytes %",
    "Lymphocytes #", "Monocytes %", "Hemoglobin", "anything",
]  # fmt: skip
UNITS = ["", "%", " K/uL", " /uL", " G/L", " g/L", " x10^9/L", " cells/mm3", " mg", " /nl"]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
value_strings = st.one_of(
    st.text(max_size=20),
    st.builds(
        lambda prefix, number, unit: f"{prefix}{number}{unit}",
        st.sampled_from(["", "<", ">", "<=", "-", "≥ "]),
        st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
            st.sampled_from(["1,350", "2,5", "0,45", "1,2,3", "1e5", "NaN"]),
        ),
        st.sampled_from(UNITS),
    ),
)
temperatures = st.lists(
    st.fixed_dictionaries(
        {
            "value": st.one_of(st.floats(), st.integers(), st.text(max_size=6)),
            "unit": st.sampled_from(["C", "F", "°C", "[degF]", "K", ""]),
            "time": st.one_of(
                st.datetimes().map(lambda moment: moment.isoformat()),
                st.text(max_size=12),
                st.none(),
            ),
        }
    ),
    max_size=6,
)
cases = st.fixed_dictionaries(
    {
        "age": st.one_of(json_scalars, st.floats(min_value=0, max_value=120)),
        "values": st.dictionaries(st.sampled_from(VALUE_KEYS), value_strings, max_size=8),
        "ref_ranges": st.dictionaries(
            st.sampled_from(VALUE_KEYS), st.text(max_size=15), max_size=2
        ),
        "temperatures": temperatures,
        "duffy_null": st.one_of(st.booleans(), st.none()),
    }
)

COMPARISON_KEYS = {
    "anc_per_uL",
    "neutropenia",
    "ctcae_grade",
    "febrile_neutropenia_alert",
    "fever_criterion_met",
    "anc_lln_per_uL",
    "young_infant_fever_flag",
}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_engine_never_crashes_on_shaped_cases(case: dict[str, object]) -> None:
    result = interpret_json(case)
    assert result.keys() >= COMPARISON_KEYS
    json.dumps(result)
    if result["anc_per_uL"] is not None:
        assert "input_error" not in result
        assert isinstance(result["anc_per_uL"], int | float)
        assert result["anc_per_uL"] >= 0


@settings(max_examples=200)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6))
def test_engine_never_crashes_on_random_json_objects(data: dict[str, object]) -> None:
    result = interpret_json(data)
    assert isinstance(result["young_infant_fever_flag"], bool)
    json.dumps(result)


@given(st.text())
def test_value_readers_never_crash(text: str) -> None:
    read_cell_count(text)
    read_percentage(text)


@given(st.text())
def test_report_parser_never_crashes_and_refused_lines_have_no_value(text: str) -> None:
    for line in parse_report(text).lines:
        if not line.understood:
            assert line.value is None
            assert line.per_uL is None


@given(st.text())
def test_mentions_never_crash_and_offsets_are_valid(text: str) -> None:
    for mention in find_mentions(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.value_text in text[mention.start : mention.end]
    find_stated_age(text)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=120).map(
                lambda day: date(2024, 1, 1) + timedelta(days=day)
            ),
            st.one_of(st.integers(min_value=-10, max_value=10_000), st.floats()),
        ),
        max_size=80,
    )
)
def test_cycle_detection_never_crashes(counts: list[tuple[date, float]]) -> None:
    result = detect_cyclic_pattern(counts)
    assert result.pattern_found <= result.enough_data
