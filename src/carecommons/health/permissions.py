"""Owner-only for everyone: staff (moderators, administrators…) cannot read health records."""

from __future__ import annotations

from typing import Any


def can_view(user: Any, item: Any) -> bool:
    """Only the member who keeps the record; never staff, whatever their role."""
    return bool(getattr(user, "is_authenticated", False)) and item.owner_id == user.pk
