"""Thin views: parse → permission → selector or service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecommons.core.http import member_of
from carecommons.registry import forms, permissions, selectors, services, tracker
from carecommons.registry.models import Enrolment, EnrolmentStatus, Registry
from carecommons.registry.services import Consent, RegistryError

STEP_LABELS: dict[str, str] = {
    EnrolmentStatus.ELIGIBLE: "Eligible",
    EnrolmentStatus.MORE_INFO: "More information needed",
    EnrolmentStatus.NOT_ELIGIBLE: "Not eligible",
    EnrolmentStatus.ENROLLED: "Enrol",
}


class NotFound(Http404):
    """A 404 whose message is shown on the error page."""


def _registry(slug: str) -> Registry:
    registry = selectors.get_registry(slug)
    if registry is None:
        raise NotFound("There is no registry at this address.")
    return registry


def _enrolment(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = selectors.get_enrolment(pk)
    if enrolment is None or not permissions.can_view_enrolment(request.user, enrolment):
        raise NotFound("There is no enrolment at this address that you can see.")
    return enrolment


def registry_list(request: HttpRequest) -> HttpResponse:
    mine = selectors.my_enrolments(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "registry/list.html",
        {
            "registries": selectors.registries(),
            "mine": list(mine),
            "is_staff": permissions.is_registry_staff(request.user),
        },
    )


def registry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "registry/detail.html", {"registry": _registry(slug)})


@login_required
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    registry = _registry(slug)
    member = member_of(request)
    if not registry.is_open:
        messages.error(request, "This registry is not taking new enrolments at the moment.")
        return redirect(registry)
    context: dict[str, Any] = {"registry": registry, "noindex": True}
    if request.method == "POST":
        form = forms.EnrolmentForm(request.POST, registry=registry, member=member)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enrolment = services.enrol(
                    registry,
                    member,
                    person=data["person"],
                    answers=form.answers(),
                    counts=tracker.merge(
                        data["counts"],
                        tracker.tracker_counts(member, data["person"])
                        if data["use_tracker"]
                        else [],
                    ),
                    age_band=data["age_band"],
                    consent=Consent(
                        name=data["consent_name"],
                        on=data["consent_date"],
                        relationship=data["consent_relationship"],
                        version=data["consent_version"],
                    ),
                )
            except RegistryError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, "Thank you. Your enrolment was sent to the registry team for review."
                )
                return redirect(enrolment)
        return render(request, "registry/enrol.html", {**context, "form": form}, status=400)
    form = forms.EnrolmentForm(registry=registry, member=member)
    return render(request, "registry/enrol.html", {**context, "form": form})


def _detail(
    request: HttpRequest, enrolment: Enrolment, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    context = {
        "enrolment": enrolment,
        "is_owner": permissions.is_owner(user, enrolment),
        "is_staff": permissions.is_registry_staff(user),
        "steps": [(s, STEP_LABELS[s]) for s in permissions.review_steps(user, enrolment)],
        "can_add_information": permissions.can_add_information(user, enrolment),
        "can_withdraw": permissions.can_withdraw(user, enrolment),
        "questions": [
            (q.text, enrolment.answers.get(str(q.pk), ""))
            for q in enrolment.registry.questions.all()
        ],
        "summary": enrolment.anc_summary,
        "review_form": extra.get("review_form") or forms.ReviewForm(),
        "info_form": extra.get("info_form") or forms.AddInformationForm(),
        "withdraw_form": forms.WithdrawForm(),
        "noindex": True,
    }
    return render(request, "registry/enrolment.html", context, status=status)


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    member = member_of(request)
    if not permissions.is_owner(member, enrolment):
        services.record_view(enrolment, member, request)
    return _detail(request, enrolment)


@require_POST
@login_required
def review(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    member = member_of(request)
    if not permissions.is_registry_staff(member) or step not in permissions.REVIEW_STEPS:
        raise NotFound("There is no such step.")
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review(enrolment, member, step, form.cleaned_data["note"], request=request)
        except RegistryError as error:
            form.add_error("note", error.message)
        else:
            messages.success(request, f"Saved: {STEP_LABELS[step]}. The member was told.")
            return redirect(enrolment)
    return _detail(request, enrolment, status=400, review_form=form)


@require_POST
@login_required
def add_information(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    member = member_of(request)
    if not permissions.can_add_information(member, enrolment):
        raise NotFound("The registry is not waiting for information on this enrolment.")
    form = forms.AddInformationForm(request.POST)
    if form.is_valid():
        services.add_information(
            enrolment, member, form.cleaned_data["note"], form.cleaned_data["counts"]
        )
        messages.success(request, "Thank you. The registry team will look at it again.")
        return redirect(enrolment)
    return _detail(request, enrolment, status=400, info_form=form)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, pk)
    member = member_of(request)
    if not permissions.can_withdraw(member, enrolment):
        raise NotFound("There is no consent of yours to withdraw at this address.")
    form = forms.WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.withdraw_consent(enrolment, member, note)
    messages.success(
        request,
        "Your consent is withdrawn. Your information will not be part of any future export.",
    )
    return redirect(enrolment)


def _staff_only(request: HttpRequest) -> Any:
    member = member_of(request)
    if not permissions.is_registry_staff(member):
        raise NotFound("There is no page at this address.")
    return member


@login_required
def staff_queue(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", EnrolmentStatus.IN_REVIEW)
    if status not in {"", *EnrolmentStatus.values}:
        status = EnrolmentStatus.IN_REVIEW
    return render(
        request,
        "registry/staff_queue.html",
        {
            "enrolments": list(selectors.staff_queue(status)[:200]),
            "status": status,
            "statuses": EnrolmentStatus.choices,
            "registries": list(selectors.registries()),
            "noindex": True,
        },
    )


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    member = _staff_only(request)
    registry = _registry(slug)
    if request.method == "POST":
        form = forms.ExportForm(request.POST)
        if form.is_valid():
            fmt = form.cleaned_data["format"]
            text, _count = services.run_export(
                registry, member, fmt=fmt, reason=form.cleaned_data["reason"], request=request
            )
            stamp = timezone.localdate().isoformat()
            if fmt == "csv":
                response = HttpResponse(text, content_type="text/csv; charset=utf-8")
                name = f"{registry.slug}-{stamp}.csv"
            else:
                response = HttpResponse(text, content_type="application/fhir+json; charset=utf-8")
                name = f"{registry.slug}-{stamp}.fhir.json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "private, no-store"
            return response
        status = 400
    else:
        form = forms.ExportForm()
        status = 200
    return render(
        request,
        "registry/export.html",
        {"registry": registry, "form": form, "noindex": True},
        status=status,
    )
