"""Repeating lows about three weeks apart in serial ANC counts (clinical-reference.md §7).

Cyclic neutropenia makes the ANC fall to a nadir about every 21 days (2-5 weeks between
people, steady within a person); it is shown by serial counts, at least three a week for six
weeks (§7, SCNIR). The app must never diagnose it: when the pattern is present it only says
that the counts are *worth showing your hematologist*.

Method (the product rule of §7):

* **Minimum data** — the counts span at least 42 days (six weeks), and every full 7-day block
  from the first count onward holds at least 3 counts. With less, the result says so and
  looks for nothing: a monthly count cannot show a three-week rhythm.
* **Low episodes** — a run of consecutive counts (in date order) below 500/µL; the episode's
  nadir is its lowest count. Two episodes are separate only if a count of 500/µL or more lies
  between them (a recovery, §7 and §8).
* **Pattern** — at least two episodes, and every interval between consecutive nadirs is
  between 14 and 35 days inclusive.

Chemotherapy given in three-week cycles produces the same rhythm (§6), which the message says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

MINIMUM_SPAN_DAYS = 42
MINIMUM_COUNTS_PER_WEEK = 3
LOW_ANC_BELOW = Decimal(500)
SHORTEST_INTERVAL_DAYS = 14
LONGEST_INTERVAL_DAYS = 35

WORTH_SHOWING_MESSAGE = (
    "Your counts show lows about every {interval} days. A repeating pattern like this is "
    "worth showing your hematologist; only they can say what it means. Chemotherapy given in "
    "cycles can cause the same rhythm (§6, §7)."
)


@dataclass(frozen=True, slots=True)
class Nadir:
    day: date
    anc_per_uL: Decimal


@dataclass(frozen=True, slots=True)
class CyclePattern:
    """The result of looking for repeating lows; ``message`` is None unless worth showing."""

    enough_data: bool
    pattern_found: bool
    nadirs: tuple[Nadir, ...]
    intervals_days: tuple[int, ...]
    reason: str
    message: str | None


def _enough_data(days: list[date]) -> tuple[bool, str]:
    span = (days[-1] - days[0]).days
    if span < MINIMUM_SPAN_DAYS:
        return False, f"Needs counts over at least {MINIMUM_SPAN_DAYS} days; these cover {span}."
    block_start = days[0]
    while block_start + timedelta(days=7) <= days[-1] + timedelta(days=1):
        block_end = block_start + timedelta(days=7)
        in_block = sum(1 for day in days if block_start <= day < block_end)
        if in_block < MINIMUM_COUNTS_PER_WEEK:
            return False, (
                f"Needs at least {MINIMUM_COUNTS_PER_WEEK} counts in every week; the week from "
                f"{block_start.isoformat()} has {in_block}."
            )
        block_start = block_end
    return True, "Enough counts to look for a repeating pattern."


def _nadirs(counts: list[tuple[date, Decimal]]) -> list[Nadir]:
    nadirs: list[Nadir] = []
    current: Nadir | None = None
    for day, anc in counts:
        if anc < LOW_ANC_BELOW:
            if current is None or anc < current.anc_per_uL:
                current = Nadir(day, anc)
        elif current is not None:
            nadirs.append(current)
            current = None
    if current is not None:
        nadirs.append(current)
    return nadirs


def detect_cyclic_pattern(counts: Iterable[tuple[date, Decimal | float | int]]) -> CyclePattern:
    """Look for lows about three weeks apart in (date, ANC in cells/µL) pairs (see module doc).

    Several counts on one day are all kept; order within a day follows the input. Counts that
    are not finite, non-negative numbers are left out.
    """
    readable = ((day, Decimal(str(anc))) for day, anc in counts)
    ordered = sorted(
        ((day, anc) for day, anc in readable if anc.is_finite() and anc >= 0),
        key=lambda pair: pair[0],
    )
    if len(ordered) < 2:
        return CyclePattern(False, False, (), (), "Needs serial counts.", None)
    enough, reason = _enough_data([day for day, _ in ordered])
    if not enough:
        return CyclePattern(False, False, (), (), reason, None)
    nadirs = _nadirs(ordered)
    intervals = tuple((later.day - earlier.day).days for earlier, later in pairwise(nadirs))
    found = len(nadirs) >= 2 and all(
        SHORTEST_INTERVAL_DAYS <= interval <= LONGEST_INTERVAL_DAYS for interval in intervals
    )
    if not found:
        return CyclePattern(
            True, False, tuple(nadirs), intervals, "No lows repeating 14-35 days apart.", None
        )
    typical = sorted(intervals)[len(intervals) // 2]
    return CyclePattern(
        True,
        True,
        tuple(nadirs),
        intervals,
        "Lows below 500/µL repeat 14-35 days apart.",
        WORTH_SHOWING_MESSAGE.format(interval=typical),
    )
