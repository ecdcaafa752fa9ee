"""The write side of the expert column. Views, the worker, the demo loader and tests call these.

Every state change goes through `_move()`: it locks the question row, checks the transition
table in `permissions`, records a `Transition` (who, when, from, to, comment) and writes the
audit log, all in one transaction. Emails to the asker are rendered here and delivered by the
worker (`core.mail.queue_email`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from carecommons.accounts.models import User
from carecommons.articles import permissions
from carecommons.articles.models import (
    About,
    AgeRange,
    Article,
    Correction,
    Question,
    State,
    Tag,
    Transition,
)
from carecommons.articles.readability import flesch_kincaid
from carecommons.audit.services import record
from carecommons.community import services as community
from carecommons.community.models import Group
from carecommons.core.errors import Refused
from carecommons.core.mail import queue_email
from carecommons.core.markdown import render
from carecommons.notifications.services import notify
from carecommons.search import services as search

STATUS_SALT = "articles.question-status"
CONFIRM_SALT = "articles.question-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class TransitionRefused(Refused):
    """The action is not allowed now (wrong state or wrong person); `message` says why."""


# --- signed links -------------------------------------------------------------------------


def status_token(question: Question) -> str:
    return signing.dumps([question.pk, question.access_key], salt=STATUS_SALT)


def confirm_token(question: Question) -> str:
    return signing.dumps([question.pk, question.access_key], salt=CONFIRM_SALT)


def status_url(question: Question) -> str:
    return settings.SITE_URL + reverse("articles:status", args=[status_token(question)])


def confirm_url(question: Question) -> str:
    return settings.SITE_URL + reverse("articles:confirm", args=[confirm_token(question)])


def question_from_token(token: str, *, confirm: bool = False) -> Question | None:
    """The question a signed link points to, or None when the link is forged or expired."""
    try:
        if confirm:
            pk, key = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        else:
            pk, key = signing.loads(token, salt=STATUS_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Question.objects.select_related("article", "expert").filter(pk=pk, access_key=key).first()
    )


# --- moving a question --------------------------------------------------------------------


def _move(
    question: Question,
    name: str,
    *,
    actor: User | None,
    comment: str = "",
    request: HttpRequest | None = None,
    changes: dict[str, Any] | None = None,
) -> Question:
    """Lock, check, change state, record the transition and audit it. Call inside atomic()."""
    action = permissions.ACTIONS[name]
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.state not in action.sources:
        raise TransitionRefused(
            f"This question is {locked.get_state_display().lower()} now, so it cannot be "
            f"moved with “{action.label}”. Someone may have acted on it a moment ago."
        )
    by_member = action.by in {permissions.EDITOR, permissions.ASSIGNED_EXPERT}
    if by_member and (actor is None or not permissions.can_act(actor, locked, name)):
        raise TransitionRefused("You are not allowed to do that with this question.")
    previous = locked.state
    now = timezone.now()
    locked.state = action.target
    locked.state_changed_at = now
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
    locked.save()
    label = actor.username if actor is not None else ("asker" if action.by == "asker" else "system")
    Transition.objects.create(
        question=locked,
        action=name,
        from_state=previous,
        to_state=action.target,
        actor=actor,
        actor_label=label,
        comment=comment,
        created_at=now,
    )
    record(
        f"articles.question_{name}",
        actor=actor,
        target=locked,
        reason=comment,
        data={"from": previous, "to": action.target},
        request=request,
    )
    question.refresh_from_db()
    return question


def ask(
    *,
    asker: User | None,
    email: str,
    body: str,
    about: str,
    age_range: str,
    may_publish: bool,
    request: HttpRequest | None = None,
) -> Question:
    """Send the column a question. A visitor's question waits until they confirm their email."""
    if asker is not None and not permissions.can_ask(asker):
        raise TransitionRefused(
            "Please confirm your email address first: we sent you a link when you joined."
        )
    About(about)
    AgeRange(age_range)
    confirmed = asker is not None
    now = timezone.now()
    with transaction.atomic():
        question = Question.objects.create(
            asker=asker,
            email=asker.email if asker is not None else email,
            email_confirmed_at=now if confirmed else None,
            body=body,
            about=about,
            age_range=age_range,
            may_publish=may_publish,
            state=State.SUBMITTED if confirmed else State.UNCONFIRMED,
            state_changed_at=now,
            created_at=now,
        )
        Transition.objects.create(
            question=question,
            action="ask",
            from_state="",
            to_state=question.state,
            actor=asker,
            actor_label=asker.username if asker is not None else "asker",
            created_at=now,
        )
        record(
            "articles.question_asked",
            actor=asker,
            target=question,
            data={"to": question.state},
            request=request,
        )
    if confirmed:
        _email_received(question)
    else:
        queue_email(
            "articles/email/confirm",
            question.email,
            {"confirm_url": confirm_url(question), "days": CONFIRM_MAX_AGE // 86400},
        )
    return question


def _email_received(question: Question) -> None:
    queue_email("articles/email/received", question.email, {"status_url": status_url(question)})


def confirm_email(question: Question, *, request: HttpRequest | None = None) -> bool:
    """The asker opened the confirmation link. True when this confirmed it (False if already)."""
    if question.state != State.UNCONFIRMED:
        return False
    with transaction.atomic():
        _move(
            question,
            "confirm",
            actor=None,
            request=request,
            changes={"email_confirmed_at": timezone.now()},
        )
    _email_received(question)
    return True


def triage(
    question: Question, *, by: User, comment: str = "", request: HttpRequest | None = None
) -> Question:
    with transaction.atomic():
        return _move(question, "triage", actor=by, comment=comment, request=request)


def decline(
    question: Question, *, by: User, reason: str, request: HttpRequest | None = None
) -> Question:
    if not reason.strip():
        raise TransitionRefused("Please write a reason: the asker is told it.")
    with transaction.atomic():
        _move(
            question,
            "decline",
            actor=by,
            comment=reason,
            request=request,
            changes={"decline_reason": reason.strip()},
        )
    queue_email(
        "articles/email/declined",
        question.email,
        {"reason": question.decline_reason, "status_url": status_url(question)},
    )
    if question.asker is not None:
        notify(
            question.asker,
            "column",
            title="The column cannot answer your question; the editor explains why.",
            url=reverse("articles:status", args=[status_token(question)]),
            actor=by,
            email=False,
        )
    return question


def assign(
    question: Question,
    *,
    by: User,
    expert: User,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Question:
    if not permissions.is_expert(expert):
        raise TransitionRefused(f"{expert.name} is not one of the column's experts.")
    with transaction.atomic():
        _move(
            question,
            "assign",
            actor=by,
            comment=comment,
            request=request,
            changes={"expert": expert},
        )
        notify(
            expert,
            "column",
            title="A reader's question is waiting for your answer.",
            url=reverse("articles:desk_question", args=[question.pk]),
            actor=by,
        )
    return question


def answer(
    question: Question,
    *,
    by: User,
    text: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Question:
    if not text.strip():
        raise TransitionRefused("Please write the answer.")
    with transaction.atomic():
        _move(
            question,
            "answer",
            actor=by,
            comment=comment,
            request=request,
            changes={"answer": text},
        )
        last_assigner = question.transitions.filter(action="assign").select_related("actor").last()
        if last_assigner is not None and last_assigner.actor is not None:
            notify(
                last_assigner.actor,
                "column",
                title=f"{by.name} answered {question}.",
                url=reverse("articles:desk_question", args=[question.pk]),
                actor=by,
            )
    return question


def send_back(
    question: Question, *, by: User, comment: str, request: HttpRequest | None = None
) -> Question:
    if not comment.strip():
        raise TransitionRefused("Please tell the expert what to change.")
    with transaction.atomic():
        _move(question, "send_back", actor=by, comment=comment, request=request)
        if question.expert is not None:
            notify(
                question.expert,
                "column",
                title=f"The editor sent {question} back to you: {comment}"[:300],
                url=reverse("articles:desk_question", args=[question.pk]),
                actor=by,
            )
    return question


def edit(
    question: Question,
    *,
    by: User,
    title: str,
    public_question: str,
    answer_text: str,
    group: Group,
    tag_names: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Question:
    """The editor's version: a title, the anonymised question, the answer, group and tags."""
    with transaction.atomic():
        return _move(
            question,
            "edit",
            actor=by,
            comment=comment,
            request=request,
            changes={
                "title": title.strip(),
                "public_question": public_question,
                "answer": answer_text,
                "group": group,
                "tag_names": ", ".join(_clean_tags(tag_names)),
                "publish_at": None,
                "scheduled_by": None,
            },
        )


def _clean_tags(tag_names: str) -> list[str]:
    seen: dict[str, str] = {}
    for name in tag_names.split(","):
        name = " ".join(name.split())[:60]
        if name and slugify(name) and slugify(name) not in seen:
            seen[slugify(name)] = name
    return list(seen.values())


def publish(
    question: Question,
    *,
    by: User,
    at: datetime | None = None,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Question:
    """Publish now, or schedule for `at`; the worker publishes a scheduled question on time."""
    now = timezone.now()
    if at is not None and at > now:
        with transaction.atomic():
            _move(
                question,
                "schedule",
                actor=by,
                comment=comment,
                request=request,
                changes={"publish_at": at, "scheduled_by": by},
            )
        from carecommons.articles.tasks import publish_scheduled, schedule_task

        schedule_task(publish_scheduled, at, question.pk)
        return question
    with transaction.atomic():
        _move(question, "publish", actor=by, comment=comment, request=request)
        article = _create_article(question, author=by, at=now)
    _tell_asker_published(question, article, by)
    return question


def publish_due(question_id: int) -> bool:
    """The worker's side of scheduling: publish if still scheduled and due. True if it did."""
    question = Question.objects.filter(pk=question_id).first()
    now = timezone.now()
    if (
        question is None
        or question.state != State.SCHEDULED
        or question.publish_at is None
        or question.publish_at > now
    ):
        return False
    author = question.scheduled_by or question.expert
    assert author is not None
    with transaction.atomic():
        _move(question, "publish_scheduled", actor=None, comment="published on schedule")
        article = _create_article(question, author=author, at=question.publish_at)
    _tell_asker_published(question, article, None)
    return True


def _about_label(question: Question) -> str:
    who = {
        About.SELF: "A reader asks about themselves",
        About.CHILD: "A parent asks about their child",
        About.PARTNER: "A reader asks about their partner",
        About.OTHER: "A reader asks about someone they care for",
    }[About(question.about)]
    return f"{who}, {AgeRange(question.age_range).label.lower()}"


def _create_article(question: Question, *, author: User, at: datetime) -> Article:
    if question.group is None or question.expert is None or not question.title:
        raise TransitionRefused("Edit the question first: it needs a title, a group and an expert.")
    article = Article.objects.create(
        question=question,
        title=question.title,
        question_text=question.public_question,
        question_html=render(question.public_question),
        about_label=_about_label(question),
        answer=question.answer,
        answer_html=render(question.answer),
        expert=question.expert,
        group=question.group,
        published_at=at,
        reading_grade=flesch_kincaid(question.answer).grade,
    )
    article.tags.set([_tag(name) for name in question.tag_list])
    try:
        discussion = community.create_discussion(
            author=author,
            group=question.group,
            title=f"Share your experience: {question.title}"[:200],
            body=_discussion_body(article),
            at=at,
        )
    except community.PostRefused as refusal:
        raise TransitionRefused(refusal.message) from refusal
    article.discussion = discussion
    article.save(update_fields=["discussion"])
    _index(article)
    return article


def _discussion_body(article: Article) -> str:
    return (
        f"{article.expert.name} answered a reader's question in our expert column: "
        f"[{article.title}]({article.get_absolute_url()}).\n\n"
        "Have you been through something similar? Share your experience here. Members share "
        "what they have lived, not medical advice: for decisions about care, talk to your "
        "care team."
    )


def _tag(name: str) -> Tag:
    tag, _ = Tag.objects.get_or_create(slug=slugify(name)[:60], defaults={"name": name})
    return tag


def reindex_published() -> None:
    """Register every published article with search again (search is rebuilding its index)."""
    due = Article.objects.filter(published_at__lte=timezone.now()).select_related("group")
    for article in due.iterator():
        _index(article)


def _index(article: Article) -> None:
    """Keep site search in step, inside the publishing transaction (search's registration API).

    Only what every reader sees is indexed: the title, the anonymised question and the answer.
    """
    search.index_document(
        kind="article",
        object_id=article.pk,
        title=article.title,
        body=search.plain(f"{article.question_text}\n\n{article.answer}"),
        url=article.get_absolute_url(),
        public=True,
        group_id=article.group_id,
        group_name=article.group.name,
        author_id=article.expert_id,
        created_at=article.published_at,
        has_expert_answer=True,
    )


def _tell_asker_published(question: Question, article: Article, by: User | None) -> None:
    queue_email(
        "articles/email/published",
        question.email,
        {
            "title": article.title,
            "article_url": settings.SITE_URL + article.get_absolute_url(),
            "status_url": status_url(question),
        },
    )
    if question.asker is not None:
        notify(
            question.asker,
            "column",
            title=f"Your question is published: {article.title}",
            url=article.get_absolute_url(),
            actor=by,
            email=False,
        )


def update(
    question: Question,
    *,
    by: User,
    note: str,
    answer_text: str | None = None,
    request: HttpRequest | None = None,
) -> Question:
    """Correct a published article: a dated note readers see, and optionally a new answer."""
    if not note.strip():
        raise TransitionRefused("Please write the correction note readers will see.")
    now = timezone.now()
    with transaction.atomic():
        changes: dict[str, Any] = {}
        if answer_text is not None and answer_text.strip():
            changes["answer"] = answer_text
        _move(question, "update", actor=by, comment=note, request=request, changes=changes)
        article = Article.objects.get(question=question)
        Correction.objects.create(article=article, note=note.strip(), by=by, created_at=now)
        article.updated_at = now
        if "answer" in changes:
            article.answer = answer_text or article.answer
            article.answer_html = render(article.answer)
            article.reading_grade = flesch_kincaid(article.answer).grade
        article.save()
        _index(article)
    return question


def withdraw(question: Question, *, request: HttpRequest | None = None) -> Question:
    """The asker takes their question back; it leaves every queue."""
    with transaction.atomic():
        return _move(
            question, "withdraw", actor=None, comment="withdrawn by the asker", request=request
        )


def record_desk_view(viewer: User, question: Question, request: HttpRequest | None = None) -> None:
    """Staff reading a private question is audit-logged."""
    record("articles.question_viewed", actor=viewer, target=question, request=request)
