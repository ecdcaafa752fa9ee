"""Who may read and write what, as a table: every role against every action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from carecommons.community import permissions
from tests.factories import DiscussionFactory, ReplyFactory, UserFactory

ROLES = ["anonymous", "unverified", "member", "author", "mentor", "moderator", "expert", "editor",
         "coordinator", "registry_staff", "admin", "suspended"]  # fmt: skip
MODERATING = {"moderator", "admin"}


@pytest.fixture
def actors(staff, member, unverified):
    people = {"anonymous": AnonymousUser(), "unverified": unverified, "author": member}
    people.update(staff)
    people["member"] = UserFactory(username="plain_pat")
    people["suspended"] = UserFactory(username="closed_cal", is_active=False)
    return people


POSTERS = {
    "member",
    "author",
    "mentor",
    "moderator",
    "expert",
    "editor",
    "coordinator",
    "registry_staff",
    "admin",
}
SIGNED_IN = POSTERS | {"unverified"}
EVERYONE = set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_matrix(actors, role, public_group, members_group, member):
    user = actors[role]
    public = DiscussionFactory(author=member, group=public_group)
    private_group_discussion = DiscussionFactory(author=member, group=members_group)
    members_only = DiscussionFactory(author=member, group=public_group, members_only=True)
    deleted = DiscussionFactory(author=member, group=public_group)
    deleted.deleted_at = deleted.created_at
    anonymous_post = DiscussionFactory(author=member, group=public_group, is_anonymous=True)
    reply = ReplyFactory(author=member, discussion=public)

    table = {
        "view public group": (permissions.can_view_group(user, public_group), EVERYONE),
        "view members group": (permissions.can_view_group(user, members_group), SIGNED_IN),
        "view public discussion": (permissions.can_view_discussion(user, public), EVERYONE),
        "view members-group discussion": (
            permissions.can_view_discussion(user, private_group_discussion),
            SIGNED_IN,
        ),
        "view members-only discussion": (
            permissions.can_view_discussion(user, members_only),
            SIGNED_IN,
        ),
        "view deleted discussion": (permissions.can_view_discussion(user, deleted), MODERATING),
        "join members group": (permissions.can_join_group(user, members_group), SIGNED_IN),
        "start discussion": (permissions.can_start_discussion(user, public_group), POSTERS),
        "start in members group": (permissions.can_start_discussion(user, members_group), POSTERS),
        "reply": (permissions.can_reply(user, public), POSTERS),
        "reply to deleted": (permissions.can_reply(user, deleted), set()),
        "post anonymously": (permissions.can_post_anonymously(user, public_group), POSTERS),
        "edit discussion": (permissions.can_edit(user, public), {"author"}),
        "edit reply": (permissions.can_edit(user, reply), {"author"}),
        "delete reply": (permissions.can_delete(user, reply), {"author"}),
        "see history": (permissions.can_see_history(user, reply), {"author"} | MODERATING),
        "reveal anonymous author": (
            permissions.can_reveal_anonymous(user) and anonymous_post.is_anonymous,
            MODERATING,
        ),
    }
    wrong = {
        action: result for action, (result, allowed) in table.items() if result != (role in allowed)
    }
    assert wrong == {}


def test_members_group_is_readable_by_any_signed_in_member(actors, members_group):
    assert permissions.can_view_group(actors["unverified"], members_group)
    assert not permissions.can_view_group(actors["anonymous"], members_group)


def test_publicly_indexable(public_group, members_group, member):
    assert permissions.is_publicly_indexable(DiscussionFactory(author=member, group=public_group))
    assert not permissions.is_publicly_indexable(
        DiscussionFactory(author=member, group=members_group)
    )
    assert not permissions.is_publicly_indexable(
        DiscussionFactory(author=member, group=public_group, members_only=True)
    )
