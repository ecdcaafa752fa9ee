"""Thin views: parse → permission → selector or service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carecommons.care import forms, permissions, places, selectors, services
from carecommons.care.models import Attachment, CareRequest, Desk, Status, VisitType
from carecommons.care.services import CareError
from carecommons.core.http import member_of

INTERNATIONAL_REPLY_DAYS = 5
HOME_REPLY_DAYS = 3


class NotFound(Http404):
    """A 404 whose message is shown on the error page."""


def _readable(request: HttpRequest, pk: int) -> CareRequest:
    care_request = selectors.get_request(pk)
    if care_request is None or not permissions.can_view_request(request.user, care_request):
        raise NotFound("There is no appointment request at this address that you can see.")
    return care_request


def _page_context() -> dict[str, Any]:
    return {
        "home_country": places.country_name(places.home_country()),
        "international_reply_days": INTERNATIONAL_REPLY_DAYS,
        "home_reply_days": HOME_REPLY_DAYS,
        "noindex": True,
    }


def request_page(request: HttpRequest) -> HttpResponse:
    """The request form; visitors read what to expect and are asked to sign in."""
    context = _page_context()
    if not request.user.is_authenticated:
        return render(request, "care/request_form.html", {**context, "form": None})
    member = member_of(request)
    if request.method == "POST":
        form = forms.CareRequestForm(request.POST, request.FILES, member=member)
        if form.is_valid():
            data = form.cleaned_data
            details = services.RequestDetails(
                about=data["about"],
                specialty=data["specialty"],
                reason=data["reason"],
                visit_type=data["visit_type"],
                country=data["country"],
                time_zone=data["time_zone"],
                language=data["language"],
                needs_interpreter=data["needs_interpreter"],
                second_opinion=data["second_opinion"],
                availability=data["availability"],
                availability_notes=data["availability_notes"],
            )
            care_request = services.create_request(member, details, data["attachments"])
            messages.success(
                request,
                "Your request was sent. A coordinator will reply here and by email.",
            )
            return redirect(care_request)
        return render(request, "care/request_form.html", {**context, "form": form}, status=400)
    form = forms.CareRequestForm(member=member)
    return render(request, "care/request_form.html", {**context, "form": form})


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    return render(
        request,
        "care/my_requests.html",
        {"care_requests": selectors.my_requests(member), "noindex": True},
    )


def _detail_context(
    request: HttpRequest, care_request: CareRequest, **forms_: Any
) -> dict[str, Any]:
    user = request.user
    coordinator = permissions.is_coordinator(user)
    zone = care_request.time_zone
    context: dict[str, Any] = {
        "care_request": care_request,
        "is_requester": permissions.is_requester(user, care_request),
        "is_coordinator": coordinator,
        "can_message": permissions.can_message(user, care_request),
        "can_withdraw": permissions.can_withdraw(user, care_request),
        "can_accept": permissions.can_accept_offer(user, care_request),
        "actions": permissions.available_actions(user, care_request),
        "country_name": places.country_name(care_request.country),
        "member_zone": zone,
        # The member reads every time on their own clock; coordinators read UTC.
        "display_zone": zone if permissions.is_requester(user, care_request) else "UTC",
        "noindex": True,
        "message_form": forms_.get("message_form") or forms.MessageForm(),
        "visit_labels": dict(VisitType.choices),
    }
    if coordinator:
        context.update(
            ask_form=forms_.get("ask_form") or forms.AskForm(),
            offer_form=forms_.get("offer_form") or forms.OfferForm(zone=zone),
            close_form=forms_.get("close_form") or forms.CloseForm(),
            decline_form=forms_.get("decline_form") or forms.DeclineForm(),
            recommend_form=forms_.get("recommend_form")
            or forms.RecommendForm(
                suggested=care_request.suggested_visit_type,
                initial={"recommended_visit_type": care_request.recommendation,
                         "override_reason": care_request.override_reason},
            ),
        )  # fmt: skip
    return context


def _render_detail(
    request: HttpRequest, care_request: CareRequest, status: int = 200, **forms_: Any
) -> HttpResponse:
    return render(
        request, "care/detail.html", _detail_context(request, care_request, **forms_), status=status
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    care_request = _readable(request, pk)
    member = member_of(request)
    if not permissions.is_requester(member, care_request):
        services.record_view(care_request, member, request)
    return _render_detail(request, care_request)


@require_POST
@login_required
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    care_request = _readable(request, pk)
    member = member_of(request)
    if not permissions.can_message(member, care_request):
        messages.error(request, "This request is finished; messages can no longer be added.")
        return redirect(care_request)
    form = forms.MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, care_request, status=400, message_form=form)
    try:
        services.post_message(
            care_request, member, form.cleaned_data["body"], form.cleaned_data["attachments"],
            request=request,
        )  # fmt: skip
    except CareError as error:
        messages.error(request, error.message)
        return redirect(care_request)
    messages.success(request, "Your message was sent.")
    return redirect(f"{care_request.get_absolute_url()}#messages")


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    care_request = _readable(request, pk)
    member = member_of(request)
    if not permissions.can_withdraw(member, care_request):
        raise NotFound("There is no open request of yours at this address.")
    services.withdraw(care_request, member)
    messages.success(request, "Your request was withdrawn. You can make a new one at any time.")
    return redirect(care_request)


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    care_request = _readable(request, pk)
    member = member_of(request)
    if not permissions.can_accept_offer(member, care_request):
        raise NotFound("There is no offer to accept at this address.")
    form = forms.AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.accept_offer(care_request, member, form.cleaned_data["offered_time"])
        except CareError as error:
            form.add_error("offered_time", error.message)
        else:
            messages.success(request, "Thank you: your appointment is scheduled.")
            return redirect(care_request)
    messages.error(request, "Choose one of the offered times, then press Accept.")
    return _render_detail(request, care_request, status=400)


ACTION_FORMS = {
    "ask": ("ask_form", forms.AskForm),
    "offer": ("offer_form", forms.OfferForm),
    "close": ("close_form", forms.CloseForm),
    "decline": ("decline_form", forms.DeclineForm),
    "recommend": ("recommend_form", forms.RecommendForm),
}

DONE = {
    "review": "The request is now in review; the member was told.",
    "ask": "Your question was sent; the request waits for the member.",
    "offer": "The times were offered to the member.",
    "close": "The request is closed.",
    "decline": "The request was declined; the member was told why.",
    "recommend": "Your recommendation was saved.",
}


@require_POST
@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    care_request = _readable(request, pk)
    member = member_of(request)
    if not permissions.is_coordinator(member) or action not in permissions.ACTIONS:
        raise NotFound("There is no such action.")
    if not permissions.can_act(member, care_request, action):
        messages.error(
            request,
            f"This request is “{care_request.get_status_display()}”; "
            "that step is not possible now.",
        )
        return redirect(care_request)
    if action == "review":
        services.start_review(care_request, member, request=request)
        messages.success(request, DONE[action])
        return redirect(care_request)
    name, form_class = ACTION_FORMS[action]
    kwargs: dict[str, Any] = {}
    if action == "offer":
        kwargs["zone"] = care_request.time_zone
    if action == "recommend":
        kwargs["suggested"] = care_request.suggested_visit_type
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return _render_detail(request, care_request, status=400, **{name: form})
    data = form.cleaned_data
    try:
        if action == "ask":
            services.ask_for_information(care_request, member, data["question"], request=request)
        elif action == "offer":
            services.offer_times(
                care_request, member, data["offered_visit_type"], data["times"], request=request
            )
        elif action == "close":
            services.close(care_request, member, data["outcome"], request=request)
        elif action == "decline":
            services.decline(care_request, member, data["reason"], request=request)
        else:
            services.recommend(
                care_request, member, data["recommended_visit_type"], data["override_reason"],
                request=request,
            )  # fmt: skip
    except CareError as error:
        form.add_error(None, error.message)
        return _render_detail(request, care_request, status=400, **{name: form})
    messages.success(request, DONE[action])
    return redirect(care_request)


def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = Attachment.objects.select_related("request").filter(pk=pk).first()
    if item is None or not permissions.can_view_request(request.user, item.request):
        raise NotFound("There is no file at this address that you can open.")
    member = member_of(request)
    if not permissions.is_requester(member, item.request):
        services.record_attachment_read(item, member, request)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=f"care-request-{item.request_id}-file-{item.pk}{item.extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if not permissions.is_coordinator(member):
        raise NotFound("There is no page at this address.")
    own_desk = services.desk_of(member)
    desk = request.GET.get("desk", own_desk or "")
    status = request.GET.get("status", "open")
    filters = selectors.QueueFilters(
        desk=desk if desk in Desk.values else "",
        status=status if status in {"open", "", *Status.values} else "open",
        specialty=_int_or_none(request.GET.get("specialty")),
        visit_type=request.GET.get("visit_type", "")
        if request.GET.get("visit_type", "") in VisitType.values
        else "",
        country=request.GET.get("country", "")[:2],
        waiting_days=_int_or_none(request.GET.get("waiting")),
    )
    care_requests = list(selectors.queue(filters)[:200])
    countries = selectors.queue_countries()
    return render(
        request,
        "care/queue.html",
        {
            "care_requests": care_requests,
            "filters": filters,
            "own_desk": own_desk,
            "desks": Desk.choices,
            "statuses": Status.choices,
            "specialties": list(selectors.active_specialties()),
            "visit_types": VisitType.choices,
            "countries": [(c, places.country_name(c)) for c in countries],
            "waiting_choices": selectors.WAITING_CHOICES,
            "waiting": request.GET.get("waiting", ""),
            "noindex": True,
            "request_url": reverse("care:request"),
        },
    )
