"""Demo follows and notifications, in our own words, so the bell and the centre show
something on a fresh demo. Idempotent: a second run adds nothing it already added."""

from __future__ import annotations

from carecommons.accounts.models import User
from carecommons.community.models import Discussion, Group
from carecommons.notifications import services
from carecommons.notifications.models import Follow, Notification

# (recipient, actor, kind, title, discussion title prefix, reply number or 0)
DEMO_NOTIFICATIONS = [
    ("tobys_mom_kel", "walt_mentor", "mention", "walt_mentor mentioned you", "My one-year-old", 1),
    ("tobys_mom_kel", "marguerite_cd", "reply", "marguerite_cd replied to you", "My one-year", 1),
    (
        "oldoak_ray",
        "walt_mentor",
        "discussion",
        "walt_mentor replied in a discussion you follow",
        "Low counts on and off",
        1,
    ),
    ("warda_writes", "dana_r_mentor", "reply", "dana_r_mentor replied to you", "For my husband", 1),
]


def load(users: dict[str, User]) -> str | None:
    added = 0
    follows = 0
    for recipient_name, actor_name, kind, title, prefix, number in DEMO_NOTIFICATIONS:
        recipient = users.get(recipient_name)
        actor = users.get(actor_name)
        discussion = Discussion.objects.filter(title__startswith=prefix).first()
        if recipient is None or actor is None or discussion is None:
            continue
        url = (
            f"/discussions/{discussion.pk}/r/{number}/" if number else discussion.get_absolute_url()
        )
        if Notification.objects.filter(recipient=recipient, url=url, kind=kind).exists():
            continue
        full_title = f"{title} in “{discussion.title}”"
        if services.notify(
            recipient, kind, title=full_title, url=url, actor=actor, discussion=discussion
        ):
            added += 1
    group = Group.objects.order_by("position", "pk").first()
    kel = users.get("tobys_mom_kel")
    walt = users.get("walt_mentor")
    if (
        kel is not None
        and group is not None
        and not Follow.objects.filter(user=kel, group=group).exists()
    ):
        services.follow_group(kel, group)
        follows += 1
    if (
        kel is not None
        and walt is not None
        and not Follow.objects.filter(user=kel, member=walt).exists()
    ):
        services.follow_member(kel, walt)
        follows += 1
    if not added and not follows:
        return None
    return f"{added} notifications and {follows} follows for demo members"
