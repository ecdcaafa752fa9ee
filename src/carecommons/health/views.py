"""The tracker's pages. Thin: parse → owner check → selector/service → render.

Everything here is private to its owner. A page about one record or person answers 404 to
anyone else — another member, a moderator, an administrator, a visitor — exactly as if it did
not exist. Rejected forms come back with what was typed and status 400.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carecommons.community import permissions as community_permissions
from carecommons.community import selectors as community_selectors
from carecommons.community.models import Discussion, Group
from carecommons.community.services import PostRefused
from carecommons.core.http import member_of
from carecommons.health import selectors, services
from carecommons.health.catalogue import BY_KEY, CHARTABLE
from carecommons.health.chart import Marker, Point, Temperature, render_chart
from carecommons.health.entries import celsius_of, value_from_report_line
from carecommons.health.fhir import BundleRefused, export_bundle, parse_bundle
from carecommons.health.forms import (
    EventForm,
    ImportForm,
    PasteForm,
    RecordForm,
    ShareForm,
    TemperatureForm,
)
from carecommons.health.insight import (
    SEVERITY_WORDS,
    Subject,
    anc_series,
    current_flags,
    cycle_hint,
    interpret_record,
)
from carecommons.health.models import LabRecord
from carecommons.labs.engine import Case, format_count, interpret
from carecommons.labs.fever import celsius_to_fahrenheit_text
from carecommons.labs.report import parse_report

NOT_FOUND = "There is nothing here. Health records are visible only to the member who keeps them."


class NotFound(Http404):
    """A 404 whose message is shown to the reader on the error page."""


def _member_or_404(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        raise NotFound(NOT_FOUND)
    return member_of(request)


def _subject_or_404(request: HttpRequest, key: str) -> tuple[Any, Subject]:
    member = _member_or_404(request)
    subject = selectors.subject_for(member, key)
    if subject is None:
        raise NotFound(NOT_FOUND)
    return member, subject


def _subject_of_record(member: Any, record: Any) -> Subject:
    key = selectors.ME if record.person_id is None else str(record.person_id)
    subject = selectors.subject_for(member, key)
    assert subject is not None
    return subject


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form (600, 13.2)."""
    return format(number.normalize(), "f")


def _person_url(subject_key: str) -> str:
    return reverse("health:person", args=[subject_key])


# --- home and person pages ----------------------------------------------------------------


def _anc_text(result: Any) -> str:
    if result.anc_per_uL is not None:
        return f"{format_count(result.anc_per_uL)}/µL"
    if result.anc_upper_bound_per_uL is not None:
        return f"below {format_count(result.anc_upper_bound_per_uL)}/µL"
    return ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    rows = []
    for item in selectors.overview(member):
        latest = item.records[-1] if item.records else None
        result = interpret_record(item.subject, latest) if latest else None
        rows.append(
            {
                "subject": item.subject,
                "latest": latest,
                "anc": _anc_text(result) if result else "",
                "severity": SEVERITY_WORDS.get(result.neutropenia.value, "")
                if result and result.neutropenia
                else "",
                "count": len(item.records),
                "temperatures": len(item.temperatures),
                "flags": current_flags(item.subject, item.records, item.temperatures),
            }
        )
    return render(request, "health/home.html", {"rows": rows, "noindex": True})


def _chart_for(
    subject: Subject, series: list[Any], temperatures: list[Any], events: list[Any], show: str
) -> tuple[Any, list[dict[str, str]]]:
    analyte = BY_KEY.get(show) if show in {a.key for a in CHARTABLE} else BY_KEY["ANC"]
    assert analyte is not None
    points: list[Point] = []
    table: list[dict[str, str]] = []
    for record, result in series:
        amount: Decimal | None = None
        bound: Decimal | None = None
        if analyte.key == "ANC":
            amount = result.anc_per_uL
            bound = result.anc_upper_bound_per_uL
        else:
            stored = next((v for v in record.values.all() if v.key == analyte.key), None)
            if stored is not None:
                amount = stored.amount
            elif analyte.key == "Lymphocytes #":
                amount = result.alc_per_uL
        if amount is None and bound is None:
            continue
        unit = "g/dL" if analyte.kind == "hemoglobin" else "/µL"
        shown = (
            f"{format_count(amount) if analyte.kind == 'count' else _plain(amount)} {unit}"
            if amount is not None
            else f"below {format_count(bound or Decimal(0))} {unit}"
        )
        local = timezone.localtime(record.taken_at)
        words = ""
        if analyte.key == "ANC" and result.neutropenia is not None:
            words = SEVERITY_WORDS.get(result.neutropenia.value, "")
        label = f"{local:%d %b %Y}: {analyte.label} {shown}" + (f" ({words})" if words else "")
        points.append(Point(at=record.taken_at, amount=amount, bound=bound, label=label))
        table.append({"when": f"{local:%d %b %Y %H:%M}", "value": shown, "words": words})
    markers = [
        Marker(
            start=timezone.make_aware(datetime.combine(event.started_on, time.min)),
            end=timezone.make_aware(datetime.combine(event.ended_on, time.max))
            if event.ended_on
            else None,
            label=f"{event.started_on:%d %b %Y}: {event.title}",
        )
        for event in events
    ]
    temps = [
        Temperature(
            at=t.taken_at,
            celsius=celsius_of(t.value, t.scale),
            label=f"{timezone.localtime(t.taken_at):%d %b %Y %H:%M}: {t.value} °{t.scale}",
        )
        for t in temperatures
    ]
    lln = next(
        (r.anc_lln_per_uL for _, r in reversed(series) if r.anc_lln_per_uL is not None), None
    )
    description = (
        f"{len(points)} {analyte.label} results"
        + (
            f" from {points[0].label.split(':')[0]} to {points[-1].label.split(':')[0]}"
            if points
            else ""
        )
        + f"; {len(temps)} temperatures and {len(markers)} events. "
        + ("Shaded bands: neutropenia severity. " if analyte.key == "ANC" else "")
        + "The same data is in the tables below the chart."
    )
    svg = render_chart(
        title=f"{analyte.label} over time, {subject.label}",
        description=description,
        unit_label="cells/µL" if analyte.kind == "count" else "g/dL",
        points=points,
        markers=markers,
        temperatures=temps,
        severity_limit=lln if lln is not None else Decimal(1000),
        is_anc=analyte.key == "ANC",
        log_scale=analyte.kind == "count",
    )
    return {"svg": svg, "analyte": analyte}, table


def person(request: HttpRequest, key: str) -> HttpResponse:
    if key == selectors.ME and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    member, subject = _subject_or_404(request, key)
    records = selectors.records_of(member, subject)
    temperatures = selectors.temperatures_of(member, subject)
    events = selectors.events_of(member, subject)
    series = anc_series(subject, records)
    show = request.GET.get("show", "ANC")
    chart, table = _chart_for(subject, series, temperatures, events, show)
    rows = [
        {
            "record": record,
            "anc": _anc_text(result),
            "severity": SEVERITY_WORDS.get(result.neutropenia.value, "")
            if result.neutropenia
            else "",
        }
        for record, result in reversed(series)
    ]
    return render(
        request,
        "health/person.html",
        {
            "subject": subject,
            "rows": rows,
            "temperatures": [
                {
                    "reading": t,
                    "shown": _plain(t.value),
                    "celsius": celsius_of(t.value, t.scale),
                    "fahrenheit": celsius_to_fahrenheit_text(celsius_of(t.value, t.scale)),
                }
                for t in reversed(temperatures)
            ],
            "events": list(reversed(events)),
            "flags": current_flags(subject, records, temperatures),
            "cycle": cycle_hint(series),
            "chart": chart,
            "table": table,
            "chartable": CHARTABLE,
            "noindex": True,
        },
    )


# --- entering data ------------------------------------------------------------------------


def _subjects(member: Any) -> list[Subject]:
    return selectors.subjects_of(member, selectors.people_of(member))


def _initial(request: HttpRequest) -> dict[str, Any]:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {
        "subject": request.GET.get("for", selectors.ME),
        "taken_at": now,
        "started_on": now.date(),
    }


def _chosen(member: Any, form: Any) -> Subject:
    subject = selectors.subject_for(member, form.cleaned_data["subject"])
    if subject is None:  # the choices are the member's own; a forged value is not found
        raise NotFound(NOT_FOUND)
    return subject


@login_required
def add_record(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = RecordForm(_subjects(member), request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        subject = _chosen(member, form)
        record = services.add_record(
            owner=member,
            person=subject.person,
            taken_at=form.cleaned_data["taken_at"],
            source_lab=form.cleaned_data["source_lab"],
            values=form.values,
        )
        messages.success(request, f"The blood count is saved ({len(form.values)} values).")
        return redirect("health:record", pk=record.pk)
    return render(
        request,
        "health/record_form.html",
        {"form": form, "noindex": True},
        status=400 if form.errors else 200,
    )


@login_required
def paste_report(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = PasteForm(_subjects(member), request.POST or None, initial=_initial(request))
    context: dict[str, Any] = {"form": form, "noindex": True}
    if request.method != "POST":
        return render(request, "health/paste.html", context)
    if not form.is_valid():
        return render(request, "health/paste.html", context, status=400)
    subject = _chosen(member, form)
    parsed = parse_report(form.cleaned_data["text"])
    keep = [v for v in (value_from_report_line(line) for line in parsed.lines) if v is not None]
    unique = list({v.key: v for v in reversed(keep)}.values())[::-1]
    if request.POST.get("action") == "save":
        if not unique:
            context["problem"] = (
                "We did not understand any value in this text, so nothing was saved."
            )
            context["parsed"] = parsed
            return render(request, "health/paste.html", context, status=400)
        record = services.add_record(
            owner=member,
            person=subject.person,
            taken_at=form.cleaned_data["taken_at"],
            source_lab=form.cleaned_data["source_lab"],
            values=unique,
            entered_as=LabRecord.Source.PASTE,
        )
        messages.success(
            request,
            f"Saved {len(unique)} value{'s' if len(unique) != 1 else ''} from the report. "
            "Lines we did not understand were not saved.",
        )
        return redirect("health:record", pk=record.pk)
    day = timezone.localtime(form.cleaned_data["taken_at"]).date()
    age = subject.age_years(day)
    result = interpret(
        Case(
            age_years=None if age is None else Decimal(str(age)),
            values=parsed.engine_values(),
            ref_ranges=parsed.engine_ref_ranges(),
            duffy_null=subject.duffy_null,
        )
    )
    context.update(
        {
            "parsed": parsed,
            "keep_count": len(unique),
            "result": result if unique else None,
            "subject": subject,
            "preview": True,
        }
    )
    return render(request, "health/paste.html", context)


@login_required
def add_temperature(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = TemperatureForm(_subjects(member), request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        subject = _chosen(member, form)
        services.add_temperature(
            owner=member,
            person=subject.person,
            taken_at=form.cleaned_data["taken_at"],
            value=form.cleaned_data["reading"],
            scale=form.cleaned_data["scale"],
            note=form.cleaned_data["note"],
        )
        celsius = form.cleaned_data["celsius"]
        messages.success(
            request,
            f"Temperature saved: {form.cleaned_data['reading']} °{form.cleaned_data['scale']} "
            f"({celsius} °C, {celsius_to_fahrenheit_text(celsius)} °F).",
        )
        return redirect(_person_url(subject.key))
    return render(
        request,
        "health/simple_form.html",
        {
            "form": form,
            "title": "Log a temperature",
            "intro": "Write the number the thermometer shows and choose °C or °F.",
            "button": "Save temperature",
            "noindex": True,
        },
        status=400 if form.errors else 200,
    )


@login_required
def add_event(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = EventForm(_subjects(member), request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        subject = _chosen(member, form)
        services.add_event(
            owner=member,
            person=subject.person,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data["ended_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "The event is saved; it shows as a marker on the chart.")
        return redirect(_person_url(subject.key))
    return render(
        request,
        "health/simple_form.html",
        {
            "form": form,
            "title": "Add a medicine or event",
            "intro": "A course of medicine, an injection or a test such as a marrow biopsy. "
            "It shows as a marker on the chart, so you can see counts around it.",
            "button": "Save event",
            "noindex": True,
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_fhir(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = ImportForm(
        _subjects(member), request.POST or None, request.FILES or None, initial=_initial(request)
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        subject = _chosen(member, form)
        try:
            result = parse_bundle(form.cleaned_data["raw"])
        except BundleRefused as refused:
            problem = f"Nothing was imported. {refused.message}"
        else:
            records, temperatures = services.import_bundle(member, subject.person, result)
            messages.success(
                request, f"Imported {records} blood counts and {temperatures} temperatures."
            )
            return redirect(_person_url(subject.key))
    return render(
        request,
        "health/simple_form.html",
        {
            "form": form,
            "title": "Import a FHIR Bundle",
            "intro": "Bring back a file exported from this tracker (FHIR R4, a Bundle of "
            "Observations). Nothing is imported if any part of it cannot be read.",
            "button": "Import",
            "problem": problem,
            "multipart": True,
            "noindex": True,
        },
        status=400 if (form.errors or problem) else 200,
    )


# --- one record ---------------------------------------------------------------------------


def _own_record(request: HttpRequest, pk: int) -> tuple[Any, LabRecord]:
    member = _member_or_404(request)
    record = selectors.own_record(member, pk)
    if record is None:
        raise NotFound(NOT_FOUND)
    return member, record


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member, record = _own_record(request, pk)
    subject = _subject_of_record(member, record)
    result = interpret_record(subject, record)
    return render(
        request,
        "health/record.html",
        {
            "record": record,
            "subject": subject,
            "result": result,
            "anc": _anc_text(result),
            "labels": {key: analyte.label for key, analyte in BY_KEY.items()},
            "noindex": True,
        },
    )


@require_POST
def delete_record(request: HttpRequest, pk: int) -> HttpResponse:
    member, record = _own_record(request, pk)
    subject = _subject_of_record(member, record)
    services.delete_record(record)
    messages.success(request, "The blood count is deleted for good.")
    return redirect(_person_url(subject.key))


@require_POST
def delete_temperature(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request)
    reading = selectors.own_temperature(member, pk)
    if reading is None:
        raise NotFound(NOT_FOUND)
    key = selectors.ME if reading.person_id is None else str(reading.person_id)
    reading.delete()
    messages.success(request, "The temperature is deleted for good.")
    return redirect(_person_url(key))


@require_POST
def delete_event(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_or_404(request)
    event = selectors.own_event(member, pk)
    if event is None:
        raise NotFound(NOT_FOUND)
    key = selectors.ME if event.person_id is None else str(event.person_id)
    event.delete()
    messages.success(request, "The event is deleted for good.")
    return redirect(_person_url(key))


@login_required
def delete_everything(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if request.method == "POST":
        counts = services.delete_tracker(member, request=request)
        messages.success(
            request,
            f"Your tracker is deleted for good: {counts['records']} blood counts, "
            f"{counts['temperatures']} temperatures and {counts['events']} events.",
        )
        return redirect("health:home")
    return render(request, "health/delete_everything.html", {"noindex": True})


# --- sharing a snapshot -------------------------------------------------------------------


def _share_choices(member: Any, preselect: str) -> list[tuple[str, list[tuple[str, str]]]]:
    discussions = list(
        community_selectors.visible_discussions(member)
        .select_related("group")
        .order_by("-last_activity_at")[:40]
    )
    if preselect.isdigit() and int(preselect) not in {d.pk for d in discussions}:
        extra = community_selectors.get_discussion(int(preselect))
        if extra is not None:
            discussions.insert(0, extra)
    replyable = [
        (f"d{d.pk}", f"Reply in “{d.title}” ({d.group.name})")
        for d in discussions
        if community_permissions.can_reply(member, d)
    ]
    groups = [
        (f"g{g.pk}", f"Start a new discussion in {g.name}")
        for g in community_selectors.visible_groups(member)
        if community_permissions.can_start_discussion(member, g)
    ]
    return [("Reply in a discussion", replyable), ("Start a discussion", groups)]


def share_record(request: HttpRequest, pk: int) -> HttpResponse:
    member, record = _own_record(request, pk)
    subject = _subject_of_record(member, record)
    preselect = request.GET.get("discussion", "")
    choices = _share_choices(member, preselect)
    initial = {"where": f"d{preselect}"} if preselect.isdigit() else {}
    form = ShareForm(choices, request.POST or None, initial=initial)
    card = services.snapshot_of(subject, record)
    problem = ""
    if request.method == "POST" and form.is_valid():
        where = form.cleaned_data["where"]
        discussion = group = None
        if where.startswith("d"):
            discussion = (
                Discussion.objects.filter(pk=int(where[1:])).select_related("group").first()
            )
        else:
            group = Group.objects.filter(pk=int(where[1:])).first()
        try:
            post = services.share_snapshot(
                author=member,
                subject=subject,
                record=record,
                body=form.cleaned_data["body"],
                discussion=discussion,
                group=group,
                title=form.cleaned_data["title"],
            )
        except PostRefused as refused:
            problem = refused.message
        else:
            messages.success(request, "Your post is shared with the snapshot card.")
            return HttpResponseRedirect(post.get_absolute_url())
    return render(
        request,
        "health/share.html",
        {"form": form, "record": record, "card": card, "problem": problem, "noindex": True},
        status=400 if (form.errors or problem) else 200,
    )


# --- exports ------------------------------------------------------------------------------


def export_csv(request: HttpRequest, key: str) -> HttpResponse:
    member, subject = _subject_or_404(request, key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "kind",
            "date_time",
            "test",
            "value",
            "unit",
            "amount",
            "amount_unit",
            "lab_reference_range",
            "lab",
            "note",
        ]
    )
    for record in selectors.records_of(member, subject):
        for value in record.values.all():
            analyte = BY_KEY[value.key]
            amount_unit = {"count": "cells/uL", "percent": "%", "hemoglobin": "g/dL"}[analyte.kind]
            writer.writerow(
                [
                    "lab",
                    record.taken_at.isoformat(),
                    value.key,
                    value.value_text,
                    value.unit_text,
                    "" if value.amount is None else _plain(value.amount),
                    amount_unit,
                    value.reference_range_text,
                    record.source_lab,
                    "",
                ]
            )
    for reading in selectors.temperatures_of(member, subject):
        writer.writerow(
            [
                "temperature",
                reading.taken_at.isoformat(),
                "Body temperature",
                reading.value,
                f"°{reading.scale}",
                celsius_of(reading.value, reading.scale),
                "°C",
                "",
                "",
                reading.note,
            ]
        )
    for event in selectors.events_of(member, subject):
        writer.writerow(
            [
                "event",
                event.started_on.isoformat(),
                event.get_kind_display(),
                event.title,
                "",
                "",
                "",
                "",
                "",
                f"until {event.ended_on.isoformat()}" if event.ended_on else event.note,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="blood-counts-{subject.key}.csv"'
    return response


def export_fhir(request: HttpRequest, key: str) -> HttpResponse:
    member, subject = _subject_or_404(request, key)
    bundle = export_bundle(
        selectors.records_of(member, subject), selectors.temperatures_of(member, subject)
    )
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=1), content_type="application/fhir+json"
    )
    response["Content-Disposition"] = f'attachment; filename="blood-counts-{subject.key}.fhir.json"'
    return response
