"""The read side of the column: every query a page needs, with its joins, lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from carecommons.accounts.models import RoleGrant, User
from carecommons.accounts.roles import Role
from carecommons.articles import matching, permissions
from carecommons.articles.models import Article, Question, State, Tag
from carecommons.community.models import PostStatus, Reply

EDITOR_QUEUE_STATES = [
    State.SUBMITTED,
    State.TRIAGED,
    State.ASSIGNED,
    State.ANSWERED,
    State.EDITED,
    State.SCHEDULED,
]
EXPERT_QUEUE_STATES = [State.ASSIGNED]


def _roles() -> Prefetch[Any]:
    return Prefetch("role_grants", queryset=RoleGrant.objects.only("user_id", "role"))


# --- the public side --------------------------------------------------------------------


def published_articles(tag: Tag | None = None) -> QuerySet[Article]:
    """Articles whose publication time has passed, newest first."""
    articles = (
        Article.objects.filter(published_at__lte=timezone.now())
        .select_related("expert", "group")
        .prefetch_related("tags")
        .order_by("-published_at", "-id")
    )
    if tag is not None:
        articles = articles.filter(tags=tag)
    return articles


def get_article(pk: int) -> Article | None:
    return (
        Article.objects.filter(pk=pk, published_at__lte=timezone.now())
        .select_related("expert", "group", "discussion")
        .prefetch_related("tags", "corrections", Prefetch("expert__role_grants"))
        .first()
    )


def tags_in_use() -> QuerySet[Tag]:
    return (
        Tag.objects.filter(articles__published_at__lte=timezone.now())
        .annotate(article_count=Count("articles"))
        .order_by("name")
    )


def recent_replies(article: Article, limit: int = 3) -> list[Reply]:
    if article.discussion_id is None:
        return []
    replies = (
        Reply.objects.filter(
            discussion_id=article.discussion_id,
            status=PostStatus.PUBLISHED,
            deleted_at__isnull=True,
        )
        .select_related("author")
        .prefetch_related(Prefetch("author__role_grants"))
        .order_by("-number")[:limit]
    )
    return list(reversed(replies))


def get_expert(username: str) -> User | None:
    return (
        User.objects.filter(
            username__iexact=username, is_active=True, role_grants__role=Role.EXPERT
        )
        .prefetch_related(_roles())
        .first()
    )


def expert_articles(expert: User) -> QuerySet[Article]:
    return published_articles().filter(expert=expert)


# --- the desk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSection:
    state: str
    label: str
    questions: list[Question]

    @property
    def count(self) -> int:
        return len(self.questions)


def _queue(questions: QuerySet[Question], states: list[State]) -> list[QueueSection]:
    rows = list(
        questions.filter(state__in=states)
        .select_related("expert")
        .order_by("state_changed_at", "id")
    )
    return [
        QueueSection(state, state.label, [q for q in rows if q.state == state]) for state in states
    ]


def editor_queue() -> list[QueueSection]:
    """Every open question, grouped by state, oldest (longest waiting) first."""
    return _queue(Question.objects.all(), EDITOR_QUEUE_STATES)


def expert_queue(expert: User) -> list[QueueSection]:
    """Only what is assigned to this expert and waiting for their answer."""
    return _queue(Question.objects.filter(expert=expert), EXPERT_QUEUE_STATES)


def expert_answered(expert: User) -> QuerySet[Question]:
    return Question.objects.filter(
        expert=expert, state__in=[State.ANSWERED, State.EDITED, State.SCHEDULED]
    ).order_by("state_changed_at", "id")


def question_for_desk(pk: int) -> Question | None:
    return (
        Question.objects.select_related("expert", "group", "asker", "article")
        .prefetch_related(
            Prefetch("transitions__actor"),
        )
        .filter(pk=pk)
        .first()
    )


def experts() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_grants__role=Role.EXPERT)
        .annotate(
            open_assignments=Count(
                "assigned_questions",
                filter=Q(assigned_questions__state__in=sorted(permissions.EXPERT_VISIBLE)),
            )
        )
        .order_by("display_name", "username")
    )


@dataclass(frozen=True)
class ExpertSuggestion:
    expert: User
    score: int
    reasons: tuple[str, ...]


def suggested_experts(question: Question) -> list[ExpertSuggestion]:
    people = {expert.pk: expert for expert in experts()}
    candidates = [
        matching.Candidate(
            key=pk,
            specialty=person.specialty,
            open_assignments=getattr(person, "open_assignments", 0),
        )
        for pk, person in people.items()
    ]
    text = f"{question.body}\n{question.public_question}\n{question.tag_names}"
    return [
        ExpertSuggestion(people[s.key], s.score, s.reasons)
        for s in matching.suggest(text, question.age_range, candidates)
    ]


def waited(since: datetime, now: datetime | None = None) -> str:
    """How long an item has waited, in plain words."""
    seconds = max(0, int(((now or timezone.now()) - since).total_seconds()))
    if seconds < 3600:
        minutes = max(1, seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if seconds < 2 * 86400:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = seconds // 86400
    return f"{days} days"
