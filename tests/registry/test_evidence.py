"""The pure blood count summary that the enrolment uses today and the tracker's data can feed."""

from __future__ import annotations

from datetime import date

import pytest

from carecommons.registry.evidence import AncPoint, age_band, parse_counts, summarise_anc

TODAY = date(2026, 11, 26)


def test_summary_counts_low_values_and_period():
    points = [
        AncPoint(date(2026, 6, 1), 900),
        AncPoint(date(2026, 9, 1), 420),
        AncPoint(date(2026, 10, 1), 310),
        AncPoint(date(2026, 11, 20), 390),
        AncPoint(date(2026, 11, 21), 500),  # 500 is not below 500
    ]
    summary = summarise_anc(reversed(points), as_of=TODAY)
    assert summary.count == 5
    assert summary.below_500 == 3
    assert summary.first == date(2026, 6, 1) and summary.last == date(2026, 11, 21)
    assert summary.period_days == 173
    assert summary.below_500_recent == 3  # 1 Sep is 86 days before 26 Nov
    assert summary.three_below_500_recently
    assert summary.lowest == 310


def test_counts_older_than_90_days_do_not_count_as_recent():
    points = [AncPoint(date(2026, 8, 1), 200), AncPoint(date(2026, 11, 1), 300)]
    summary = summarise_anc(points, as_of=TODAY)
    assert summary.below_500 == 2
    assert summary.below_500_recent == 1
    assert not summary.three_below_500_recently


def test_empty_summary():
    summary = summarise_anc([], as_of=TODAY)
    assert summary.count == 0 and summary.first is None and summary.as_dict()["lowest"] is None


def test_parse_reads_cells_and_thousands_and_explains_bad_lines():
    text = "2026-09-01 310\n\n2026-10-02, 0.42\n2026-10-03: 1,2\nyesterday 300\n2026-02-30 100\n"
    text += "2027-01-01 300\n2026-10-04 999999"
    points, problems = parse_counts(text, today=TODAY)
    assert [(p.on.isoformat(), p.anc) for p in points] == [
        ("2026-09-01", 310),
        ("2026-10-02", 420),
        ("2026-10-03", 1200),
    ]
    assert len(problems) == 4
    assert "Line 5" in problems[0] and "not a date and a count" in problems[0]
    assert "not a real date" in problems[1]
    assert "in the future" in problems[2]
    assert "too high" in problems[3]


@pytest.mark.parametrize(
    ("years", "band"),
    [(0.2, "under 1"), (1.1, "1-4"), (4.99, "1-4"), (11, "5-11"), (17.9, "12-17"),
     (29, "18-29"), (44, "30-44"), (64.9, "45-64"), (65, "65 and over")],
)  # fmt: skip
def test_age_bands(years, band):
    assert age_band(years) == band
