"""A capability that sends its own fuller email can record an in-app notification only."""

from carecommons.notifications.kinds import Frequency
from carecommons.notifications.services import notify


def test_in_app_only_notification_is_never_emailed(member, other_member):
    quiet = notify(
        member,
        "care_request",
        title="Your request is in review",
        url="/care/requests/",
        actor=other_member,
        email=False,
    )
    loud = notify(
        member,
        "care_request",
        title="Your request is in review",
        url="/care/requests/",
        actor=other_member,
    )
    assert quiet is not None and loud is not None
    assert quiet.delivery == Frequency.NEVER and quiet.email_after is None
    assert loud.delivery == Frequency.IMMEDIATELY
