"""Who hears about a new post, and why: mentions, replies to them, and follows.

Called by the `fan_out_post` task with a reloaded post. Every step reads recipients in chunks,
so a discussion with thousands of followers costs a few queries per thousand members.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from carecommons.accounts.models import Block
from carecommons.community.models import Discussion, Reply
from carecommons.notifications import kinds, mentions
from carecommons.notifications.models import Follow, Notification
from carecommons.notifications.services import Pending, members_by_username, notify_many

CHUNK = 1000


def _chunks(queryset: Any) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(queryset.filter(user_id__gt=last).order_by("user_id")[:CHUNK])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _title(post: Discussion | Reply, kind: str, who: str) -> str:
    discussion = post.discussion if isinstance(post, Reply) else post
    topic = f"“{discussion.title}”"
    if kind == kinds.MENTION:
        return f"{who} mentioned you in {topic}"
    if kind == kinds.REPLY:
        return f"{who} replied to you in {topic}"
    if kind == kinds.GROUP:
        return f"New discussion in {discussion.group.name}: {topic}"
    if kind == kinds.MEMBER:
        return f"{who} posted in {topic}"
    return f"{who} replied in {topic}"


def fan_out(post: Discussion | Reply) -> int:
    """Create the notifications one published post causes; returns how many."""
    if not post.is_published:
        return 0
    discussion = post.discussion if isinstance(post, Reply) else post
    if not discussion.is_published:
        return 0
    url = post.get_absolute_url()
    author = post.author
    anonymous = post.is_anonymous
    who = "An anonymous member" if anonymous else author.name
    reasons: dict[int, str] = {}

    def offer(user_id: int, kind: str) -> None:
        current = reasons.get(user_id)
        if current is None or kinds.PRIORITY.index(kind) < kinds.PRIORITY.index(current):
            reasons[user_id] = kind

    for user in members_by_username(mentions.usernames_in(post.body)).values():
        offer(user.pk, kinds.MENTION)
    if isinstance(post, Reply):
        replied_to = post.quote_of.author_id if post.quote_of_id else discussion.author_id  # type: ignore[union-attr]
        offer(replied_to, kinds.REPLY)
        followers = Follow.objects.filter(discussion=discussion, muted=False).values_list(
            "user_id", flat=True
        )
        for ids in _chunks(followers):
            for user_id in ids:
                offer(user_id, kinds.DISCUSSION)
    else:
        group_followers = Follow.objects.filter(group_id=discussion.group_id).values_list(
            "user_id", flat=True
        )
        for ids in _chunks(group_followers):
            for user_id in ids:
                offer(user_id, kinds.GROUP)
    if not anonymous:
        # Following a member must never reveal who wrote an anonymous post.
        member_followers = Follow.objects.filter(member_id=author.pk).values_list(
            "user_id", flat=True
        )
        for ids in _chunks(member_followers):
            for user_id in ids:
                offer(user_id, kinds.MEMBER)

    reasons.pop(author.pk, None)
    muted = set(
        Follow.objects.filter(discussion=discussion, muted=True).values_list("user_id", flat=True)
    )
    blockers = set(Block.objects.filter(blocked=author).values_list("blocker_id", flat=True))
    # A retried task or a post approved later must not notify anyone twice.
    already = set(
        Notification.objects.filter(url=url, discussion=discussion).values_list(
            "recipient_id", flat=True
        )
    )
    from carecommons.accounts.models import User

    active = set(
        User.objects.filter(pk__in=list(reasons), is_active=True).values_list("pk", flat=True)
    )
    items = [
        Pending(
            recipient_id=user_id,
            kind=kind,
            title=_title(post, kind, who),
            url=url,
            actor_id=None if anonymous else author.pk,
            discussion_id=discussion.pk,
        )
        for user_id, kind in sorted(reasons.items())
        if user_id in active
        and user_id not in blockers
        and user_id not in already
        and (kind == kinds.MENTION or user_id not in muted)
    ]
    return notify_many(items)
