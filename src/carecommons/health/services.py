"""The write side of the tracker. Every write is the owner's own; nothing is soft-deleted.

Health records are private: staff cannot read them through the app, so there is no staff read
to audit. Deleting the whole tracker is recorded in the audit log (who, when, how many rows),
never what the rows said.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User, age_phrase
from carecommons.audit.services import record as audit
from carecommons.community import services as community
from carecommons.community.models import Discussion, Group, Reply
from carecommons.health.catalogue import BY_KEY
from carecommons.health.entries import EnteredValue
from carecommons.health.fhir import ImportResult
from carecommons.health.insight import SEVERITY_WORDS, Subject, interpret_record
from carecommons.health.models import (
    HealthEvent,
    LabRecord,
    LabValue,
    PostLabNote,
    TemperatureReading,
)
from carecommons.labs.engine import format_count
from carecommons.labs.explain import explain_post

log = logging.getLogger(__name__)


def _check_person(owner: User, person: CaredPerson | None) -> None:
    if person is not None and person.owner_id != owner.pk:
        raise PermissionError("That person is not on this member's list.")


def add_record(
    *,
    owner: User,
    person: CaredPerson | None,
    taken_at: datetime,
    source_lab: str,
    values: Sequence[EnteredValue],
    entered_as: str = LabRecord.Source.FORM,
) -> LabRecord:
    _check_person(owner, person)
    if not values:
        raise ValueError("A record needs at least one value.")
    with transaction.atomic():
        record = LabRecord.objects.create(
            owner=owner,
            person=person,
            taken_at=taken_at,
            source_lab=source_lab.strip()[:120],
            entered_as=entered_as,
        )
        seen: set[str] = set()
        rows = []
        for position, value in enumerate(values):
            if value.key in seen:
                continue
            seen.add(value.key)
            rows.append(
                LabValue(
                    record=record,
                    key=value.key,
                    value_text=value.value_text,
                    unit_text=value.unit_text,
                    comparator=value.comparator,
                    amount=value.amount,
                    reference_range_text=value.reference_range_text,
                    position=position,
                )
            )
        LabValue.objects.bulk_create(rows)
    return record


def delete_record(record: LabRecord) -> None:
    record.delete()


def add_temperature(
    *,
    owner: User,
    person: CaredPerson | None,
    taken_at: datetime,
    value: Decimal,
    scale: str,
    note: str = "",
) -> TemperatureReading:
    _check_person(owner, person)
    return TemperatureReading.objects.create(
        owner=owner, person=person, taken_at=taken_at, value=value, scale=scale, note=note[:200]
    )


def add_event(
    *,
    owner: User,
    person: CaredPerson | None,
    kind: str,
    title: str,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
) -> HealthEvent:
    _check_person(owner, person)
    return HealthEvent.objects.create(
        owner=owner,
        person=person,
        kind=kind,
        title=title.strip()[:120],
        started_on=started_on,
        ended_on=ended_on,
        note=note[:300],
    )


def import_bundle(owner: User, person: CaredPerson | None, result: ImportResult) -> tuple[int, int]:
    """Save everything an already-validated Bundle holds, all or nothing."""
    _check_person(owner, person)
    with transaction.atomic():
        for imported in result.records:
            if imported.values:
                add_record(
                    owner=owner,
                    person=person,
                    taken_at=imported.taken_at,
                    source_lab=imported.source_lab,
                    values=imported.values,
                    entered_as=LabRecord.Source.IMPORT,
                )
        for reading in result.temperatures:
            add_temperature(
                owner=owner,
                person=person,
                taken_at=reading.taken_at,
                value=reading.value,
                scale=reading.scale,
                note=reading.note,
            )
    return len(result.records), len(result.temperatures)


def delete_tracker(owner: User, *, request: Any = None) -> dict[str, int]:
    """Delete every record, temperature and event the member keeps, for good."""
    with transaction.atomic():
        counts = {
            "records": LabRecord.objects.filter(owner=owner).delete()[1].get("health.LabRecord", 0),
            "temperatures": TemperatureReading.objects.filter(owner=owner).delete()[0],
            "events": HealthEvent.objects.filter(owner=owner).delete()[0],
        }
        audit("health.tracker_deleted", actor=owner, target=owner, data=counts, request=request)
    return counts


# --- sharing a snapshot -----------------------------------------------------------------


def snapshot_of(subject: Subject, record: LabRecord) -> dict[str, Any]:
    """The card's data, frozen: values and an age band; no lab, names or dates of birth."""
    result = interpret_record(subject, record)
    taken = timezone.localtime(record.taken_at)
    age = subject.age_years(taken.date())
    values = [{"label": BY_KEY[v.key].label, "value": v.written} for v in record.values.all()]
    derived: list[dict[str, str]] = []
    if result.anc_per_uL is not None and "ANC" not in {v.key for v in record.values.all()}:
        derived.append(
            {"label": "ANC (worked out)", "value": f"{format_count(result.anc_per_uL)}/µL"}
        )
    if result.alc_per_uL is not None and "Lymphocytes #" not in {
        v.key for v in record.values.all()
    }:
        derived.append(
            {"label": "ALC (worked out)", "value": f"{format_count(result.alc_per_uL)}/µL"}
        )
    return {
        "version": 1,
        "age_band": age_phrase(age) if age is not None else "",
        "month": taken.strftime("%B %Y"),
        "values": values,
        "derived": derived,
        "neutropenia": SEVERITY_WORDS.get(result.neutropenia.value, "")
        if result.neutropenia is not None
        else "",
        "findings": [
            {"text": f.text, "section": f.section}
            for f in result.findings
            if f.code.startswith(("lymphocytes", "neutropenia"))
        ][:4],
    }


def share_snapshot(
    *,
    author: User,
    subject: Subject,
    record: LabRecord,
    body: str,
    discussion: Discussion | None = None,
    group: Group | None = None,
    title: str = "",
) -> Discussion | Reply:
    """Post a reply (or start a discussion) and attach the frozen card to that post.

    Raises ``community.services.PostRefused`` when a before-post hook refuses the post.
    """
    if record.owner_id != author.pk:
        raise PermissionError("Only the owner can share a record.")
    card = snapshot_of(subject, record)
    with transaction.atomic():
        post: Discussion | Reply
        if discussion is not None:
            post = community.post_reply(author=author, discussion=discussion, body=body)
            note, _ = PostLabNote.objects.get_or_create(discussion_id=discussion.pk, reply=post)
        else:
            assert group is not None
            post = community.create_discussion(author=author, group=group, title=title, body=body)
            note, _ = PostLabNote.objects.get_or_create(discussion=post, reply=None)
        note.snapshot = card
        note.snapshot_shared_at = timezone.now()
        note.save(update_fields=["snapshot", "snapshot_shared_at"])
    return post


# --- lab literacy beside posts (hooks) ----------------------------------------------------


def explanations_for(text: str) -> tuple[list[dict[str, Any]], str]:
    explained = explain_post(text)
    items = [
        {
            "quotes": [text[m.start : m.end] for m in item.mentions],
            "text": item.text,
            "sections": list(item.sections),
        }
        for item in explained.explanations
    ]
    age = explained.stated_age.text if explained.stated_age is not None else ""
    return items, age[:80]


def refresh_post_explanations(post: Discussion | Reply) -> None:
    """Compute and store what to show beside the post; runs inside the post's transaction.

    A failure here must never lose the post: it is logged and the post goes on without
    explanations.
    """
    try:
        if isinstance(post, Discussion):
            text = f"{post.title}\n\n{post.body}"
            lookup: dict[str, Any] = {"discussion_id": post.pk, "reply": None}
        else:
            text = post.body
            lookup = {"discussion_id": post.discussion_id, "reply": post}
        items, age = explanations_for(text)
        note = PostLabNote.objects.filter(**lookup).first()
        if not items:
            if note is not None and note.snapshot is None:
                note.delete()
            elif note is not None:
                note.explanations, note.stated_age = [], ""
                note.save(update_fields=["explanations", "stated_age", "updated_at"])
            return
        if note is None:
            note = PostLabNote(**lookup)
        note.explanations, note.stated_age, note.updated_at = items, age, timezone.now()
        note.save()
    except Exception:  # a post must never be lost to an explanation
        log.exception("could not explain the lab values in a post")


def on_post_created(post: Discussion | Reply, **_: Any) -> None:
    refresh_post_explanations(post)


def on_post_edited(post: Discussion | Reply, **_: Any) -> None:
    refresh_post_explanations(post)
