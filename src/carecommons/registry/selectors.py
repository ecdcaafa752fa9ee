"""The read side of registries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from carecommons.accounts.models import CaredPerson, User
from carecommons.registry.models import Enrolment, EnrolmentEvent, Registry


def registries() -> QuerySet[Registry]:
    return Registry.objects.all()


def get_registry(slug: str) -> Registry | None:
    return Registry.objects.prefetch_related("questions").filter(slug=slug).first()


def my_enrolments(member: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(member=member).select_related("registry", "person")


def people_of(member: User) -> QuerySet[CaredPerson]:
    return CaredPerson.objects.filter(owner=member).exclude(
        relationship=CaredPerson.Relationship.SELF
    )


def get_enrolment(pk: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related("registry", "member", "person")
        .prefetch_related(
            "registry__questions",
            Prefetch("events", queryset=EnrolmentEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


def staff_queue(status: str) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.select_related("registry", "member", "person")
    if status:
        enrolments = enrolments.filter(status=status)
    return enrolments.order_by("created_at", "id")
