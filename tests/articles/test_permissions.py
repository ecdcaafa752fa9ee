"""Who may take each action in each state: the whole table, per role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from carecommons.articles import permissions
from carecommons.articles.models import Question, State

ROLES = ["anonymous", "member", "mentor", "moderator", "expert", "other_expert", "editor", "admin"]


def person(role: str):
    if role == "anonymous":
        return AnonymousUser()
    held = {"member": set(), "other_expert": {"expert"}}.get(role, {role})
    return SimpleNamespace(
        pk={"expert": 10, "other_expert": 11}.get(role, 20),
        is_authenticated=True,
        is_active=True,
        has_role=lambda *roles, held=held: bool(held & set(roles)),
    )


def question(state: str, may_publish: bool = True) -> Question:
    return Question(pk=1, state=state, expert_id=10, may_publish=may_publish)


EDITORS = {"editor", "admin"}
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    # action: (states it starts from, roles that may take it)
    "triage": ({"submitted"}, EDITORS),
    "decline": ({"submitted", "triaged", "assigned", "answered", "edited"}, EDITORS),
    "assign": ({"triaged", "assigned"}, EDITORS),
    "answer": ({"assigned"}, {"expert"}),
    "send_back": ({"answered", "edited"}, EDITORS),
    "edit": ({"answered", "edited", "scheduled"}, EDITORS),
    "publish": ({"edited"}, EDITORS),
    "schedule": ({"edited"}, EDITORS),
    "update": ({"published", "updated"}, EDITORS),
    # Never taken by a signed-in member: the asker and the worker do these.
    "confirm": (set(), set()),
    "withdraw": (set(), set()),
    "publish_scheduled": (set(), set()),
}


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("role", ROLES)
def test_member_actions_per_role_and_state(role, state):
    allowed = set(permissions.available_actions(person(role), question(state)))
    expected = {
        action for action, (states, roles) in EXPECTED.items() if state in states and role in roles
    }
    assert allowed == expected


def test_the_table_covers_every_action():
    assert set(EXPECTED) == set(permissions.ACTIONS)


@pytest.mark.parametrize("role", ROLES)
def test_no_publishing_without_consent(role):
    q = question("edited", may_publish=False)
    assert not permissions.can_act(person(role), q, "publish")
    assert not permissions.can_act(person(role), q, "schedule")


@pytest.mark.parametrize("state", [s.value for s in State])
def test_the_asker_may_confirm_then_withdraw_until_it_is_published(state):
    q = question(state)
    assert permissions.asker_can(q, "confirm") == (state == "unconfirmed")
    open_states = {"unconfirmed", "submitted", "triaged", "assigned", "answered", "edited"}
    assert permissions.asker_can(q, "withdraw") == (state in open_states | {"scheduled"})
    assert not permissions.asker_can(q, "publish")


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_a_question_on_the_desk(role, state):
    visible = permissions.can_view_question(person(role), question(state))
    hidden_from_all = {"unconfirmed", "withdrawn"}
    if state in hidden_from_all:
        assert not visible
    elif role in EDITORS:
        assert visible
    elif role == "expert":
        assert visible == (state in {"assigned", "answered", "edited", "scheduled"})
    else:
        assert not visible


@pytest.mark.parametrize(
    ("role", "desk"),
    [(r, r in EDITORS | {"expert", "other_expert"}) for r in ROLES],
)
def test_who_may_use_the_desk(role, desk):
    assert permissions.can_use_desk(person(role)) == desk
