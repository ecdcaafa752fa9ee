"""Who may do what with registry enrolments. Pure functions of the acting member and the object.

An enrolment is seen by the member who made it and by registry staff; nobody else (care
coordinators, mentors, moderators and administrators without the registry staff role get 404).
"""

from __future__ import annotations

from typing import Any

from carecommons.accounts.roles import Role
from carecommons.registry.models import Enrolment
from carecommons.registry.models import EnrolmentStatus as S

REVIEW_STEPS: dict[str, frozenset[str]] = {
    S.ELIGIBLE: frozenset({S.IN_REVIEW, S.MORE_INFO}),
    S.MORE_INFO: frozenset({S.IN_REVIEW, S.ELIGIBLE}),
    S.NOT_ELIGIBLE: frozenset({S.IN_REVIEW, S.MORE_INFO, S.ELIGIBLE}),
    S.ENROLLED: frozenset({S.IN_REVIEW, S.ELIGIBLE}),
}


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_registry_staff(user: Any) -> bool:
    return _active(user) and user.has_role(Role.REGISTRY_STAFF)


def is_owner(user: Any, enrolment: Enrolment) -> bool:
    return _active(user) and enrolment.member_id == user.pk


def can_view_enrolment(user: Any, enrolment: Enrolment) -> bool:
    return is_owner(user, enrolment) or is_registry_staff(user)


def can_review(user: Any, enrolment: Enrolment, step: str) -> bool:
    allowed = REVIEW_STEPS.get(step)
    return allowed is not None and enrolment.status in allowed and is_registry_staff(user)


def review_steps(user: Any, enrolment: Enrolment) -> list[str]:
    return [step for step in REVIEW_STEPS if can_review(user, enrolment, step)]


def can_add_information(user: Any, enrolment: Enrolment) -> bool:
    return enrolment.status == S.MORE_INFO and is_owner(user, enrolment)


def can_withdraw(user: Any, enrolment: Enrolment) -> bool:
    return enrolment.status != S.WITHDRAWN and is_owner(user, enrolment)


def can_export(user: Any) -> bool:
    return is_registry_staff(user)
