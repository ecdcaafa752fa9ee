"""The column's part of the demo community: questions at every stage and published answers.

Our own words throughout. Clinical statements follow ../shared/clinical-reference.md:
ANC lower limit 1,500/µL from age one (1,000 from two weeks to one year), severe below 500,
fever of 38.0 °C (100.4 °F) or more with very low neutrophils is an emergency, the adult
lymphocyte range 1,000–4,800/µL, and the Duffy-null reference interval starting at 1,210/µL.
Idempotent: a question is matched by its exact text and never added twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.accounts.models import User
from carecommons.articles import services
from carecommons.articles.models import Article, Question
from carecommons.community.models import Discussion, Group

GROUP = "blood-cancers-disorders"
EDITOR = "june_column_editor"

TODDLER_ANSWER = """\
Thank you for writing. An absolute neutrophil count (ANC) of 310 is low for a toddler. From the \
first birthday on, most labs call a count under 1,500 low, and a count under 500 is called \
**severe neutropenia**. So the number is worth taking seriously, but on its own it does not \
tell us why it is low or how long it will stay there.

**Why it can happen.** In young children the most common reason is a passing virus. The count \
often drops for a few weeks and then climbs back. Some medicines can lower it too. Less often, \
the count stays low for months, and then a blood specialist looks for the cause.

**What usually comes next.** Expect the care team to repeat the blood count, often more than \
once over the next weeks. One number is a snapshot; the pattern over time tells far more. If \
the count keeps dipping and recovering about every three weeks, the team may ask for counts a \
few times a week for six weeks to look for a cycle.

**What to do at home.** Keep a thermometer handy and take her temperature whenever she seems \
warm, unusually sleepy or unwell. A temperature of **38.0 °C (100.4 °F) or higher** in a child \
with very low neutrophils is an emergency: call your care team at once, day or night, or go to \
the emergency department. Do not give fever medicine before you measure, because it can hide \
the fever.

**Questions to bring to the next visit.** When will the count be repeated? What temperature \
means we come straight in, and to which door? Does anything she takes need to be reviewed?

Most toddlers with a low count like this get through it well. Your care team knows your \
daughter, so bring them every question you have.
"""

LYMPH_ANSWER = """\
This is a common source of worry, and the two numbers are telling you different things.

A lab reports each kind of white cell two ways: as a **percentage** of all white cells, and as \
an **absolute count** (cells per microlitre, often written ×10³/µL). The percentages always add \
up to 100. So when one kind of cell is low, the others take a bigger share, even if their own \
number has not changed.

Your husband's lymphocytes are 82 %, but the absolute count is 4.2 ×10³/µL, which is 4,200 \
cells/µL. For adults the usual range is about 1,000 to 4,800, so 4,200 sits inside it, near the \
top. The high percentage mostly reflects that his neutrophils are low: the remaining 18 % has \
to cover neutrophils and all the other white cells together.

What matters most for infection risk is the **absolute neutrophil count**. If the report does \
not print it, it can be worked out as the white count multiplied by the neutrophil percentage \
(plus bands, if listed separately), divided by 100. Ask the team to go through that number with \
you, and what they expect from the marrow test that is still pending.

If he develops a fever of 38.0 °C (100.4 °F) or more while his neutrophils are low, contact his \
care team straight away, wherever you are.
"""

DUFFY_ANSWER = """\
A count like yours, a little under 1,500 for years with no unusual infections, has a well known \
and harmless explanation in many people: being **Duffy-null**.

The Duffy marker is a protein on red blood cells. People who inherited the "null" version from \
both parents do not carry it. This is very common in people with African or Middle Eastern \
ancestry; about two in three Black Americans are Duffy-null. Their neutrophils are normal and \
fight infection normally, but fewer of them circulate in the blood sample, so the count reads \
lower. Doctors now call this **Duffy-null associated neutrophil count**. It is not a disease.

A blood bank test for the Duffy marker can confirm it. For Duffy-null adults, a recent US \
reference range starts at about 1,210 cells/µL, so 1,300 would be normal for you. Knowing this \
can spare you repeated tests and should not, on its own, keep you from a treatment or a trial.

Two cautions. Duffy-null status explains a mildly low count, not a very low one, and it never \
changes the fever rule: a temperature of 38.0 °C (100.4 °F) or more with a low count still \
means calling your care team at once. Ask your doctor whether the test makes sense for you.
"""

PUBLISHED: list[dict[str, Any]] = [
    {
        "asker": "tobys_mom_kel",
        "about": "child",
        "age": "baby",
        "expert": "dr_varnholm",
        "days_ago": 21,
        "body": "Our Toby turned one in March. He has had four ear infections since the autumn "
        "and the last blood test showed an ANC of 310. The nurse at the Riverside practice "
        "said it is very low. What does that number mean for a one-year-old, and what should "
        "we watch for?",
        "title": "My toddler's neutrophil count is 310: what does it mean?",
        "public": "Our son is a little over one year old. He has had several ear infections "
        "in the last few months, and his latest blood test showed an absolute neutrophil count "
        "(ANC) of 310. We were told it is very low. What does that number mean for a child his "
        "age, and what should we watch for?",
        "answer": TODDLER_ANSWER,
        "tags": "neutropenia, children, fever",
    },
    {
        "asker": "warda_writes",
        "about": "partner",
        "age": "adult",
        "expert": "dr_adebayo_lind",
        "days_ago": 12,
        "body": "My husband Karim's report says lymphocytes 82 % but also 4.2. The doctor in "
        "our city says the marrow test will take weeks. Is 82 % dangerous? I am frightened.",
        "title": "Lymphocytes at 82 % but 4.2 absolute: which number matters?",
        "public": "My husband's blood report shows lymphocytes at 82 %, and next to it 4.2. "
        "A bone marrow test is still pending. Is 82 % dangerous?",
        "answer": LYMPH_ANSWER,
        "tags": "lymphocytes, reading your results",
    },
    {
        "asker": "dee_duffy",
        "about": "self",
        "age": "adult",
        "expert": "dr_adebayo_lind",
        "days_ago": 5,
        "body": "I am 38 and my neutrophils have been around 1,300 at every check-up for ten "
        "years. I am never sick more than anyone else. My new GP wants to refer me. Should I "
        "be worried?",
        "title": "Neutrophils a little low for years, and never ill: should I worry?",
        "public": "I am in my late thirties and my neutrophil count has been around 1,300 at "
        "every check-up for about ten years. I do not get more infections than other people. "
        "My new doctor wants to refer me. Should I be worried?",
        "answer": DUFFY_ANSWER,
        "tags": "neutropenia, Duffy-null, adults",
    },
]

OTHER_STAGES: list[dict[str, Any]] = [
    {
        "stage": "unconfirmed",
        "email": "visitor.demo@demo.carecommons.invalid",
        "about": "self",
        "age": "older",
        "body": "I have had low counts since 2001 and three marrow biopsies. Can the column "
        "say whether a second opinion by video is worth it?",
    },
    {
        "stage": "submitted",
        "asker": "chris_chemo_days",
        "about": "self",
        "age": "adult",
        "body": "When during a chemotherapy cycle are my neutrophils usually at their lowest, "
        "and should I plan outings around it?",
    },
    {
        "stage": "triaged",
        "asker": "bea_cycles",
        "about": "child",
        "age": "child",
        "body": "My daughter gets mouth ulcers and a fever about every three weeks. Could that "
        "pattern be linked to her blood counts?",
    },
    {
        "stage": "assigned",
        "asker": "pat_caregiver",
        "about": "other",
        "age": "older",
        "expert": "dr_adebayo_lind",
        "body": "My father's neutrophils fell after a long course of antibiotics. How long does "
        "it usually take for the count to recover?",
    },
    {
        "stage": "answered",
        "asker": "mina_hello",
        "about": "child",
        "age": "baby",
        "expert": "dr_varnholm",
        "body": "Our baby is four months old and was born early. The lab flagged her ANC of 700 "
        "as low. Is that unusual for a premature baby?",
        "answer": "Premature babies often run lower neutrophil counts than babies born at term, "
        "and in the first months a count in the high hundreds can be within what specialists "
        "see in healthy preterm infants. Her care team will judge it alongside how she is "
        "feeding and growing. A temperature of 38.0 °C (100.4 °F) or more in a young baby "
        "always needs a call to the care team straight away.",
    },
    {
        "stage": "edited",
        "asker": "lou_platelets",
        "about": "self",
        "age": "older",
        "expert": "dr_adebayo_lind",
        "body": "My ANC was 1,700 and the lab printed an L next to it. My sister says that "
        "means I have neutropenia. Is she right?",
        "title": "A count of 1,700 flagged low: is that neutropenia?",
        "answer": "Not by the usual definition. For adults, neutropenia is generally an "
        "absolute neutrophil count under 1,500. Many labs set their own lower limit higher, "
        "often around 2,000, so a result of 1,700 can carry an L flag without meaning "
        "neutropenia. Your doctor will read it together with your earlier results and how "
        "you feel.",
    },
    {
        "stage": "declined",
        "asker": "oldoak_ray",
        "about": "self",
        "age": "older",
        "body": "What dose of G-CSF should I ask my doctor for? My last count was 200.",
        "reason": "Thank you for writing. The column cannot suggest a dose for one person: that "
        "depends on things only your own hematologist knows. Please ask them directly, and "
        "if you have a fever with a count like that, call your care team straight away.",
    },
    {
        "stage": "withdrawn",
        "asker": "quiet_heron",
        "about": "partner",
        "age": "adult",
        "body": "My wife's platelets are low after her treatment. Is it safe for her to garden?",
    },
]


def _ask(spec: dict[str, Any], users: dict[str, User]) -> Question:
    asker = users.get(spec.get("asker", ""))
    return services.ask(
        asker=asker,
        email=spec.get("email", ""),
        body=spec["body"],
        about=spec["about"],
        age_range=spec["age"],
        may_publish=True,
    )


def _to_answered(question: Question, editor: User, expert: User, answer: str) -> None:
    services.triage(question, by=editor, comment="A clear question for the column.")
    services.assign(question, by=editor, expert=expert, comment="Right up your street.")
    services.answer(question, by=expert, text=answer)


def load(users: dict[str, User]) -> str | None:
    editor = users.get(EDITOR)
    group = Group.objects.filter(slug=GROUP).first()
    if editor is None or group is None:
        return None
    published = staged = 0
    now = timezone.now()
    with transaction.atomic():
        for spec in PUBLISHED:
            if Question.objects.filter(body=spec["body"]).exists():
                continue
            question = _ask(spec, users)
            expert = users[spec["expert"]]
            _to_answered(question, editor, expert, spec["answer"])
            services.edit(
                question,
                by=editor,
                title=spec["title"],
                public_question=spec["public"],
                answer_text=spec["answer"],
                group=group,
                tag_names=spec["tags"],
                comment="Removed the name, the town and the month.",
            )
            services.publish(question, by=editor)
            # The demo tells a story that started weeks ago: its article and the article's
            # "Share your experience" discussion are dated then, not at load time.
            published_at = now - timedelta(days=spec["days_ago"])
            Article.objects.filter(question=question).update(published_at=published_at)
            article = Article.objects.get(question=question)
            Discussion.objects.filter(column_article=article).update(
                created_at=published_at, last_activity_at=published_at
            )
            published += 1
        for spec in OTHER_STAGES:
            if Question.objects.filter(body=spec["body"]).exists():
                continue
            question = _ask(spec, users)
            stage = spec["stage"]
            if stage in {"triaged", "declined", "withdrawn"}:
                services.triage(question, by=editor)
            if stage == "assigned":
                services.triage(question, by=editor)
                services.assign(question, by=editor, expert=users[spec["expert"]])
            if stage in {"answered", "edited"}:
                _to_answered(question, editor, users[spec["expert"]], spec["answer"])
            if stage == "edited":
                services.edit(
                    question,
                    by=editor,
                    title=spec["title"],
                    public_question=spec["body"].replace("My sister says", "A relative says"),
                    answer_text=spec["answer"],
                    group=group,
                    tag_names="neutropenia, reading your results",
                )
            if stage == "declined":
                services.decline(question, by=editor, reason=spec["reason"])
            if stage == "withdrawn":
                services.withdraw(question)
            staged += 1
        scheduled = _scheduled(users, editor, group, now)
    if not (published or staged or scheduled):
        return None
    return (
        f"articles: {published} published answers, {staged + scheduled} questions at other "
        "stages of the column"
    )


SCHEDULED_BODY = (
    "Is it true that some children's counts go up and down in a regular rhythm? How would a "
    "doctor find out?"
)


def _scheduled(users: dict[str, User], editor: User, group: Group, now: Any) -> int:
    """One answer edited and scheduled for next week (the worker publishes it then)."""
    if Question.objects.filter(body=SCHEDULED_BODY).exists():
        return 0
    question = _ask(
        {"asker": "sam_both", "about": "other", "age": "child", "body": SCHEDULED_BODY}, users
    )
    answer = (
        "Yes. In cyclic neutropenia the neutrophil count falls very low about every three "
        "weeks, stays down for a few days and then recovers. Mouth sores and fevers tend to "
        "come at the low points. A single monthly blood test cannot show the rhythm, so "
        "doctors check the count two or three times a week for about six weeks and look for "
        "low points roughly 21 days apart. Only a hematologist can make the diagnosis; if you "
        "notice a pattern, write down the dates of fevers and sores and bring the list."
    )
    _to_answered(question, editor, users["dr_varnholm"], answer)
    services.edit(
        question,
        by=editor,
        title="Counts that rise and fall every three weeks",
        public_question=SCHEDULED_BODY,
        answer_text=answer,
        group=group,
        tag_names="neutropenia, cyclic neutropenia, children",
    )
    services.publish(question, by=editor, at=now + timedelta(days=7))
    return 1
