"""Who may do what: every role against every moderation permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from carecommons.moderation import permissions
from tests.factories import DiscussionFactory

ROLES = ["anonymous", "unverified", "member", "mentor", "moderator", "admin", "expert"]

EXPECTED = {
    #                  anon   unver  member mentor  mod    admin  expert
    "can_flag": (False, False, True, True, True, True, True),
    "can_moderate": (False, False, False, False, True, True, False),
    "can_mentor": (False, False, False, True, True, True, False),
    "can_edit_guidelines": (False, False, False, False, False, True, False),
    "can_share_saved_replies": (False, False, False, False, True, True, False),
}


@pytest.fixture
def people(member, unverified, staff):
    return {
        "anonymous": AnonymousUser(),
        "unverified": unverified,
        "member": member,
        "mentor": staff["mentor"],
        "moderator": staff["moderator"],
        "admin": staff["admin"],
        "expert": staff["expert"],
    }


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_permission_table(people, check):
    function = getattr(permissions, check)
    got = tuple(function(people[role]) for role in ROLES)
    assert got == EXPECTED[check], dict(zip(ROLES, got, strict=True))


def test_mark_helpful_is_for_the_asker_and_mentors(people, other_member, public_group):
    asked = DiscussionFactory(author=people["member"], group=public_group)
    allowed = {role: permissions.can_mark_helpful(people[role], asked) for role in ROLES}
    assert allowed == {
        "anonymous": False,
        "unverified": False,
        "member": True,  # the person who asked
        "mentor": True,
        "moderator": True,
        "admin": True,
        "expert": False,
    }
    assert not permissions.can_mark_helpful(other_member, asked)


def test_sanctions_protect_staff_and_self(people):
    moderator, admin, member = people["moderator"], people["admin"], people["member"]
    assert permissions.can_sanction(moderator, member)
    assert not permissions.can_sanction(moderator, moderator)
    assert not permissions.can_sanction(moderator, admin)
    assert permissions.can_sanction(admin, moderator)
    assert not permissions.can_sanction(people["mentor"], member)
    assert not permissions.can_sanction(member, people["unverified"])


def test_saved_reply_changes(people, db):
    from carecommons.moderation.models import SavedReply

    shared = SavedReply.objects.create(owner=None, title="Hi", body="Hello {name}")
    own = SavedReply.objects.create(owner=people["mentor"], title="Mine", body="Mine")
    assert permissions.can_change_saved_reply(people["moderator"], shared)
    assert not permissions.can_change_saved_reply(people["mentor"], shared)
    assert permissions.can_change_saved_reply(people["mentor"], own)
    assert not permissions.can_change_saved_reply(people["moderator"], own)
    assert not permissions.can_change_saved_reply(people["member"], own)
