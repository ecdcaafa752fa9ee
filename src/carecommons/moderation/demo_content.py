"""Demo moderation content, in our own words: guidelines, shared saved replies, a few flags.

Idempotent: running it again adds nothing it already added.
"""

from __future__ import annotations

from carecommons.accounts.models import User
from carecommons.community.models import Discussion, Reply
from carecommons.moderation.models import (
    DEFAULT_GUIDELINES,
    PRIORITY,
    Flag,
    FlagReason,
    Guidelines,
    ModerationSettings,
    SavedReply,
)

SHARED_REPLIES = [
    (
        "Welcome",
        "Welcome, {name}. Thank you for telling us your story; many people in {group} have "
        "been where you are. Take a look at our guidelines ({guidelines_url}) and ask anything.",
    ),
    (
        "We are not medical professionals",
        "{name}, the people answering here are patients and caregivers, not doctors. What we "
        "share is our own experience. Please take your questions about treatment to your care "
        "team; it can help to write them down before the appointment.",
    ),
    (
        "Request an appointment",
        "If you would like an expert to look at this, you can ask for a virtual or in-person "
        "appointment here: {care_request_url}. International patients are welcome; the "
        "coordinators will explain what is possible from your country.",
    ),
    (
        "Fever with low counts",
        "{name}, a temperature of 38.0 °C (100.4 °F) or higher when neutrophils are very low "
        "needs a call to the care team's 24-hour line now, or a visit to urgent care. Please "
        "do not wait for replies here.",
    ),
]

# (discussion title starts with, reply number or 0, reporter, reason, details)
DEMO_FLAGS = [
    (
        "Low counts on and off since 2001",
        2,
        "tobys_mom_kel",
        FlagReason.MISINFORMATION,
        "This reads a bit like a diagnosis. Could a moderator check it is framed as experience?",
    ),
    (
        "Two years of caregiving",
        0,
        "walt_mentor",
        FlagReason.OTHER,
        "Pat sounds exhausted. Could someone from the team check in privately?",
    ),
]


def load(users: dict[str, User]) -> str | None:
    added: list[str] = []
    if not ModerationSettings.objects.filter(pk=1).exists():
        ModerationSettings.objects.create(pk=1)
        added.append("community settings")
    if not Guidelines.objects.exists():
        Guidelines.objects.create(body=DEFAULT_GUIDELINES, updated_by=users.get("ines_siteadmin"))
        added.append("guidelines")
    new_replies = 0
    for title, body in SHARED_REPLIES:
        _, created = SavedReply.objects.get_or_create(
            owner=None, title=title, defaults={"body": body}
        )
        new_replies += created
    if new_replies:
        added.append(f"{new_replies} shared saved replies")
    new_flags = 0
    for title, number, reporter_name, reason, details in DEMO_FLAGS:
        reporter = users.get(reporter_name)
        discussion = Discussion.objects.filter(title__startswith=title).first()
        if reporter is None or discussion is None:
            continue
        reply = (
            Reply.objects.filter(discussion=discussion, number=number).first() if number else None
        )
        if number and reply is None:
            continue
        _, created = Flag.objects.get_or_create(
            discussion=discussion,
            reply=reply,
            reporter=reporter,
            reason=reason,
            defaults={"details": details, "priority": PRIORITY[reason]},
        )
        new_flags += created
    if new_flags:
        added.append(f"{new_flags} open flags")
    return f"moderation: {', '.join(added)}" if added else None
