from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form expired (or cookies are blocked): explain, and give back what was typed."""
    typed = {
        key: value
        for key, value in request.POST.items()
        if key not in {"csrfmiddlewaretoken", "password", "password1", "password2"}
    }
    return render(
        request,
        "core/csrf_failure.html",
        {"typed": typed, "back": request.META.get("HTTP_REFERER", "")},
        status=403,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    if message.startswith(("No ", "Page not found")) or "matches the given query" in message:
        message = ""
    return render(request, "core/404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


@require_GET
@cache_control(max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /audit/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
