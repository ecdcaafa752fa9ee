"""Rate limits per account and per IP, shared by every web worker (counted in the database).

    ratelimit.check("post", user=request.user, ip=client_ip(request))

raises `RateLimited` with a message such as "You are doing that too often. Please try again in
2 minutes." when either the account or the address is over its limit. Limits come from
`settings.CARECOMMONS_RATE_LIMITS` (scope → (count, window in seconds)); administrators may
override them at run time through `carecommons.core.ratelimit.limit_overrides`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from carecommons.core.models import RateCounter

# A run-time source of (count, window) overrides, e.g. an admin-edited settings table.
limit_overrides: list[Callable[[str], tuple[int, int] | None]] = []


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int) -> None:
        self.scope = scope
        self.retry_after = max(1, retry_after)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"You are doing that too often. Please try again in {wait_phrase(self.retry_after)}."


def wait_phrase(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def limit_for(scope: str) -> tuple[int, int]:
    for source in limit_overrides:
        override = source(scope)
        if override is not None:
            return override
    limits: dict[str, tuple[int, int]] = settings.CARECOMMONS_RATE_LIMITS
    return limits[scope]


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _hit(scope: str, key: str, limit: int, window: int, now: float) -> None:
    window_start = int(now // window * window)
    with transaction.atomic():
        updated = RateCounter.objects.filter(
            scope=scope, key=key, window_start=window_start, count__lt=limit
        ).update(count=F("count") + 1)
        if updated:
            return
        if RateCounter.objects.filter(scope=scope, key=key, window_start=window_start).exists():
            raise RateLimited(scope, int(window_start + window - now))
        try:
            with transaction.atomic():
                RateCounter.objects.create(scope=scope, key=key, window_start=window_start, count=1)
        except IntegrityError:
            # Another request opened the window at the same moment: count on that row.
            RateCounter.objects.filter(scope=scope, key=key, window_start=window_start).update(
                count=F("count") + 1
            )


def check(scope: str, *, user: Any = None, ip: str | None = None) -> None:
    """Count one attempt at `scope` for the account and the address; raise when over."""
    limit, window = limit_for(scope)
    now = time.time()
    if user is not None and getattr(user, "is_authenticated", False):
        _hit(scope, f"user:{user.pk}", limit, window, now)
    if ip:
        # An address may be shared (a family, a clinic): it gets a few times the account limit.
        _hit(scope, f"ip:{ip}", limit * 5, window, now)


def prune(older_than_seconds: int = 86_400) -> int:
    deleted, _ = RateCounter.objects.filter(
        window_start__lt=int(time.time()) - older_than_seconds
    ).delete()
    return deleted
