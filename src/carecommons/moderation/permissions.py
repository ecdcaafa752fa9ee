"""Who may flag, moderate, mentor and edit the guidelines: pure functions, table-tested per role."""

from __future__ import annotations

from typing import Any

from carecommons.accounts.permissions import can_post, is_admin
from carecommons.accounts.roles import Role
from carecommons.community.permissions import is_moderator

MENTORING_ROLES = (Role.MENTOR, Role.MODERATOR, Role.ADMIN)


def can_flag(user: Any) -> bool:
    """Any member who may post may flag (signed in, active, confirmed email)."""
    return can_post(user)


def can_moderate(user: Any) -> bool:
    return is_moderator(user)


def can_mentor(user: Any) -> bool:
    """Volunteer mentors, moderators and administrators use the mentors' tools."""
    return bool(user.is_authenticated and user.is_active and user.has_role(*MENTORING_ROLES))


def can_edit_guidelines(user: Any) -> bool:
    return is_admin(user)


def can_share_saved_replies(user: Any) -> bool:
    """Shared saved replies speak for the community, so moderators and administrators own them."""
    return is_moderator(user)


def can_change_saved_reply(user: Any, saved_reply: Any) -> bool:
    if saved_reply.owner_id is None:
        return can_share_saved_replies(user)
    return can_mentor(user) and saved_reply.owner_id == user.pk


def can_mark_helpful(user: Any, discussion: Any) -> bool:
    """The person who asked, and mentors and moderators, may mark a reply as helpful."""
    if not (user.is_authenticated and user.is_active):
        return False
    return discussion.author_id == user.pk or can_mentor(user)


def can_sanction(actor: Any, member: Any) -> bool:
    """Moderators warn, suspend and ban members; never themselves, and only admins touch staff."""
    if not can_moderate(actor) or actor.pk == member.pk:
        return False
    if member.has_role(Role.MODERATOR, Role.ADMIN):
        return is_admin(actor)
    return True
