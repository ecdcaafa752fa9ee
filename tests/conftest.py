"""Shared fixtures: one member per role, groups and discussions made through the services."""

from __future__ import annotations

import pytest

from tests.factories import (
    ROLE_USERNAMES,
    DiscussionFactory,
    GroupFactory,
    UserFactory,
)


@pytest.fixture
def member(db):
    return UserFactory(username="member_mo")


@pytest.fixture
def other_member(db):
    return UserFactory(username="other_olu")


@pytest.fixture
def unverified(db):
    return UserFactory(username="new_nia", email_verified_at=None)


@pytest.fixture
def staff(db):
    """One member holding each staff role, keyed by role value."""
    return {
        role: UserFactory(username=username, roles=[role])
        for role, username in ROLE_USERNAMES.items()
    }


@pytest.fixture
def moderator(staff):
    return staff["moderator"]


@pytest.fixture
def admin_user(staff):
    return staff["admin"]


@pytest.fixture
def public_group(db):
    return GroupFactory(slug="blood-disorders", name="Blood disorders", allow_anonymous=True)


@pytest.fixture
def members_group(db):
    return GroupFactory(slug="members-circle", name="Members circle", visibility="members")


@pytest.fixture
def discussion(member, public_group):
    return DiscussionFactory(
        author=member, group=public_group, title="Toddler with low neutrophils"
    )
