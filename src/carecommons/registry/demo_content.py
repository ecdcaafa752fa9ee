"""Demo registry: severe chronic neutropenia, with one family's enrolment in review.

Criteria and offers are written in our own words from clinical-reference.md §8.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.registry import services
from carecommons.registry.evidence import AncPoint
from carecommons.registry.models import EligibilityQuestion, Enrolment, Registry

SLUG = "severe-chronic-neutropenia"

OFFERS = "\n".join(
    [
        "Up-to-date information about severe chronic neutropenia and its treatment, for patients,"
        " families and doctors",
        "Advice for patients and their doctors from the registry's advisory board and "
        "hematologists who know the condition well",
        "A way towards G-CSF treatment for people who need it, through the registry's network of "
        "doctors",
        "Long-term follow-up, collected about once a year: G-CSF treatment, transplants, the risk"
        " of MDS or leukemia, and pregnancy",
        "Joining is voluntary; the doctor fills in forms at the start and about once a year, and "
        "families may keep an optional calendar of treatment and illness",
    ]
)

CRITERIA = "\n".join(
    [
        "A doctor has found, or suspects, severe chronic neutropenia that is congenital, cyclic "
        "or of unknown cause (idiopathic)",
        "The ANC was below 500 cells/µL (0.5 ×10⁹/L) on at least three separate blood counts in "
        "the three months before joining",
        "For suspected cyclic neutropenia: at least two documented cycles, with low points under "
        "200 cells/µL about three weeks apart and recovery to roughly 500–1,000 in between, "
        "ideally from six weeks or more of counts",
        "A bone marrow test whose findings fit congenital, cyclic or idiopathic neutropenia",
        "Not for neutropenia caused by medicines, chemotherapy or cancer, or that comes with a "
        "known autoimmune disease (such as lupus or rheumatoid arthritis), aplastic anemia or HIV",
        "Some centres ask that the person be older than 3 months",
        "People with some conditions, such as Shwachman-Diamond or Barth syndrome, may join "
        "without severe neutropenia; genetic testing helps but is not required",
    ]
)

CONSENT = "\n".join(
    [
        "By signing, you agree that the information in this enrolment (your answers, the blood "
        "counts you share and an age group) is sent to the severe chronic neutropenia registry "
        "team.",
        "",
        "The team uses it to check whether the registry fits, and, if you are enrolled, to study "
        "the causes, course and treatment of severe chronic neutropenia together with many other "
        "people's information.",
        "",
        "Researchers only ever receive information without names, emails, birth dates, free text "
        "or files, under a code that cannot be traced back to you without the registry's key.",
        "",
        "Taking part is voluntary and does not change the care you receive. You can withdraw your"
        " consent at any time on your enrolment page; from then on your information is left out "
        "of every new research export.",
        "",
        "If you sign for a child or another person, you confirm that you may make this decision "
        "for them.",
    ]
)

QUESTIONS = [
    ("q_diagnosed", "Has a doctor said the person has, or may have, severe chronic neutropenia?",
     "Congenital, cyclic, or of unknown cause."),
    ("q_three_low", "Was the ANC below 500 on at least three blood tests in the last three months?",
     "The blood counts you add below help answer this."),
    ("q_marrow", "Has the person had a bone marrow test?", ""),
    ("q_other_cause",
     "Could the low count come from medicines, chemotherapy, cancer, an autoimmune disease, "
     "aplastic anemia or HIV?", "Answer “Not sure” if nobody has said."),
    ("q_over_3_months", "Is the person older than 3 months?", ""),
]  # fmt: skip


def ensure_registry() -> tuple[Registry, bool]:
    registry, created = Registry.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Severe Chronic Neutropenia Registry",
            "condition": "severe chronic neutropenia (congenital, cyclic, idiopathic)",
            "run_by": "The Severe Chronic Neutropenia International Registry (SCNIR), "
            "Boston Children's Hospital, with a European office at Hannover Medical School",
            "contact": "https://www.scnir.org",
            "summary": "An international registry, running since 1994, that follows people with "
            "severe chronic neutropenia and helps them and their doctors with G-CSF treatment.",
            "offers": OFFERS,
            "criteria": CRITERIA,
            "consent_text": CONSENT,
            "consent_version": "2026.1",
        },
    )
    for position, (code, text, help_text) in enumerate(QUESTIONS):
        EligibilityQuestion.objects.get_or_create(
            registry=registry,
            code=code,
            defaults={"text": text, "help_text": help_text, "position": position},
        )
    return registry, created


def load(users: dict[str, User]) -> str | None:
    registry, created = ensure_registry()
    kel = users.get("tobys_mom_kel")
    enrolled = 0
    if kel is not None and not Enrolment.objects.filter(registry=registry, member=kel).exists():
        # Demo set-up only: the people-I-care-for list belongs to accounts; the demo seeds it.
        toby = CaredPerson.objects.filter(owner=kel, relationship="son").first()
        if toby is None:
            toby = CaredPerson.objects.create(
                owner=kel,
                relationship="son",
                nickname="Toby",
                date_of_birth=timezone.localdate() - timedelta(days=395),
            )
        today = timezone.localdate()
        counts = [AncPoint(on=today - timedelta(days=d), anc=a)
                  for d, a in [(80, 420), (52, 360), (31, 310), (9, 390)]]  # fmt: skip
        answers = {str(q.pk): a for q, a in zip(
            registry.questions.order_by("position"), ["yes", "yes", "no", "no", "yes"],
            strict=True)}  # fmt: skip
        services.enrol(
            registry,
            kel,
            person=toby,
            answers=answers,
            counts=counts,
            age_band="",
            consent=services.Consent(
                name="Kelly Demo", on=today, relationship="mother", version="2026.1"
            ),
        )
        enrolled = 1
    if not created and not enrolled:
        return None
    return f"registry: {'1 registry, ' if created else ''}{enrolled} enrolment in review"
