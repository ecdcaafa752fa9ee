"""Demo care navigation: specialties, the international desk and two appointment requests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.care import services
from carecommons.care.models import CareRequest, CoordinatorDesk, Desk, Specialty

SPECIALTIES = [
    ("Pediatric hematology", "Blood disorders in babies, children and teenagers.", True),
    ("Hematology", "Blood disorders in adults, including low blood counts.", False),
    ("Hematology second opinion by video", "A review of existing records and tests.", False),
    ("Infectious diseases", "Repeated or unusual infections.", False),
]


def _person(owner: User, relationship: str, nickname: str, years: float) -> CaredPerson:
    # Demo set-up only: the people-I-care-for list belongs to accounts; the demo seeds it.
    person = CaredPerson.objects.filter(owner=owner, relationship=relationship).first()
    if person is None:
        person = CaredPerson.objects.create(
            owner=owner,
            relationship=relationship,
            nickname=nickname,
            date_of_birth=timezone.localdate() - timedelta(days=round(years * 365.25)),
        )
    return person


def load(users: dict[str, User]) -> str | None:
    added: list[str] = []
    for position, (name, description, exam) in enumerate(SPECIALTIES):
        _, created = Specialty.objects.get_or_create(
            name=name,
            defaults={"description": description, "needs_exam_first": exam, "position": position},
        )
        if created:
            added.append(name)
    samir = users.get("samir_intl_coord")
    if samir is not None:
        CoordinatorDesk.objects.get_or_create(
            coordinator=samir, defaults={"desk": Desk.INTERNATIONAL}
        )
    requests = 0
    warda = users.get("warda_writes")
    if warda is not None and not CareRequest.objects.filter(requester=warda).exists():
        husband = _person(warda, CaredPerson.Relationship.HUSBAND, "Karim", 41)
        care_request = services.create_request(
            warda,
            services.RequestDetails(
                about=husband,
                specialty=Specialty.objects.get(name="Hematology second opinion by video"),
                reason=(
                    "My husband has low neutrophils for some months. His lymphocytes are 82 % "
                    "but the lab also writes 4.2 for them, and EBV and CMV IgG are positive. We "
                    "wait for the bone marrow result. We would like a second opinion by video "
                    "because we live in Iraq. I can send all the lab papers."
                ),
                visit_type="video",
                country="IQ",
                time_zone="Asia/Baghdad",
                language="Arabic",
                needs_interpreter=True,
                second_opinion=True,
                availability=["weekday_afternoon", "weekend_morning"],
                availability_notes="Not Fridays, please.",
            ),
        )
        if samir is not None:
            services.start_review(care_request, samir)
            services.post_message(
                care_request,
                samir,
                "Hello Warda, I am Samir, the coordinator for international patients. I have "
                "your request and I am reading it now. An Arabic interpreter can join the call.",
            )
        requests += 1
    ray = users.get("oldoak_ray")
    if ray is not None and not CareRequest.objects.filter(requester=ray).exists():
        services.create_request(
            ray,
            services.RequestDetails(
                specialty=Specialty.objects.get(name="Hematology"),
                reason=(
                    "Low counts on and off since 2001, three marrow biopsies so far and no clear "
                    "answer. I would like a fresh pair of eyes, by video if possible; I have "
                    "every lab sheet in a folder."
                ),
                visit_type="video",
                country="US",
                time_zone="America/Denver",
                language="English",
                second_opinion=True,
                availability=["weekday_morning"],
            ),
        )
        requests += 1
    if not added and not requests:
        return None
    return f"care: {len(added)} specialties, {requests} appointment requests"
