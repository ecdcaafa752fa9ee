"""What the tracker concludes from a person's records, through the engine only.

* ``interpret_record`` — one record through ``labs.engine.interpret`` at the person's age on
  the day it was taken.
* ``current_flags`` — the red flags of the latest data (clinical-rules.json
  ``febrile_neutropenia_alert`` and ``young_infant_fever_flag``, §5.1, §5.2): the temperatures
  of the 24 hours up to the latest reading, with the most recent record taken in the 7 days
  before that reading (or the day after it). An older count says little about today's.
* ``cycle_hint`` — ``labs.cycles.detect_cyclic_pattern`` over every record's ANC (§7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from carecommons.accounts.models import CaredPerson
from carecommons.health.models import LabRecord, TemperatureReading
from carecommons.labs.cycles import CyclePattern, detect_cyclic_pattern
from carecommons.labs.engine import Case, Interpretation, interpret

TEMPERATURE_WINDOW = timedelta(hours=24)
RECORD_BEFORE_FEVER = timedelta(days=7)
RECORD_AFTER_FEVER = timedelta(days=1)

SEVERITY_WORDS = {
    "none": "not low for the age",
    "mild": "mild neutropenia",
    "moderate": "moderate neutropenia",
    "severe": "severe neutropenia",
    "profound": "profound neutropenia",
}


# The engine's findings (code → shown at the top of the tracker) that call for attention now.
FLAG_FINDINGS = (
    "febrile_neutropenia_alert",
    "young_infant_fever",
    "fever_without_known_anc",
    "fever",
    "temperature_raised",
)


@dataclass(frozen=True)
class Subject:
    """Whose records these are: the member (``person`` None) or someone they care for."""

    key: str  # "me" or the CaredPerson's id
    label: str
    person: CaredPerson | None
    profile: CaredPerson | None  # where the age and Duffy status come from

    def age_years(self, on: date) -> float | None:
        return None if self.profile is None else self.profile.age_years(on)

    @property
    def duffy_null(self) -> bool:
        return self.profile is not None and self.profile.duffy_status == CaredPerson.Duffy.NULL

    @property
    def has_birth_date(self) -> bool:
        return self.profile is not None and self.profile.date_of_birth is not None


def record_values(record: LabRecord) -> tuple[dict[str, str], dict[str, str]]:
    values: dict[str, str] = {}
    ranges: dict[str, str] = {}
    for value in record.values.all():
        values[value.key] = value.written
        if value.reference_range_text:
            unit = "" if value.unit_text == "%" else f" {value.unit_text}"
            ranges[value.key] = f"{value.reference_range_text}{unit}".strip()
    return values, ranges


def _local_iso(moment: datetime) -> str:
    return timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="minutes")


def _case(
    subject: Subject, record: LabRecord | None, temperatures: Sequence[TemperatureReading], on: date
) -> Case:
    values, ranges = record_values(record) if record is not None else ({}, {})
    age = subject.age_years(on)
    return Case(
        age_years=None if age is None else Decimal(str(age)),
        values=values,
        ref_ranges=ranges,
        temperatures=[
            {"value": str(t.value), "unit": t.scale, "time": _local_iso(t.taken_at)}
            for t in temperatures
        ]
        or None,
        duffy_null=subject.duffy_null,
    )


def interpret_record(subject: Subject, record: LabRecord) -> Interpretation:
    return interpret(_case(subject, record, (), timezone.localtime(record.taken_at).date()))


@dataclass
class Flags:
    """The red flags of the latest data; empty when nothing calls for attention."""

    febrile_neutropenia: bool = False
    young_infant: bool = False
    fever_unknown_count: bool = False  # fever met, ANC unknown: say so (rules unknown_anc)
    recheck: bool = False  # low ANC known, one reading 38.0-38.2 °C (§5.2 recommendation)
    readings_from: datetime | None = None
    readings_to: datetime | None = None
    highest_celsius: Decimal | None = None
    record: LabRecord | None = None
    anc_text: str = ""
    findings: list[tuple[str, str]] = field(default_factory=list)  # (code, text) by the engine

    @property
    def urgent(self) -> bool:
        return self.febrile_neutropenia or self.young_infant

    @property
    def any(self) -> bool:
        return bool(self.findings)


def current_flags(
    subject: Subject,
    records: Sequence[LabRecord],
    temperatures: Sequence[TemperatureReading],
) -> Flags:
    if not temperatures:
        return Flags()
    latest = max(temperatures, key=lambda t: t.taken_at)
    window = [t for t in temperatures if latest.taken_at - TEMPERATURE_WINDOW <= t.taken_at]
    nearby = [
        r
        for r in records
        if latest.taken_at - RECORD_BEFORE_FEVER
        <= r.taken_at
        <= latest.taken_at + RECORD_AFTER_FEVER
    ]
    record = max(nearby, key=lambda r: r.taken_at) if nearby else None
    day = timezone.localtime(latest.taken_at).date()
    result = interpret(_case(subject, record, window, day))
    flags = Flags(
        febrile_neutropenia=result.febrile_neutropenia_alert,
        young_infant=result.young_infant_fever_flag,
        readings_from=min(t.taken_at for t in window),
        readings_to=latest.taken_at,
        highest_celsius=result.fever.highest_celsius,
        record=record,
    )
    anc = result.anc_bound
    if result.anc_per_uL is not None:
        flags.anc_text = f"{result.anc_per_uL:,.0f}/µL"
    elif result.anc_upper_bound_per_uL is not None:
        flags.anc_text = f"below {result.anc_upper_bound_per_uL:,.0f}/µL"
    if result.fever_criterion_met and anc is None:
        flags.fever_unknown_count = True
    low_known = anc is not None and anc.high is not None and anc.high <= 1000
    if (
        not result.fever_criterion_met
        and low_known
        and result.fever.highest_celsius is not None
        and result.fever.highest_celsius >= Decimal("38.0")
    ):
        flags.recheck = True
    flags.findings = [(f.code, f.text) for f in result.findings if f.code in FLAG_FINDINGS]
    return flags


def anc_series(
    subject: Subject, records: Sequence[LabRecord]
) -> list[tuple[LabRecord, Interpretation]]:
    return [(record, interpret_record(subject, record)) for record in records]


def cycle_hint(series: Sequence[tuple[LabRecord, Interpretation]]) -> CyclePattern:
    counts = [
        (timezone.localtime(record.taken_at).date(), result.anc_per_uL)
        for record, result in series
        if result.anc_per_uL is not None
    ]
    return detect_cyclic_pattern(counts)
