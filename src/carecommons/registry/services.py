"""The write side of registries: enrolment, review, consent withdrawal and export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.accounts.roles import Role
from carecommons.audit.services import record
from carecommons.core.errors import Refused
from carecommons.core.mail import queue_email
from carecommons.notifications.services import notify
from carecommons.registry import export
from carecommons.registry.evidence import AncPoint, summarise_anc
from carecommons.registry.models import Enrolment, EnrolmentEvent, EnrolmentStatus, Registry

NEWS = {
    EnrolmentStatus.IN_REVIEW: "Your registry enrolment was received and is in review",
    EnrolmentStatus.MORE_INFO: "The registry needs more information for your enrolment",
    EnrolmentStatus.ELIGIBLE: "Good news: your registry enrolment looks eligible",
    EnrolmentStatus.NOT_ELIGIBLE: "Your registry enrolment was not found eligible",
    EnrolmentStatus.ENROLLED: "You are enrolled in the registry",
    EnrolmentStatus.WITHDRAWN: "Your registry consent is withdrawn",
}


class RegistryError(Refused):
    """A registry step that cannot happen in the enrolment's current state."""


@dataclass(frozen=True)
class Consent:
    name: str
    on: date
    relationship: str
    version: str


def _tell_member(enrolment: Enrolment, status: str, *, actor: User | None) -> None:
    title = NEWS[EnrolmentStatus(status)]
    url = enrolment.get_absolute_url()
    member = enrolment.member
    notify(member, "registry", title=title, url=url, actor=actor, email=False)
    if member.is_active and (actor is None or actor.pk != member.pk):
        queue_email(
            "registry/email/status",
            member.email,
            {"user": member, "title": title, "path": url, "registry": enrolment.registry},
        )


def _points(counts: Sequence[Mapping[str, object]]) -> list[AncPoint]:
    return [AncPoint(on=date.fromisoformat(str(c["on"])), anc=int(str(c["anc"]))) for c in counts]


def open_enrolment(
    registry: Registry, member: User, person: CaredPerson | None
) -> Enrolment | None:
    return (
        Enrolment.objects.filter(registry=registry, member=member, person=person)
        .exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.NOT_ELIGIBLE])
        .first()
    )


@transaction.atomic
def enrol(
    registry: Registry,
    member: User,
    *,
    person: CaredPerson | None,
    answers: Mapping[str, str],
    counts: Sequence[AncPoint],
    age_band: str,
    consent: Consent,
) -> Enrolment:
    if not registry.is_open:
        raise RegistryError("This registry is not taking new enrolments.")
    if person is not None and person.owner_id != member.pk:
        raise RegistryError("You can only enrol people in your own list.")
    if consent.version != registry.consent_version:
        raise RegistryError(
            "The consent text changed while you were reading it. Please read the new version."
        )
    if open_enrolment(registry, member, person) is not None:
        raise RegistryError("There is already an enrolment for this person in this registry.")
    today = timezone.localdate()
    stored = [{"on": p.on.isoformat(), "anc": p.anc} for p in sorted(counts, key=lambda p: p.on)]
    enrolment = Enrolment.objects.create(
        registry=registry,
        member=member,
        person=person,
        answers=dict(answers),
        anc_counts=stored,
        anc_summary=summarise_anc(counts, as_of=today).as_dict(),
        age_band=age_band,
        consent_name=consent.name,
        consent_date=consent.on,
        consent_relationship=consent.relationship,
        consent_version=consent.version,
    )
    EnrolmentEvent.objects.create(
        enrolment=enrolment, actor=member, to_status=EnrolmentStatus.IN_REVIEW
    )
    record(
        "registry.consent_given",
        actor=member,
        target=enrolment,
        data={"registry": registry.slug, "version": consent.version},
    )
    for staff in User.objects.filter(role_grants__role=Role.REGISTRY_STAFF, is_active=True):
        notify(
            staff,
            "registry",
            title=f"New enrolment for {registry.name}",
            url=enrolment.get_absolute_url(),
            actor=member,
        )
    _tell_member(enrolment, EnrolmentStatus.IN_REVIEW, actor=None)
    return enrolment


def _move(
    enrolment: Enrolment,
    to_status: str,
    *,
    actor: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> None:
    from_status = enrolment.status
    enrolment.status = to_status
    enrolment.status_changed_at = timezone.now()
    enrolment.save()
    EnrolmentEvent.objects.create(
        enrolment=enrolment, actor=actor, from_status=from_status, to_status=to_status, note=note
    )
    if actor.pk != enrolment.member_id:
        record(
            f"registry.enrolment_{to_status}",
            actor=actor,
            target=enrolment,
            reason=note[:500],
            data={"from": from_status, "to": to_status},
            request=request,
        )
    _tell_member(enrolment, to_status, actor=actor)


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("member", "registry")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def review(
    enrolment: Enrolment,
    by: User,
    step: str,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> None:
    from carecommons.registry.permissions import REVIEW_STEPS

    enrolment = _locked(enrolment)
    allowed = REVIEW_STEPS.get(step)
    if allowed is None or enrolment.status not in allowed:
        raise RegistryError(
            f"This enrolment is “{enrolment.get_status_display()}”; that step is not possible now."
        )
    if step in {EnrolmentStatus.NOT_ELIGIBLE, EnrolmentStatus.MORE_INFO} and not note.strip():
        raise RegistryError("Write what the member needs to know (the reason or the question).")
    if step == EnrolmentStatus.NOT_ELIGIBLE:
        enrolment.staff_reason = note
    _move(enrolment, step, actor=by, note=note, request=request)


@transaction.atomic
def add_information(enrolment: Enrolment, by: User, note: str, counts: Sequence[AncPoint]) -> None:
    enrolment = _locked(enrolment)
    if enrolment.status != EnrolmentStatus.MORE_INFO or by.pk != enrolment.member_id:
        raise RegistryError("The registry is not waiting for information on this enrolment.")
    if counts:
        merged = {(p.on, p.anc) for p in _points(enrolment.anc_counts)} | {
            (p.on, p.anc) for p in counts
        }
        points = [AncPoint(on=on, anc=anc) for on, anc in sorted(merged)]
        enrolment.anc_counts = [{"on": p.on.isoformat(), "anc": p.anc} for p in points]
        enrolment.anc_summary = summarise_anc(points, as_of=timezone.localdate()).as_dict()
    _move(enrolment, EnrolmentStatus.IN_REVIEW, actor=by, note=note)


@transaction.atomic
def withdraw_consent(enrolment: Enrolment, by: User, note: str = "") -> None:
    """Recorded at once; the person is left out of every export from now on."""
    enrolment = _locked(enrolment)
    if by.pk != enrolment.member_id:
        raise RegistryError("Only the member who gave consent can withdraw it.")
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise RegistryError("Consent for this enrolment is already withdrawn.")
    enrolment.withdrawn_at = timezone.now()
    _move(enrolment, EnrolmentStatus.WITHDRAWN, actor=by, note=note)
    record("registry.consent_withdrawn", actor=by, target=enrolment, reason=note[:500])


def record_view(enrolment: Enrolment, staff: User, request: HttpRequest) -> None:
    record("registry.enrolment_viewed", actor=staff, target=enrolment, request=request)


def run_export(
    registry: Registry, by: User, *, fmt: str, reason: str, request: HttpRequest | None = None
) -> tuple[str, int]:
    """The export's text and how many people it holds; logged with who and why."""
    today = timezone.localdate()
    count = export.exportable(registry).count()
    text = (
        export.as_csv(registry, today=today)
        if fmt == "csv"
        else export.as_fhir(registry, today=today)
    )
    record(
        "registry.exported",
        actor=by,
        target=registry,
        reason=reason,
        data={"format": fmt, "people": count},
        request=request,
    )
    return text, count
