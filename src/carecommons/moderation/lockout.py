"""Progressive lock-out after repeated failed sign-ins to one account.

The first few mistakes cost nothing; from the fifth failure in a row the account name is locked
for one minute, then two, four… up to an hour, whatever address the attempts come from. A
successful sign-in clears the count. (Per-address limits are `core.ratelimit`'s "login" scope.)
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from carecommons.core.ratelimit import wait_phrase
from carecommons.moderation.models import LoginFailure

FREE_FAILURES = 4
FIRST_LOCK_SECONDS = 60
LONGEST_LOCK_SECONDS = 60 * 60
FORGET_AFTER = timedelta(hours=24)


def _key(username: str) -> str:
    return username.strip().lower()[:254]


def lock_seconds(failures: int) -> int:
    """How long the account stays locked after `failures` failures in a row."""
    if failures <= FREE_FAILURES:
        return 0
    seconds: int = FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES - 1)
    return min(seconds, LONGEST_LOCK_SECONDS)


def locked_message(seconds: int) -> str:
    return (
        "Too many unsuccessful sign-ins to this account. To keep it safe, please try again in "
        f"{wait_phrase(seconds)}, or reset your password."
    )


def remaining_lock(username: str) -> int:
    """Seconds until this account name may try again (0 when it may try now)."""
    row = LoginFailure.objects.filter(username=_key(username)).first()
    if row is None or row.locked_until is None:
        return 0
    return max(0, int((row.locked_until - timezone.now()).total_seconds()))


def record_failure(username: str) -> int:
    """Count a failed sign-in; returns the lock it starts, in seconds (0: not locked)."""
    key = _key(username)
    if not key:
        return 0
    now = timezone.now()
    with transaction.atomic():
        row, _ = LoginFailure.objects.select_for_update().get_or_create(username=key)
        if now - row.last_failure_at > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        seconds = lock_seconds(row.failures)
        row.locked_until = now + timedelta(seconds=seconds) if seconds else None
        row.save()
    return seconds


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()
