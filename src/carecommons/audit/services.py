"""The one way any capability writes to the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from carecommons.audit.models import AuditEntry


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. `action` is a dotted verb such as "community.anonymous_revealed"."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        reason=reason,
        data=data or {},
        ip_address=_client_ip(request),
    )
