"""The write side of care navigation. Views, the demo loader and tests all call these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.accounts.roles import Role
from carecommons.audit.services import record
from carecommons.care import places
from carecommons.care.files import check_upload
from carecommons.care.models import (
    Attachment,
    CareMessage,
    CareRequest,
    CoordinatorDesk,
    Desk,
    OfferedTime,
    Specialty,
    Status,
    StatusChange,
    VisitType,
)
from carecommons.care.suggestion import suggest_visit_type
from carecommons.core.errors import Refused
from carecommons.core.mail import queue_email
from carecommons.notifications.services import notify

# What the member is told in the notification and email for each new status.
STATUS_NEWS = {
    Status.NEW: "Your appointment request was received",
    Status.IN_REVIEW: "A coordinator is reviewing your appointment request",
    Status.MORE_INFO: "A coordinator needs more information for your appointment request",
    Status.OFFERED: "You have been offered appointment times",
    Status.SCHEDULED: "Your appointment is scheduled",
    Status.CLOSED: "Your appointment request is closed",
    Status.DECLINED: "Your appointment request could not be accepted",
    Status.WITHDRAWN: "Your appointment request was withdrawn",
}


class CareError(Refused):
    """An action that cannot happen in the request's current state."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class RequestDetails:
    specialty: Specialty
    reason: str
    visit_type: str
    country: str
    time_zone: str
    language: str
    needs_interpreter: bool = False
    second_opinion: bool = False
    availability: Sequence[str] = ()
    availability_notes: str = ""
    about: CaredPerson | None = None


def _store_attachments(care_request: CareRequest, by: User, uploads: Sequence[Upload]) -> None:
    for upload in uploads:
        checked = check_upload(upload.name, upload.data)
        attachment = Attachment(
            request=care_request,
            uploaded_by=by,
            original_name=upload.name[:200],
            content_type=checked.content_type,
            extension=checked.extension,
            size=len(upload.data),
        )
        attachment.file.save("upload", ContentFile(upload.data), save=False)
        attachment.save()


def coordinators_for(desk: str) -> list[User]:
    """Coordinators who work this desk; every coordinator when nobody is assigned to it."""
    assigned = list(
        User.objects.filter(
            care_desk__desk=desk, is_active=True, role_grants__role=Role.COORDINATOR
        ).distinct()
    )
    if assigned:
        return assigned
    return list(User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).distinct())


def desk_of(coordinator: User) -> str | None:
    return (
        CoordinatorDesk.objects.filter(coordinator=coordinator)
        .values_list("desk", flat=True)
        .first()
    )


@transaction.atomic
def create_request(
    requester: User, details: RequestDetails, uploads: Sequence[Upload] = ()
) -> CareRequest:
    if details.about is not None and details.about.owner_id != requester.pk:
        raise CareError("You can only ask on behalf of people in your own list.")
    international = places.is_international(details.country)
    suggestion = suggest_visit_type(
        international=international,
        second_opinion=details.second_opinion,
        specialty_needs_exam=details.specialty.needs_exam_first,
        preferred=details.visit_type,
    )
    care_request = CareRequest.objects.create(
        requester=requester,
        about=details.about,
        specialty=details.specialty,
        reason=details.reason,
        visit_type=details.visit_type,
        country=details.country.upper(),
        time_zone=details.time_zone,
        language=details.language,
        needs_interpreter=details.needs_interpreter,
        second_opinion=details.second_opinion,
        availability=list(details.availability),
        availability_notes=details.availability_notes,
        desk=Desk.INTERNATIONAL if international else Desk.HOME,
        suggested_visit_type=suggestion.visit_type,
        suggestion_reason=suggestion.reason,
    )
    _store_attachments(care_request, requester, uploads)
    StatusChange.objects.create(request=care_request, actor=requester, to_status=Status.NEW)
    url = care_request.get_absolute_url()
    for coordinator in coordinators_for(care_request.desk):
        notify(
            coordinator,
            "care_request",
            title=f"New {care_request.get_desk_display().lower()[:-1]}: "
            f"{care_request.specialty.name}",
            url=url,
            actor=requester,
        )
    _tell_requester(care_request, Status.NEW, actor=None)
    return care_request


def _tell_requester(care_request: CareRequest, status: str, *, actor: User | None) -> None:
    title = STATUS_NEWS[Status(status)]
    url = care_request.get_absolute_url()
    requester = care_request.requester
    notify(requester, "care_request", title=title, url=url, actor=actor, email=False)
    if requester.is_active and (actor is None or actor.pk != requester.pk):
        queue_email(
            "care/email/status",
            requester.email,
            {"user": requester, "title": title, "path": url, "care_request": care_request},
        )


def _change_status(
    care_request: CareRequest,
    to_status: str,
    *,
    actor: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> None:
    from_status = care_request.status
    care_request.status = to_status
    care_request.status_changed_at = timezone.now()
    care_request.save()
    StatusChange.objects.create(
        request=care_request,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note[:500],
    )
    if actor.pk != care_request.requester_id:
        record(
            f"care.request_{to_status}",
            actor=actor,
            target=care_request,
            reason=note[:500],
            data={"from": from_status, "to": to_status},
            request=request,
        )
    _tell_requester(care_request, to_status, actor=actor)


def _locked(care_request: CareRequest) -> CareRequest:
    return (
        CareRequest.objects.select_for_update(of=("self",))
        .select_related("requester")
        .get(pk=care_request.pk)
    )


def _require(care_request: CareRequest, allowed: set[str], doing: str) -> None:
    if care_request.status not in allowed:
        raise CareError(
            f"This request is “{care_request.get_status_display()}”, so it cannot be {doing} now."
        )


@transaction.atomic
def post_message(
    care_request: CareRequest,
    author: User,
    body: str,
    uploads: Sequence[Upload] = (),
    *,
    request: HttpRequest | None = None,
) -> CareMessage:
    care_request = _locked(care_request)
    if not care_request.is_open:
        raise CareError("This request is finished; messages can no longer be added.")
    message = CareMessage.objects.create(request=care_request, author=author, body=body)
    _store_attachments(care_request, author, uploads)
    url = care_request.get_absolute_url()
    if author.pk == care_request.requester_id:
        if care_request.status == Status.MORE_INFO:
            _change_status(care_request, Status.IN_REVIEW, actor=author, note="Member answered")
        for coordinator in coordinators_for(care_request.desk):
            notify(coordinator, "care_request", title="The member replied", url=url, actor=author)
    else:
        record("care.message_sent", actor=author, target=care_request, request=request)
        notify(
            care_request.requester,
            "care_request",
            title="A coordinator wrote to you about your appointment request",
            url=url,
            actor=author,
        )
    return message


@transaction.atomic
def start_review(
    care_request: CareRequest, by: User, *, request: HttpRequest | None = None
) -> None:
    care_request = _locked(care_request)
    _require(care_request, {Status.NEW, Status.MORE_INFO}, "put in review")
    _change_status(care_request, Status.IN_REVIEW, actor=by, request=request)


@transaction.atomic
def ask_for_information(
    care_request: CareRequest, by: User, question: str, *, request: HttpRequest | None = None
) -> None:
    care_request = _locked(care_request)
    _require(care_request, {Status.NEW, Status.IN_REVIEW}, "sent back for more information")
    CareMessage.objects.create(request=care_request, author=by, body=question)
    _change_status(care_request, Status.MORE_INFO, actor=by, note=question, request=request)


@transaction.atomic
def offer_times(
    care_request: CareRequest,
    by: User,
    visit_type: str,
    times: Sequence[datetime],
    *,
    request: HttpRequest | None = None,
) -> None:
    care_request = _locked(care_request)
    _require(
        care_request,
        {Status.NEW, Status.IN_REVIEW, Status.MORE_INFO, Status.OFFERED},
        "offered times",
    )
    if not times:
        raise CareError("Offer at least one date and time.")
    care_request.offered_times.all().delete()
    OfferedTime.objects.bulk_create(
        OfferedTime(request=care_request, starts_at=moment) for moment in sorted(times)
    )
    care_request.offered_visit_type = visit_type
    _change_status(
        care_request,
        Status.OFFERED,
        actor=by,
        note=f"{VisitType(visit_type).label}, {len(times)} time(s)",
        request=request,
    )


@transaction.atomic
def accept_offer(care_request: CareRequest, by: User, offered_time_id: int) -> None:
    care_request = _locked(care_request)
    _require(care_request, {Status.OFFERED}, "scheduled")
    chosen = care_request.offered_times.filter(pk=offered_time_id).first()
    if chosen is None:
        raise CareError("Choose one of the offered times.")
    chosen.is_chosen = True
    chosen.save(update_fields=["is_chosen"])
    care_request.scheduled_at = chosen.starts_at
    _change_status(care_request, Status.SCHEDULED, actor=by, note="Member accepted a time")
    for coordinator in coordinators_for(care_request.desk):
        notify(
            coordinator,
            "care_request",
            title="A member accepted an appointment time",
            url=care_request.get_absolute_url(),
            actor=by,
        )


@transaction.atomic
def close(
    care_request: CareRequest, by: User, outcome: str, *, request: HttpRequest | None = None
) -> None:
    care_request = _locked(care_request)
    _require(care_request, {Status.SCHEDULED}, "closed")
    care_request.outcome = outcome
    _change_status(care_request, Status.CLOSED, actor=by, note=outcome, request=request)


@transaction.atomic
def decline(
    care_request: CareRequest, by: User, reason: str, *, request: HttpRequest | None = None
) -> None:
    care_request = _locked(care_request)
    if not care_request.is_open:
        raise CareError("This request is already finished.")
    care_request.decline_reason = reason
    _change_status(care_request, Status.DECLINED, actor=by, note=reason, request=request)


@transaction.atomic
def withdraw(care_request: CareRequest, by: User) -> None:
    care_request = _locked(care_request)
    if by.pk != care_request.requester_id:
        raise CareError("Only the person who made the request can withdraw it.")
    if not care_request.is_open:
        raise CareError("This request is already finished.")
    _change_status(care_request, Status.WITHDRAWN, actor=by, note="Withdrawn by the member")
    for coordinator in coordinators_for(care_request.desk):
        notify(
            coordinator,
            "care_request",
            title="A member withdrew an appointment request",
            url=care_request.get_absolute_url(),
            actor=by,
        )


@transaction.atomic
def recommend(
    care_request: CareRequest,
    by: User,
    visit_type: str,
    reason: str,
    *,
    request: HttpRequest | None = None,
) -> None:
    """The coordinator's recommendation; differing from the suggestion needs a reason."""
    care_request = _locked(care_request)
    if visit_type != care_request.suggested_visit_type and not reason.strip():
        raise CareError("Say why you recommend something other than the suggestion.")
    care_request.recommended_visit_type = visit_type
    care_request.override_reason = reason
    care_request.save(update_fields=["recommended_visit_type", "override_reason"])
    record(
        "care.recommendation_set",
        actor=by,
        target=care_request,
        reason=reason,
        data={"suggested": care_request.suggested_visit_type, "recommended": visit_type},
        request=request,
    )


def record_view(care_request: CareRequest, coordinator: User, request: HttpRequest) -> None:
    """Every coordinator read of a request goes into the audit log."""
    record("care.request_viewed", actor=coordinator, target=care_request, request=request)


def record_attachment_read(attachment: Attachment, coordinator: User, request: HttpRequest) -> None:
    record(
        "care.attachment_viewed",
        actor=coordinator,
        target=attachment.request,
        data={"attachment": attachment.pk},
        request=request,
    )
