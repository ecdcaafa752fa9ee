"""The timeline chart: server-rendered SVG, with the same data offered as a table.

The upper panel shows one analyte over time (the ANC by default) on a log scale for counts,
with the neutropenia severity bands of clinical-rules.json ``severity`` shaded below the
person's age limit (§2.1, §3.1). Events (medicines, injections, procedures) are vertical
markers. The lower panel shows temperatures in °C with the 38.0 and 38.3 °C lines (§5.1).
Every mark carries a ``<title>``; the whole chart has a title and a description, and the page
repeats the data as a table for screen readers and small screens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LEFT = 70
RIGHT = 16
TOP = 16
PLOT_HEIGHT = 220
TEMP_TOP = TOP + PLOT_HEIGHT + 34
TEMP_HEIGHT = 90
HEIGHT = TEMP_TOP + TEMP_HEIGHT + 40
TEMP_LOW = Decimal(35)
TEMP_HIGH = Decimal(41)

BANDS = (  # (label, low, high, fill) in cells/µL, §2.1
    ("profound", Decimal(0), Decimal(100), "#f3c9c4"),
    ("severe", Decimal(100), Decimal(500), "#f7dccf"),
    ("moderate", Decimal(500), Decimal(1000), "#fbeccd"),
    ("mild", Decimal(1000), None, "#fdf6dd"),
)


@dataclass(frozen=True)
class Point:
    at: datetime
    amount: Decimal | None  # exact
    bound: Decimal | None  # "below" this when censored
    label: str  # what the <title> and the table say


@dataclass(frozen=True)
class Marker:
    start: datetime
    end: datetime | None
    label: str


@dataclass(frozen=True)
class Temperature:
    at: datetime
    celsius: Decimal
    label: str


def _fmt(number: float) -> str:
    return f"{number:.1f}"


class _Scale:
    def __init__(self, low: float, high: float, *, log: bool, top: float, height: float) -> None:
        self.log = log
        self.low = math.log10(low) if log else low
        self.high = math.log10(high) if log else high
        self.top = top
        self.height = height

    def y(self, value: float) -> float:
        v = math.log10(max(value, 10**self.low)) if self.log else value
        v = min(max(v, self.low), self.high)
        return self.top + self.height * (1 - (v - self.low) / (self.high - self.low))


def _ticks_linear(high: float) -> list[float]:
    if high <= 0:
        return [0.0]
    step = 10 ** math.floor(math.log10(high))
    for factor in (1, 2, 5, 10):
        if high / (step * factor) <= 5:
            step *= factor
            break
    return [step * i for i in range(int(high // step) + 1)]


def render_chart(
    *,
    title: str,
    description: str,
    unit_label: str,
    points: Sequence[Point],
    markers: Sequence[Marker],
    temperatures: Sequence[Temperature],
    severity_limit: Decimal | None,
    is_anc: bool,
    log_scale: bool,
) -> SafeString:
    times = [p.at for p in points] + [t.at for t in temperatures] + [m.start for m in markers]
    times += [m.end for m in markers if m.end is not None]
    if not times:
        times = [timezone.now()]
    first, last = min(times), max(times)
    if last - first < timedelta(days=2):
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).total_seconds()
    plot_width = WIDTH - LEFT - RIGHT

    def x(moment: datetime) -> float:
        return LEFT + plot_width * (moment - first).total_seconds() / span

    amounts = [float(p.amount or p.bound or 0) for p in points]
    if log_scale:
        high = max([*amounts, 10000.0]) * 1.3
        scale = _Scale(50, high, log=True, top=TOP, height=PLOT_HEIGHT)
        ticks: list[float] = [
            t
            for t in (100.0, 500.0, 1000.0, 1500.0, 5000.0, 10000.0, 50000.0, 100000.0)
            if t < high
        ]
    else:
        high = max([*amounts, 1.0]) * 1.15
        scale = _Scale(0, high, log=False, top=TOP, height=PLOT_HEIGHT)
        ticks = _ticks_linear(high)
    out: list[str] = [
        f'<svg class="health-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{PLOT_HEIGHT}" fill="#fff" '
        'stroke="#8a949e"/>',
    ]
    if is_anc and severity_limit is not None:
        for name, low, band_high, fill in BANDS:
            top_value = severity_limit if band_high is None else min(band_high, severity_limit)
            if low >= top_value:
                continue
            y_top = scale.y(float(top_value))
            y_bottom = scale.y(float(max(low, Decimal(50))))
            out.append(
                f'<rect x="{LEFT}" y="{_fmt(y_top)}" width="{plot_width}" '
                f'height="{_fmt(max(y_bottom - y_top, 0))}" fill="{fill}">'
                f"<title>{escape(name)} neutropenia band</title></rect>"
            )
            if y_bottom - y_top >= 13:
                out.append(
                    f'<text x="{WIDTH - RIGHT - 6}" y="{_fmt(y_bottom - 4)}" text-anchor="end" '
                    f'class="band-label">{escape(name)}</text>'
                )
    for tick in ticks:
        y = scale.y(tick)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
            'stroke="#d5dade" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{_fmt(y + 4)}" text-anchor="end">{tick:,.0f}</text>'
        )
    out.append(
        f'<text x="8" y="{TOP + PLOT_HEIGHT / 2:.0f}" transform="rotate(-90 12 '
        f'{TOP + PLOT_HEIGHT / 2:.0f})" text-anchor="middle">{escape(unit_label)}</text>'
    )
    for marker in markers:
        x1 = x(marker.start)
        if marker.end is not None and marker.end > marker.start:
            out.append(
                f'<rect x="{_fmt(x1)}" y="{TOP}" width="{_fmt(max(x(marker.end) - x1, 2))}" '
                f'height="{TEMP_TOP + TEMP_HEIGHT - TOP}" fill="#5b3f8c" fill-opacity="0.12">'
                f"<title>{escape(marker.label)}</title></rect>"
            )
        out.append(
            f'<g class="event-marker"><title>{escape(marker.label)}</title>'
            f'<line x1="{_fmt(x1)}" x2="{_fmt(x1)}" y1="{TOP}" y2="{TEMP_TOP + TEMP_HEIGHT}" '
            'stroke="#5b3f8c" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<path d="M{_fmt(x1 - 6)} {TOP - 2} L{_fmt(x1 + 6)} {TOP - 2} '
            f'L{_fmt(x1)} {TOP + 8} Z" '
            'fill="#5b3f8c"/></g>'
        )
    line = [
        f"{_fmt(x(p.at))},{_fmt(scale.y(float(p.amount)))}" for p in points if p.amount is not None
    ]
    if len(line) > 1:
        out.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="#0b5c7a" stroke-width="2"/>'
        )
    for point in points:
        if point.amount is not None:
            out.append(
                f'<circle cx="{_fmt(x(point.at))}" cy="{_fmt(scale.y(float(point.amount)))}" r="5" '
                f'fill="#0b5c7a"><title>{escape(point.label)}</title></circle>'
            )
        elif point.bound is not None:
            cx, cy = x(point.at), scale.y(float(point.bound))
            out.append(
                f'<path d="M{_fmt(cx - 6)} {_fmt(cy - 5)} L{_fmt(cx + 6)} {_fmt(cy - 5)} '
                f'L{_fmt(cx)} {_fmt(cy + 6)} Z" fill="#fff" stroke="#0b5c7a" stroke-width="2">'
                f"<title>{escape(point.label)}</title></path>"
            )
    # Temperatures beneath.
    temp_scale = _Scale(
        float(TEMP_LOW), float(TEMP_HIGH), log=False, top=TEMP_TOP, height=TEMP_HEIGHT
    )
    out.append(
        f'<text x="{LEFT}" y="{TEMP_TOP - 8}">Temperature (°C)</text>'
        f'<rect x="{LEFT}" y="{TEMP_TOP}" width="{plot_width}" height="{TEMP_HEIGHT}" '
        'fill="#fff" stroke="#8a949e"/>'
    )
    for level, colour in ((Decimal("38.0"), "#b36b00"), (Decimal("38.3"), "#b3261e")):
        y = temp_scale.y(float(level))
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
            f'stroke="{colour}" stroke-dasharray="5 3"/>'
            f'<text x="{LEFT - 6}" y="{_fmt(y + (10 if level == Decimal("38.0") else -2))}" '
            f'text-anchor="end">{level}</text>'
        )
    for reading in temperatures:
        cy = temp_scale.y(float(reading.celsius))
        colour = "#b3261e" if reading.celsius >= Decimal("38.0") else "#1f6f43"
        out.append(
            f'<rect x="{_fmt(x(reading.at) - 4)}" y="{_fmt(cy - 4)}" width="8" height="8" '
            f'fill="{colour}"><title>{escape(reading.label)}</title></rect>'
        )
    # Time axis.
    long_span = (last - first) > timedelta(days=120)
    for index in range(5):
        moment = first + (last - first) * index / 4
        local = timezone.localtime(moment)
        text = local.strftime("%b %Y") if long_span else local.strftime("%d %b")
        anchor = "start" if index == 0 else "end" if index == 4 else "middle"
        out.append(
            f'<text x="{_fmt(x(moment))}" y="{TEMP_TOP + TEMP_HEIGHT + 22}" '
            f'text-anchor="{anchor}">{escape(text)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
