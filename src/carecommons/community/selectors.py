"""The read side of the community: every query shape a page needs lives here."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from carecommons.accounts.models import RoleGrant, User
from carecommons.community.models import (
    Discussion,
    Group,
    Membership,
    PostStatus,
    ReadState,
    Reply,
)


def _authors_with_roles(prefix: str) -> Prefetch[Any]:
    return Prefetch(f"{prefix}__role_grants", queryset=RoleGrant.objects.only("user_id", "role"))


def visible_groups(user: Any) -> QuerySet[Group]:
    groups = Group.objects.all()
    if not user.is_authenticated:
        groups = groups.filter(visibility=Group.Visibility.PUBLIC)
    if user.is_authenticated:
        groups = groups.annotate(
            is_member=Exists(Membership.objects.filter(group=OuterRef("pk"), user=user))
        )
    return groups


def visible_discussions(user: Any) -> QuerySet[Discussion]:
    """Discussions a reader may list: never deleted ones, never members' ones to visitors."""
    discussions = Discussion.objects.filter(deleted_at__isnull=True, status=PostStatus.PUBLISHED)
    if not user.is_authenticated:
        discussions = discussions.filter(
            group__visibility=Group.Visibility.PUBLIC, members_only=False
        )
    return discussions


def discussion_list(user: Any, discussions: QuerySet[Discussion]) -> QuerySet[Discussion]:
    """Everything a discussion row shows, in a fixed number of queries."""
    listed = discussions.select_related("group", "author").prefetch_related(
        _authors_with_roles("author")
    )
    if user.is_authenticated:
        listed = listed.annotate(
            last_read=ReadState.objects.filter(user=user, discussion=OuterRef("pk")).values(
                "last_read_number"
            )[:1]
        )
    return listed.order_by("-last_activity_at", "-pk")


def group_discussions(user: Any, group: Group, *, unanswered: bool = False) -> QuerySet[Discussion]:
    discussions = visible_discussions(user).filter(group=group)
    if unanswered:
        discussions = discussions.filter(answered=False)
    return discussion_list(user, discussions).order_by("-is_pinned", "-last_activity_at", "-pk")


def get_discussion(pk: int) -> Discussion | None:
    return (
        Discussion.objects.select_related("group", "author", "about")
        .prefetch_related(_authors_with_roles("author"))
        .filter(pk=pk)
        .first()
    )


def discussion_replies(discussion: Discussion) -> QuerySet[Reply]:
    return (
        Reply.objects.filter(discussion=discussion)
        .select_related("author", "quote_of", "quote_of__author", "about")
        .prefetch_related(_authors_with_roles("author"))
        .order_by("number")
    )


def read_position(user: Any, discussion: Discussion) -> int:
    if not user.is_authenticated:
        return 0
    state = ReadState.objects.filter(user=user, discussion=discussion).first()
    return state.last_read_number if state else 0


def is_member(user: Any, group: Group) -> bool:
    return bool(
        user.is_authenticated and Membership.objects.filter(group=group, user=user).exists()
    )


def member_groups(member: User, viewer: Any) -> QuerySet[Group]:
    return visible_groups(viewer).filter(memberships__user=member).order_by("name")


def member_recent_posts(member: User, viewer: Any, limit: int = 10) -> list[Discussion | Reply]:
    """A member's recent discussions and replies that this viewer may see.

    Anonymous posts are never listed: a profile must not undo someone's anonymity.
    """
    readable = visible_discussions(viewer)
    discussions = list(
        readable.filter(author=member, is_anonymous=False)
        .select_related("group")
        .order_by("-created_at")[:limit]
    )
    replies = list(
        Reply.objects.filter(
            author=member,
            is_anonymous=False,
            deleted_at__isnull=True,
            status=PostStatus.PUBLISHED,
            discussion__in=readable,
        )
        .select_related("discussion", "discussion__group")
        .order_by("-created_at")[:limit]
    )
    posts: list[Discussion | Reply] = [*discussions, *replies]
    posts.sort(key=lambda post: post.created_at, reverse=True)
    return posts[:limit]
