"""The read side of care navigation: every join a page needs lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.care.models import CareMessage, CareRequest, Specialty, StatusChange

WAITING_CHOICES = [("", "Any time"), ("2", "2 days or more"), ("7", "7 days or more"),
                   ("14", "14 days or more")]  # fmt: skip


def active_specialties() -> QuerySet[Specialty]:
    return Specialty.objects.filter(is_active=True)


def people_of(member: User) -> QuerySet[CaredPerson]:
    return CaredPerson.objects.filter(owner=member).exclude(
        relationship=CaredPerson.Relationship.SELF
    )


def my_requests(member: User) -> QuerySet[CareRequest]:
    return (
        CareRequest.objects.filter(requester=member)
        .select_related("specialty", "about")
        .order_by("-created_at", "-id")
    )


def get_request(pk: int) -> CareRequest | None:
    people = User.objects.prefetch_related("role_grants")
    return (
        CareRequest.objects.select_related("requester", "about", "specialty")
        .prefetch_related(
            Prefetch("messages", queryset=CareMessage.objects.select_related("author")),
            Prefetch("messages__author", queryset=people),
            "attachments",
            "offered_times",
            Prefetch("changes", queryset=StatusChange.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class QueueFilters:
    desk: str = ""
    status: str = "open"
    specialty: int | None = None
    visit_type: str = ""
    country: str = ""
    waiting_days: int | None = None


def queue(filters: QueueFilters) -> QuerySet[CareRequest]:
    requests = CareRequest.objects.select_related("specialty", "requester", "about").annotate(
        message_count=Count("messages")
    )
    if filters.desk:
        requests = requests.filter(desk=filters.desk)
    if filters.status == "open":
        requests = requests.filter(
            status__in=["new", "in_review", "more_info", "offered", "scheduled"]
        )
    elif filters.status:
        requests = requests.filter(status=filters.status)
    if filters.specialty:
        requests = requests.filter(specialty_id=filters.specialty)
    if filters.visit_type:
        requests = requests.filter(visit_type=filters.visit_type)
    if filters.country:
        requests = requests.filter(country=filters.country.upper())
    if filters.waiting_days:
        requests = requests.filter(
            created_at__lte=timezone.now() - timedelta(days=filters.waiting_days)
        )
    return requests.order_by("created_at", "id")


def queue_countries() -> list[str]:
    return sorted(set(CareRequest.objects.values_list("country", flat=True)))
