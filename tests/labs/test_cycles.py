"""Repeating lows about three weeks apart (§7): method and minimum data."""

from datetime import date, timedelta

from carecommons.labs.cycles import detect_cyclic_pattern

START = date(2024, 1, 1)


def every_other_day(
    days: int, anc_for_day: "dict[int, int]", baseline: int = 1500
) -> list[tuple[date, int]]:
    return [
        (START + timedelta(days=day), anc_for_day.get(day, baseline))
        for day in range(0, days + 1, 2)
    ]


def test_two_nadirs_21_days_apart_are_worth_showing() -> None:
    counts = every_other_day(44, {6: 150, 8: 120, 10: 300, 28: 100, 30: 180})
    result = detect_cyclic_pattern(counts)
    assert result.enough_data
    assert result.pattern_found
    assert result.intervals_days == (20,)
    assert result.message is not None
    assert "hematologist" in result.message


def test_too_short_a_span_is_not_enough_data() -> None:
    result = detect_cyclic_pattern(every_other_day(40, {6: 100, 28: 100}))
    assert not result.enough_data
    assert not result.pattern_found
    assert "42 days" in result.reason


def test_a_sparse_week_is_not_enough_data() -> None:
    counts = [(START + timedelta(days=day), 1500) for day in range(0, 50, 5)]
    result = detect_cyclic_pattern(counts)
    assert not result.enough_data


def test_one_long_low_episode_is_not_a_cycle() -> None:
    counts = every_other_day(44, dict.fromkeys(range(10, 30), 200))
    result = detect_cyclic_pattern(counts)
    assert result.enough_data
    assert not result.pattern_found
    assert result.message is None


def test_nadirs_too_close_together_are_not_a_cycle() -> None:
    result = detect_cyclic_pattern(every_other_day(44, {10: 100, 20: 100}))
    assert not result.pattern_found
    assert result.intervals_days == (10,)


def test_interval_bounds_are_inclusive() -> None:
    assert detect_cyclic_pattern(every_other_day(50, {6: 100, 20: 100})).pattern_found
    assert detect_cyclic_pattern(every_other_day(50, {6: 100, 40: 100})).pattern_found
    assert not detect_cyclic_pattern(every_other_day(50, {6: 100, 42: 100})).pattern_found


def test_unusable_counts_are_left_out() -> None:
    counts: list[tuple[date, float]] = [(START, float("nan")), (START, -5.0)]
    assert not detect_cyclic_pattern(counts).enough_data
