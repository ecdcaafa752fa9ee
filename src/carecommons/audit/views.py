from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone

from carecommons.accounts.permissions import is_admin
from carecommons.audit.models import AuditEntry


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="Who (username)")
    action = forms.CharField(required=False, label="Action contains")
    target = forms.CharField(required=False, label="Object contains")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )


def _filtered(form: AuditFilterForm) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["actor"]:
        entries = entries.filter(actor_label__iexact=data["actor"].strip())
    if data["action"]:
        entries = entries.filter(action__icontains=data["action"].strip())
    if data["target"]:
        entries = entries.filter(target_label__icontains=data["target"].strip())
    tz = timezone.get_current_timezone()
    if data["since"]:
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, tz))
    if data["until"]:
        entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, tz))
    return entries


def audit_log(request: HttpRequest) -> HttpResponseBase:
    if not is_admin(request.user):
        raise Http404("There is no such page.")
    form = AuditFilterForm(request.GET or None)
    entries = _filtered(form)
    if request.GET.get("format") == "csv":
        return _csv(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(entries: QuerySet[AuditEntry]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = ["at", "actor", "action", "target_type", "target_id", "target", "reason", "data", "ip"]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for entry in entries.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    entry.at.isoformat(),
                    entry.actor_label,
                    entry.action,
                    entry.target_type,
                    entry.target_id,
                    entry.target_label,
                    entry.reason,
                    entry.data,
                    entry.ip_address or "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
