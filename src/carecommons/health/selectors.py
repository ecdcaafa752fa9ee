"""The read side of the tracker: owner-only by construction (every query filters on owner)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.community.models import Discussion, Reply
from carecommons.health.insight import Subject, anc_series
from carecommons.health.models import (
    HealthEvent,
    LabRecord,
    LabValue,
    PostLabNote,
    TemperatureReading,
)

ME = "me"


def people_of(owner: User) -> list[CaredPerson]:
    return list(CaredPerson.objects.filter(owner=owner).order_by("created_at", "id"))


def subjects_of(owner: User, people: Iterable[CaredPerson]) -> list[Subject]:
    """ "Me" first (aged by the member's own "Me" entry, if any), then the people they care for."""
    people = list(people)
    me = next((p for p in people if p.relationship == CaredPerson.Relationship.SELF), None)
    subjects = [Subject(key=ME, label="Me", person=None, profile=me)]
    for person in people:
        if person.relationship != CaredPerson.Relationship.SELF:
            subjects.append(
                Subject(
                    key=str(person.pk), label=person.private_label, person=person, profile=person
                )
            )
    return subjects


def subject_for(owner: User, key: str) -> Subject | None:
    """The subject at ``key`` if it belongs to ``owner``; None for anything else."""
    if key == ME:
        return subjects_of(owner, people_of(owner))[0]
    if not key.isdigit() or len(key) > 12:
        return None
    person = CaredPerson.objects.filter(owner=owner, pk=int(key)).first()
    if person is None or person.relationship == CaredPerson.Relationship.SELF:
        return None
    return Subject(key=key, label=person.private_label, person=person, profile=person)


def _values() -> Prefetch[Any]:
    return Prefetch("values", queryset=LabValue.objects.order_by("position", "id"))


def _of(model: Any, owner: User, subject: Subject) -> QuerySet[Any]:
    rows: QuerySet[Any] = model.objects.filter(owner=owner, person=subject.person)
    return rows


def records_of(owner: User, subject: Subject) -> list[LabRecord]:
    return list(
        _of(LabRecord, owner, subject).prefetch_related(_values()).order_by("taken_at", "id")
    )


def anc_history(owner: User, person: CaredPerson | None) -> list[tuple[date, Decimal]]:
    """(day, ANC per µL) of each of the owner's saved blood counts for `person` (None: the
    owner) that has an ANC, oldest first. For other apps (the registry); owner-only, like
    every selector here: another member's person gives an empty list."""
    subject = subject_for(owner, ME if person is None else str(person.pk))
    if subject is None:
        return []
    return [
        (timezone.localtime(record.taken_at).date(), result.anc_per_uL)
        for record, result in anc_series(subject, records_of(owner, subject))
        if result.anc_per_uL is not None
    ]


def temperatures_of(owner: User, subject: Subject) -> list[TemperatureReading]:
    return list(_of(TemperatureReading, owner, subject).order_by("taken_at", "id"))


def events_of(owner: User, subject: Subject) -> list[HealthEvent]:
    return list(_of(HealthEvent, owner, subject).order_by("started_on", "id"))


@dataclass
class Overview:
    subject: Subject
    records: list[LabRecord]
    temperatures: list[TemperatureReading]


def overview(owner: User) -> list[Overview]:
    """Every subject with their records and temperatures, in a fixed number of queries."""
    subjects = subjects_of(owner, people_of(owner))
    records = list(
        LabRecord.objects.filter(owner=owner).prefetch_related(_values()).order_by("taken_at", "id")
    )
    temperatures = list(TemperatureReading.objects.filter(owner=owner).order_by("taken_at", "id"))
    result = []
    for subject in subjects:
        person_id = subject.person.pk if subject.person is not None else None
        result.append(
            Overview(
                subject=subject,
                records=[r for r in records if r.person_id == person_id],
                temperatures=[t for t in temperatures if t.person_id == person_id],
            )
        )
    return result


def own_record(owner: User, pk: int) -> LabRecord | None:
    return (
        LabRecord.objects.filter(owner=owner, pk=pk)
        .select_related("person")
        .prefetch_related(_values())
        .first()
    )


def own_temperature(owner: User, pk: int) -> TemperatureReading | None:
    return TemperatureReading.objects.filter(owner=owner, pk=pk).first()


def own_event(owner: User, pk: int) -> HealthEvent | None:
    return HealthEvent.objects.filter(owner=owner, pk=pk).first()


def lab_notes_for(discussion: Discussion, replies: Iterable[Reply]) -> dict[str, PostLabNote]:
    """The notes of a discussion post and of the replies on this page, in one query.

    Keys: ``"d"`` for the discussion post, ``"r<number>"`` for replies.
    """
    numbers = {reply.pk: reply.number for reply in replies}
    notes = PostLabNote.objects.filter(discussion_id=discussion.pk).filter(
        Q(reply__isnull=True) | Q(reply_id__in=list(numbers))
    )
    found: dict[str, PostLabNote] = {}
    for note in notes:
        if note.reply_id is None:
            found["d"] = note
        elif note.reply_id in numbers:
            found[f"r{numbers[note.reply_id]}"] = note
    return found
