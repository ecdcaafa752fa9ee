"""Blood count evidence for a registry enrolment: plain Python, no Django.

`summarise_anc` takes serial absolute neutrophil counts (cells/µL) from any source — typed in
the enrolment form today, the blood count companion's records when a member shares them — and
says how many there are, how many are below 500, over what period, and how many below 500 fall
in the 90 days before the enrolment. It never decides eligibility: registry staff do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

SEVERE_BELOW = 500
RECENT_DAYS = 90
# "0.31" on a lab sheet in ×10³/µL (= ×10⁹/L) is 310 cells/µL; below this a value is read so.
THOUSANDS_BELOW = 30


@dataclass(frozen=True)
class AncPoint:
    on: date
    anc: int  # cells/µL


@dataclass(frozen=True)
class AncSummary:
    count: int
    below_500: int
    first: date | None
    last: date | None
    period_days: int
    below_500_recent: int  # in the 90 days up to `as_of`
    lowest: int | None

    @property
    def three_below_500_recently(self) -> bool:
        return self.below_500_recent >= 3

    def as_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "below_500": self.below_500,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "period_days": self.period_days,
            "below_500_recent": self.below_500_recent,
            "lowest": self.lowest,
        }


def summarise_anc(points: Iterable[AncPoint], *, as_of: date) -> AncSummary:
    ordered = sorted(points, key=lambda p: p.on)
    if not ordered:
        return AncSummary(0, 0, None, None, 0, 0, None)
    since = as_of - timedelta(days=RECENT_DAYS)
    return AncSummary(
        count=len(ordered),
        below_500=sum(1 for p in ordered if p.anc < SEVERE_BELOW),
        first=ordered[0].on,
        last=ordered[-1].on,
        period_days=(ordered[-1].on - ordered[0].on).days,
        below_500_recent=sum(1 for p in ordered if p.anc < SEVERE_BELOW and since <= p.on <= as_of),
        lowest=min(p.anc for p in ordered),
    )


_LINE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*[,;:\s]\s*([0-9]+(?:[.,][0-9]+)?)\s*$")


def parse_counts(text: str, *, today: date) -> tuple[list[AncPoint], list[str]]:
    """Read one count per line, "YYYY-MM-DD 310" (or "2026-09-01, 0.31" in ×10³/µL).

    Returns the counts read and a message for each line that could not be read.
    """
    points: list[AncPoint] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            problems.append(
                f"Line {number} (“{raw.strip()[:40]}”) is not a date and a count, "
                "e.g. 2026-09-01 310."
            )
            continue
        try:
            year, month, day = (int(part) for part in match.group(1).split("-"))
            on = date(year, month, day)
        except ValueError:
            problems.append(f"Line {number}: {match.group(1)} is not a real date.")
            continue
        if on > today:
            problems.append(f"Line {number}: {on.isoformat()} is in the future.")
            continue
        value = float(match.group(2).replace(",", "."))
        anc = round(value * 1000) if value < THOUSANDS_BELOW else round(value)
        if anc > 100_000:
            problems.append(f"Line {number}: {match.group(2)} is too high for a neutrophil count.")
            continue
        points.append(AncPoint(on=on, anc=anc))
    return points, problems


AGE_BANDS = [(1, "under 1"), (5, "1-4"), (12, "5-11"), (18, "12-17"), (30, "18-29"),
             (45, "30-44"), (65, "45-64")]  # fmt: skip
AGE_BAND_LABELS = [label for _, label in AGE_BANDS] + ["65 and over"]


def age_band(age_years: float) -> str:
    for upper, label in AGE_BANDS:
        if age_years < upper:
            return label
    return "65 and over"
