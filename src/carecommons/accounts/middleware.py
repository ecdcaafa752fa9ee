from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from carecommons.accounts.models import User

SEEN_RESOLUTION = timedelta(minutes=5)


class LastSeenMiddleware:
    """Keeps `last_seen_at` roughly current without a write on every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if user.last_seen_at is None or now - user.last_seen_at > SEEN_RESOLUTION:
                User.objects.filter(pk=user.pk).update(last_seen_at=now)
        return response
