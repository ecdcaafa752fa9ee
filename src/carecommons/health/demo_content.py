"""Demo blood count records, in our own words and numbers from the product brief.

Ray (oldoak_ray), mid-60s with low counts since 2001: years of counts — an ANC around 800 in
2016 that fell to 200 after a course of antibiotics — temperatures between 95.7 and 99.8 °F and
three marrow biopsies as events. Warda (warda_writes) keeps her husband's report with
lymphocytes 82 % and 4.2 absolute. Idempotent: a member who already has records is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.health import services
from carecommons.health.entries import read_value
from carecommons.health.models import LabRecord

# (date, WBC K/uL, neutrophils %, lymphocytes %) — ANC = WBC × % (§1.1)
RAY_COUNTS = [
    (date(2014, 4, 7), "2.9", "34", "52"),
    (date(2015, 3, 16), "2.6", "33", "54"),
    (date(2016, 2, 1), "2.5", "32", "55"),  # ANC 800
    (date(2016, 2, 22), "2.3", "9", "72"),  # ANC ~200, after the antibiotic course
    (date(2016, 3, 14), "2.4", "25", "60"),
    (date(2016, 5, 2), "2.6", "31", "55"),
    (date(2018, 6, 11), "2.7", "33", "53"),
    (date(2020, 9, 28), "2.5", "30", "56"),
    (date(2023, 1, 9), "2.8", "32", "54"),
    (date(2024, 10, 21), "2.6", "31", "55"),
]
RAY_TEMPERATURES_F = [
    (date(2016, 2, 19), time(8, 0), "97.9"),
    (date(2016, 2, 19), time(20, 30), "99.8"),
    (date(2016, 2, 20), time(7, 15), "99.1"),
    (date(2016, 2, 21), time(6, 45), "95.7"),
    (date(2016, 2, 22), time(7, 30), "97.2"),
    (date(2024, 10, 20), time(9, 0), "97.6"),
]
RAY_EVENTS = [
    ("procedure", "Marrow biopsy", date(2003, 5, 12), None),
    ("procedure", "Marrow biopsy", date(2009, 11, 2), None),
    ("medication", "Amoxicillin-clavulanate, 5-day course", date(2016, 2, 10), date(2016, 2, 14)),
    ("procedure", "Marrow biopsy", date(2016, 4, 4), None),
]
WARDA_REPORT = [
    ("WBC", "5.1", "x10^9/L", "4.0-11.0"),
    ("Neutrophils %", "12", "%", ""),
    ("Lymphocytes %", "82", "%", ""),
    ("Lymphocytes #", "4.2", "x10^9/L", "1.0-4.8"),
    ("Hemoglobin", "13.4", "g/dL", "13.0-17.0"),
    ("Platelets", "221", "x10^9/L", "150-400"),
]


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


def _person(owner: User, relationship: str, years: float) -> CaredPerson:
    # Demo set-up only: the people-I-care-for list belongs to accounts; the demo seeds it.
    person = CaredPerson.objects.filter(owner=owner, relationship=relationship).first()
    if person is None:
        person = CaredPerson.objects.create(
            owner=owner,
            relationship=relationship,
            date_of_birth=timezone.localdate() - timedelta(days=round(years * 365.25)),
        )
    return person


def _load_ray(ray: User) -> int:
    _person(ray, CaredPerson.Relationship.SELF, 65.5)
    for day, wbc, neutrophils, lymphocytes in RAY_COUNTS:
        services.add_record(
            owner=ray,
            person=None,
            taken_at=_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9)),
            source_lab="Hospital outpatient lab",
            values=[
                read_value("WBC", wbc, "K/uL", "4.0-10.5"),
                read_value("Neutrophils %", neutrophils, "%"),
                read_value("Lymphocytes %", lymphocytes, "%"),
            ],
        )
    for day, clock, value in RAY_TEMPERATURES_F:
        services.add_temperature(
            owner=ray,
            person=None,
            taken_at=_aware(datetime.combine(day, clock)),
            value=Decimal(value),
            scale="F",
        )
    for kind, title, start, end in RAY_EVENTS:
        services.add_event(
            owner=ray, person=None, kind=kind, title=title, started_on=start, ended_on=end
        )
    return len(RAY_COUNTS)


def _load_warda(warda: User) -> int:
    husband = _person(warda, CaredPerson.Relationship.HUSBAND, 47.0)
    services.add_record(
        owner=warda,
        person=husband,
        taken_at=timezone.now().replace(hour=8, minute=30, second=0, microsecond=0)
        - timedelta(days=6),
        source_lab="",
        values=[read_value(key, value, unit, ref) for key, value, unit, ref in WARDA_REPORT],
        entered_as=LabRecord.Source.PASTE,
    )
    return 1


def load(users: dict[str, User]) -> str | None:
    added = 0
    ray, warda = users.get("oldoak_ray"), users.get("warda_writes")
    if ray is not None and not LabRecord.objects.filter(owner=ray).exists():
        added += _load_ray(ray)
    if warda is not None and not LabRecord.objects.filter(owner=warda).exists():
        added += _load_warda(warda)
    if not added:
        return None
    return f"health: {added} blood counts with temperatures and events (oldoak_ray, warda_writes)"
