"""Who may do what with care requests. Pure functions of the acting member and the request.

A request is private: the requester and care coordinators see it; nobody else does (registry
staff, mentors, moderators and administrators without the coordinator role get a 404).
"""

from __future__ import annotations

from typing import Any

from carecommons.accounts.roles import Role
from carecommons.care.models import CareRequest, Status

# Coordinator actions and the statuses each may start from.
ACTIONS: dict[str, frozenset[str]] = {
    "review": frozenset({Status.NEW, Status.MORE_INFO}),
    "ask": frozenset({Status.NEW, Status.IN_REVIEW}),
    "offer": frozenset({Status.NEW, Status.IN_REVIEW, Status.MORE_INFO, Status.OFFERED}),
    "close": frozenset({Status.SCHEDULED}),
    "decline": frozenset(
        {Status.NEW, Status.IN_REVIEW, Status.MORE_INFO, Status.OFFERED, Status.SCHEDULED}
    ),
    "recommend": frozenset({Status.NEW, Status.IN_REVIEW, Status.MORE_INFO, Status.OFFERED}),
}


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_coordinator(user: Any) -> bool:
    return _active(user) and user.has_role(Role.COORDINATOR)


def can_request(user: Any) -> bool:
    return _active(user)


def is_requester(user: Any, care_request: CareRequest) -> bool:
    return _active(user) and care_request.requester_id == user.pk


def can_view_request(user: Any, care_request: CareRequest) -> bool:
    return is_requester(user, care_request) or is_coordinator(user)


def can_message(user: Any, care_request: CareRequest) -> bool:
    return care_request.is_open and can_view_request(user, care_request)


def can_withdraw(user: Any, care_request: CareRequest) -> bool:
    return care_request.is_open and is_requester(user, care_request)


def can_accept_offer(user: Any, care_request: CareRequest) -> bool:
    return care_request.status == Status.OFFERED and is_requester(user, care_request)


def can_act(user: Any, care_request: CareRequest, action: str) -> bool:
    allowed = ACTIONS.get(action)
    return allowed is not None and care_request.status in allowed and is_coordinator(user)


def available_actions(user: Any, care_request: CareRequest) -> list[str]:
    return [action for action in ACTIONS if can_act(user, care_request, action)]
