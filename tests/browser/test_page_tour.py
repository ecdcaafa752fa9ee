"""A tour of every main page as a visitor, a signed-in member and an administrator.

Each page gets the full `inspect_page` treatment: axe-core (no serious or critical violation),
screenshots at 1280 and 360 px, no sideways scrolling on a phone, assets loaded and no script
or console error.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import inspect_page, sign_in
from tests.factories import DiscussionFactory, GroupFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def community(transactional_db):
    """A small community: two groups, an answered and an unanswered discussion."""
    mo = UserFactory(username="member_mo", bio="Parent of a toddler with neutropenia.")
    olu = UserFactory(username="other_olu", here_as="caregiver")
    UserFactory(username="admin_ada", roles=["admin"])
    group = GroupFactory(
        slug="blood-disorders",
        name="Blood disorders",
        description="Low counts, high counts and everything in between.",
        allow_anonymous=True,
    )
    GroupFactory(slug="caregivers", name="Caregivers", description="For those who care.")
    GroupFactory(slug="private-circle", name="Private circle", visibility="members")
    answered = DiscussionFactory(
        author=mo,
        group=group,
        title="Toddler with low neutrophils",
        body="His **ANC** was 0.6 at the last check.\n\n- fever plan\n- repeat in 4 weeks",
    )
    first = ReplyFactory(author=olu, discussion=answered, body="We waited too; it came back up.")
    ReplyFactory(author=mo, discussion=answered, body="Thank you, that helps.", quote_of=first)
    DiscussionFactory(
        author=olu, group=group, title="Years of counts, want a second opinion", body="Long story."
    )
    return answered


# (screenshot name, path, expected HTTP status, heading the page must show)
COMMON = [
    ("home", "/", 200, None),
    ("groups", "/groups/", 200, "Groups"),
    ("group", "/groups/blood-disorders/", 200, "Blood disorders"),
    ("group-unanswered", "/groups/blood-disorders/?filter=unanswered", 200, "Blood disorders"),
    ("discussion", "{discussion}", 200, "Toddler with low neutrophils"),
    ("profile", "/u/member_mo/", 200, None),
    ("password-reset", "/accounts/password/reset/", 200, None),
    ("not-found-group", "/groups/no-such-group/", 404, "We could not find that page"),
    ("not-found-page", "/no/such/page/", 404, "We could not find that page"),
]
TOURS = {
    "visitor": [
        *COMMON,
        ("login", "/accounts/login/", 200, "Sign in"),
        ("signup", "/accounts/signup/", 200, "Join the community"),
        ("settings-asks-to-sign-in", "/accounts/settings/", 200, "Sign in"),
        ("audit-hidden", "/audit/", 404, "We could not find that page"),
    ],
    "member": [
        *COMMON,
        ("members-only-group", "/groups/private-circle/", 200, "Private circle"),
        ("own-profile", "/u/other_olu/", 200, None),
        ("settings", "/accounts/settings/", 200, None),
        ("password-change", "/accounts/password/change/", 200, None),
        ("new-discussion", "/groups/caregivers/new/", 200, None),
        ("audit-hidden", "/audit/", 404, "We could not find that page"),
    ],
    "admin": [
        *COMMON,
        ("settings", "/accounts/settings/", 200, None),
        ("audit-log", "/audit/", 200, None),
        ("audit-log-filtered", "/audit/?action=role", 200, None),
        ("manage-roles", "/u/member_mo/roles/", 200, None),
        ("search-status", "/search/status/", 200, "Search"),
    ],
}
SIGN_IN_AS = {"visitor": None, "member": "other_olu", "admin": "admin_ada"}


@pytest.mark.parametrize("role", list(TOURS))
def test_page_tour(role, person, community, axe):
    page = person()
    if SIGN_IN_AS[role]:
        sign_in(page, SIGN_IN_AS[role])
    for name, path, status, heading in TOURS[role]:
        response = page.goto(path.format(discussion=community.get_absolute_url()))
        assert response.status == status, f"{path} as {role}: {response.status}"
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        else:
            expect(page.get_by_role("heading", level=1)).to_be_visible()
        inspect_page(page, f"tour-{role}-{name}", axe=axe)
