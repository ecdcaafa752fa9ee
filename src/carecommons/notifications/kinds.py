"""The kinds of notification a member can hear about, and how email for each defaults.

A registry (as Misago and Zulip keep one) so the settings page, the fan-out and the email
builder agree on one list. Other apps pass their own short kind to `notify()`; an unknown kind
is shown in the centre and emailed immediately, with no preference row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    NEVER = "never", "Never"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default: str


MENTION = "mention"
REPLY = "reply"
DISCUSSION = "discussion"
GROUP = "group"
MEMBER = "member"
MESSAGE = "message"

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(MENTION, "Someone mentions me", Frequency.IMMEDIATELY),
        Kind(REPLY, "Someone replies to me", Frequency.IMMEDIATELY),
        Kind(DISCUSSION, "New replies in discussions I follow", Frequency.DAILY),
        Kind(GROUP, "New discussions in groups I follow", Frequency.WEEKLY),
        Kind(MEMBER, "New posts by members I follow", Frequency.DAILY),
        Kind(MESSAGE, "Private messages", Frequency.IMMEDIATELY),
    )
}

# When one post concerns a member in several ways, they get one notification: the most
# personal reason wins.
PRIORITY = [MENTION, REPLY, DISCUSSION, MEMBER, GROUP]


def default_frequency(kind: str) -> str:
    known = KINDS.get(kind)
    return known.default if known else Frequency.IMMEDIATELY
