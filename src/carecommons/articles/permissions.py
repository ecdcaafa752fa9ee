"""Who may see and move a column question: pure functions over the transition table.

Every action is one row of `ACTIONS`: the states it may start from, the state it leads to and
who may take it. Editors and administrators run the desk; an expert acts only on what is
assigned to them; the asker acts through their signed status link (no account needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carecommons.accounts.roles import Role
from carecommons.articles.models import Question, State

EDITOR = "editor"  # editors and administrators
ASSIGNED_EXPERT = "assigned_expert"
ASKER = "asker"
SYSTEM = "system"  # the worker publishing on schedule


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    by: str
    label: str


def _action(name: str, sources: set[str], target: str, by: str, label: str) -> Action:
    return Action(name, frozenset(sources), target, by, label)


OPEN_STATES = {
    State.SUBMITTED,
    State.TRIAGED,
    State.ASSIGNED,
    State.ANSWERED,
    State.EDITED,
    State.SCHEDULED,
}

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _action("confirm", {State.UNCONFIRMED}, State.SUBMITTED, ASKER, "Confirm email"),
        _action("triage", {State.SUBMITTED}, State.TRIAGED, EDITOR, "Triage"),
        _action(
            "decline",
            {State.SUBMITTED, State.TRIAGED, State.ASSIGNED, State.ANSWERED, State.EDITED},
            State.DECLINED,
            EDITOR,
            "Decline",
        ),
        _action("assign", {State.TRIAGED, State.ASSIGNED}, State.ASSIGNED, EDITOR, "Assign"),
        _action("answer", {State.ASSIGNED}, State.ANSWERED, ASSIGNED_EXPERT, "Answer"),
        _action(
            "send_back",
            {State.ANSWERED, State.EDITED},
            State.ASSIGNED,
            EDITOR,
            "Send back to the expert",
        ),
        _action(
            "edit",
            {State.ANSWERED, State.EDITED, State.SCHEDULED},
            State.EDITED,
            EDITOR,
            "Edit",
        ),
        _action("publish", {State.EDITED}, State.PUBLISHED, EDITOR, "Publish now"),
        _action("schedule", {State.EDITED}, State.SCHEDULED, EDITOR, "Schedule"),
        _action("publish_scheduled", {State.SCHEDULED}, State.PUBLISHED, SYSTEM, "Publish"),
        _action(
            "update",
            {State.PUBLISHED, State.UPDATED},
            State.UPDATED,
            EDITOR,
            "Correct the published article",
        ),
        _action("withdraw", {State.UNCONFIRMED} | OPEN_STATES, State.WITHDRAWN, ASKER, "Withdraw"),
    ]
}

# States in which the assigned expert still sees the question.
EXPERT_VISIBLE = frozenset({State.ASSIGNED, State.ANSWERED, State.EDITED, State.SCHEDULED})
# States that show on the editors' desk (never unconfirmed, declined-and-closed or withdrawn).
DESK_STATES = frozenset(OPEN_STATES | {State.PUBLISHED, State.UPDATED, State.DECLINED})


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_editor(user: Any) -> bool:
    return _active(user) and bool(user.has_role(Role.EDITOR, Role.ADMIN))


def is_expert(user: Any) -> bool:
    return _active(user) and bool(user.has_role(Role.EXPERT))


def can_use_desk(user: Any) -> bool:
    return is_editor(user) or is_expert(user)


def is_assigned_expert(user: Any, question: Question) -> bool:
    return is_expert(user) and question.expert_id == user.pk


def can_view_question(user: Any, question: Question) -> bool:
    """May this member open the question on the desk? (The asker uses the status link.)"""
    if question.state in {State.UNCONFIRMED, State.WITHDRAWN}:
        return False
    if is_editor(user):
        return True
    return is_assigned_expert(user, question) and question.state in EXPERT_VISIBLE


def can_act(user: Any, question: Question, name: str) -> bool:
    """May `user` (a member; never the asker or the worker) take action `name` now?"""
    action = ACTIONS.get(name)
    if action is None or question.state not in action.sources:
        return False
    if action.by == EDITOR:
        if name in {"publish", "schedule"} and not question.may_publish:
            return False
        return is_editor(user)
    if action.by == ASSIGNED_EXPERT:
        return is_assigned_expert(user, question)
    return False


def asker_can(question: Question, name: str) -> bool:
    """May the asker, holding the signed link, take action `name` now?"""
    action = ACTIONS.get(name)
    return action is not None and action.by == ASKER and question.state in action.sources


def available_actions(user: Any, question: Question) -> list[str]:
    return [name for name in ACTIONS if can_act(user, question, name)]


def can_ask(user: Any) -> bool:
    """Visitors may ask (they confirm an email); members need a confirmed email address."""
    if not user.is_authenticated:
        return True
    return bool(user.is_active and user.email_verified)
