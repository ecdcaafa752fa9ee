"""Column fixtures: experts with specialties and questions moved through the real services."""

from __future__ import annotations

import pytest

from carecommons.accounts.roles import Role
from carecommons.articles import services
from carecommons.articles.models import Question
from tests.factories import UserFactory

QUESTION_TEXT = (
    "My daughter is 14 months old and her neutrophil count came back at 310 after her third "
    "ear infection this winter. What does such a low number mean at her age?"
)
ANSWER_TEXT = (
    "A count of 310 is low for a child of that age. Below 500 is called severe. Many young "
    "children have a low count for a while after a virus, and it comes back up. Your care team "
    "will likely repeat the test. If she has a fever, call them at once."
)


@pytest.fixture
def editor(staff):
    return staff["editor"]


@pytest.fixture
def expert(staff):
    user = staff["expert"]
    user.display_name = "Dr. Eve Example"
    user.specialty = "Pediatric Hematology"
    user.institution = "Example Children's Hospital"
    user.credentials = "MD"
    user.save()
    return user


@pytest.fixture
def other_expert(db):
    return UserFactory(
        username="expert_oz",
        roles=[Role.EXPERT],
        display_name="Dr. Oz Other",
        specialty="Adult Hematology",
        institution="Other University",
    )


def ask(asker=None, *, email="reader@example.org", body=QUESTION_TEXT, may_publish=True):
    return services.ask(
        asker=asker,
        email=email,
        body=body,
        about="child",
        age_range="baby",
        may_publish=may_publish,
    )


def move_to(question: Question, state: str, *, editor, expert, group=None) -> Question:
    """Walk a question along the happy path until it reaches `state`."""
    path = ["submitted", "triaged", "assigned", "answered", "edited", "published", "updated"]
    if question.state == "unconfirmed":
        services.confirm_email(question)
    for step in path[path.index(question.state) + 1 : path.index(state) + 1]:
        if step == "triaged":
            services.triage(question, by=editor, comment="clear question")
        elif step == "assigned":
            services.assign(question, by=editor, expert=expert, comment="for you")
        elif step == "answered":
            services.answer(question, by=expert, text=ANSWER_TEXT)
        elif step == "edited":
            services.edit(
                question,
                by=editor,
                title="A toddler with a very low neutrophil count",
                public_question="My toddler's neutrophil count was 310 after repeated ear "
                "infections. What does such a low number mean at this age?",
                answer_text=ANSWER_TEXT,
                group=group,
                tag_names="neutropenia, children",
            )
        elif step == "published":
            services.publish(question, by=editor)
        elif step == "updated":
            services.update(question, by=editor, note="We clarified when to call.")
    question.refresh_from_db()
    return question


@pytest.fixture
def submitted(member):
    return ask(member)


@pytest.fixture
def at_state(member, editor, expert, public_group):
    def make(state: str, asker=member) -> Question:
        if state == "unconfirmed":
            return ask(None)
        question = ask(asker)
        if state in {"declined", "withdrawn", "scheduled"}:
            base = {"declined": "triaged", "withdrawn": "triaged", "scheduled": "edited"}[state]
            move_to(question, base, editor=editor, expert=expert, group=public_group)
            if state == "declined":
                services.decline(question, by=editor, reason="We answered this last month.")
            elif state == "withdrawn":
                services.withdraw(question)
            else:
                from datetime import timedelta

                from django.utils import timezone

                services.publish(question, by=editor, at=timezone.now() + timedelta(days=2))
            question.refresh_from_db()
            return question
        return move_to(question, state, editor=editor, expert=expert, group=public_group)

    return make
