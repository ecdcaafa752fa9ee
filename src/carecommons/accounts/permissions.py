"""Who may do what with accounts. Pure functions of the acting member and the object."""

from __future__ import annotations

from typing import Any

from carecommons.accounts.roles import Role


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.ADMIN))


def can_grant_roles(user: Any) -> bool:
    return is_admin(user)


def can_post(user: Any) -> bool:
    """Signed in, active and with a confirmed email address."""
    return bool(user.is_authenticated and user.is_active and user.email_verified)
