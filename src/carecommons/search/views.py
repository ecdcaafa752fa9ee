"""Search pages: thin views over selectors (results, similar stories, the status page)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from carecommons.accounts.models import User
from carecommons.accounts.permissions import is_admin
from carecommons.community import permissions as community_permissions
from carecommons.community import selectors as community
from carecommons.core.http import SiteRequest
from carecommons.search import selectors
from carecommons.search.backends import Filters
from carecommons.search.forms import SearchForm
from carecommons.search.query import MAX_INPUT

MAX_DRAFT = 4_000


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(str(raw)[:6]))
    except ValueError:
        return 1


@require_GET
def search(request: SiteRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    errors: list[str] = [str(e) for field_errors in form.errors.values() for e in field_errors]
    raw = (data.get("q") or "")[: MAX_INPUT * 10]
    if len(request.GET.get("q", "")) > MAX_INPUT:
        errors.append(
            f"Your search was long, so only its first {MAX_INPUT:,} characters were used."
        )
    group = None
    group_slug = data.get("group") or ""
    groups = list(community.visible_groups(request.user).only("pk", "slug", "name"))
    if group_slug:
        group = next((g for g in groups if g.slug == group_slug), None)
        if group is None:
            errors.append("There is no group with that name that you can search.")
    author = None
    username = (data.get("author") or "").strip().lstrip("@")
    if username:
        author = User.objects.filter(username__iexact=username).only("pk", "username").first()
        if author is None:
            errors.append(f"No member is called “{username[:40]}”.")
    start, end = data.get("from_"), data.get("to")
    filters = Filters(
        public_only=not (request.user.is_authenticated and request.user.is_active),
        kind=data.get("type") or "",
        group_id=group.pk if group else None,
        author_id=author.pk if author else None,
        date_from=datetime.combine(start, time.min, tzinfo=UTC) if start else None,
        date_to=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC) if end else None,
        expert_answer=bool(data.get("expert")),
    )
    by_date = data.get("sort") == "date"
    results = selectors.search(
        request.user, raw, filters, by_date=by_date, page=_page_number(request.GET.get("page"))
    )
    keep = {
        key: value
        for key, value in request.GET.items()
        if key in {"q", "group", "type", "author", "from", "to", "expert", "sort"} and value
    }
    context = {
        "form": form,
        "q": raw[:MAX_INPUT],
        "results": results,
        "errors": errors,
        "groups": groups,
        "params": keep,
        "query_string": urlencode({k: v[:MAX_INPUT] for k, v in keep.items()}),
        "suggestion_query": urlencode({**keep, "q": results.suggestion})
        if results.suggestion
        else "",
        "searched": bool(raw.strip()),
        "noindex": True,
    }
    return render(request, "search/results.html", context, status=400 if errors else 200)


@require_POST
def similar_draft(request: SiteRequest) -> HttpResponse:
    """ "Discussions like yours", while a member writes (htmx, debounced in the template)."""
    if not (request.user.is_authenticated and request.user.is_active):
        return HttpResponse(status=403)
    title = request.POST.get("title", "")[:300]
    body = request.POST.get("body", "")[:MAX_DRAFT]
    results = selectors.similar_to_text(request.user, title, body)
    return render(
        request,
        "search/_similar.html",
        {"similar": results, "heading": "Discussions like yours", "draft": True},
    )


@require_GET
def similar_discussion(request: SiteRequest, pk: int) -> HttpResponse:
    """ "Similar discussions" under a discussion (loaded by htmx after the page)."""
    discussion = community.get_discussion(pk)
    if discussion is None or not community_permissions.can_view_discussion(
        request.user, discussion
    ):
        raise Http404("There is no discussion at this address.")
    document = selectors.document_for_discussion(pk)
    similar = selectors.similar_to_document(request.user, document) if document else []
    return render(
        request,
        "search/_similar.html",
        {"similar": similar, "heading": "Similar discussions", "draft": False},
    )


@require_GET
def status(request: SiteRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise Http404("There is nothing at this address.")
    return render(request, "search/status.html", {"status": selectors.status(), "noindex": True})
