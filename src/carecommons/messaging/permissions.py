"""Who may do what with private messages. Pure functions over what the caller passes in."""

from __future__ import annotations

from typing import Any

from carecommons.accounts.permissions import can_post
from carecommons.accounts.roles import Role
from carecommons.community.permissions import is_moderator

STAFF_ROLES = (
    Role.MENTOR,
    Role.MODERATOR,
    Role.EXPERT,
    Role.EDITOR,
    Role.COORDINATOR,
    Role.REGISTRY_STAFF,
    Role.ADMIN,
)


def can_start_messaging(user: Any, *, has_published_post: bool) -> bool:
    """New members write privately only after a first published post (spam defence); staff
    may always."""
    if not getattr(user, "is_authenticated", False) or not can_post(user):
        return False
    return has_published_post or user.has_role(*STAFF_ROLES)


def is_participant(user: Any, participant_user_ids: set[int]) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk in participant_user_ids)


def can_read_reports(user: Any) -> bool:
    return bool(is_moderator(user))
