"""Who may read and write what in the community: pure functions, table-tested per role."""

from __future__ import annotations

from typing import Any

from carecommons.accounts.permissions import can_post
from carecommons.accounts.roles import MODERATING_ROLES
from carecommons.community.models import Discussion, Group, PostStatus, Reply


def is_moderator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*MODERATING_ROLES))


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_group(user: Any, group: Group) -> bool:
    return group.is_public or _signed_in(user)


def can_view_discussion(user: Any, discussion: Discussion) -> bool:
    if not can_view_group(user, discussion.group):
        return False
    if discussion.members_only and not _signed_in(user):
        return False
    if discussion.is_deleted or discussion.status == PostStatus.HIDDEN:
        return is_moderator(user)
    if discussion.status == PostStatus.PENDING:
        return _owns(user, discussion) or is_moderator(user)
    return True


def can_view_reply_text(user: Any, reply: Reply) -> bool:
    """Hidden and waiting replies keep their place in the thread but not their text."""
    if reply.status == PostStatus.PUBLISHED:
        return True
    return _owns(user, reply) or is_moderator(user)


def is_publicly_indexable(discussion: Discussion) -> bool:
    """May search engines, sitemaps and feeds see it?"""
    return discussion.group.is_public and not discussion.members_only and discussion.is_published


def can_join_group(user: Any, group: Group) -> bool:
    return _signed_in(user) and can_view_group(user, group)


def can_start_discussion(user: Any, group: Group) -> bool:
    return can_post(user) and can_view_group(user, group)


def can_reply(user: Any, discussion: Discussion) -> bool:
    if not (can_post(user) and can_view_discussion(user, discussion)):
        return False
    if discussion.is_deleted or discussion.status != PostStatus.PUBLISHED:
        return False
    return not discussion.is_locked or is_moderator(user)


def can_post_anonymously(user: Any, group: Group) -> bool:
    return group.allow_anonymous and can_post(user)


def _owns(user: Any, post: Discussion | Reply) -> bool:
    return _signed_in(user) and post.author_id == user.pk


def can_edit(user: Any, post: Discussion | Reply) -> bool:
    return _owns(user, post) and not post.is_deleted


def can_delete(user: Any, post: Discussion | Reply) -> bool:
    return _owns(user, post) and not post.is_deleted


def can_reveal_anonymous(user: Any) -> bool:
    return is_moderator(user)


def can_see_history(user: Any, post: Discussion | Reply) -> bool:
    return _owns(user, post) or is_moderator(user)
