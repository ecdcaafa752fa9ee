"""The editorial workflow through the services: every step recorded, audited and told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carecommons.articles import services, tasks
from carecommons.articles.models import Article, Question, Transition
from carecommons.audit.models import AuditEntry
from carecommons.community.models import Discussion
from carecommons.notifications.models import Notification
from tests.articles.conftest import ANSWER_TEXT, ask, move_to


def test_a_visitor_question_waits_for_email_confirmation(db):
    question = ask(None, email="visitor@example.org")
    assert question.state == "unconfirmed"
    assert question.email_confirmed_at is None
    assert mail.outbox[-1].to == ["visitor@example.org"]
    assert "/ask/confirm/" in mail.outbox[-1].body
    assert services.confirm_email(question)
    assert question.state == "submitted" and question.email_confirmed_at is not None
    assert "/ask/status/" in mail.outbox[-1].body
    assert not services.confirm_email(question)  # a second click changes nothing


def test_a_member_question_is_submitted_at_once_with_a_status_link(member):
    question = ask(member)
    assert question.state == "submitted"
    assert question.email == member.email
    assert "/ask/status/" in mail.outbox[-1].body


def test_an_unconfirmed_member_cannot_ask(unverified):
    with pytest.raises(services.TransitionRefused, match="confirm your email"):
        ask(unverified)
    assert not Question.objects.exists()


def test_the_whole_path_records_every_transition(member, editor, expert, public_group):
    question = move_to(ask(member), "updated", editor=editor, expert=expert, group=public_group)
    steps = list(question.transitions.values_list("action", "from_state", "to_state"))
    assert steps == [
        ("ask", "", "submitted"),
        ("triage", "submitted", "triaged"),
        ("assign", "triaged", "assigned"),
        ("answer", "assigned", "answered"),
        ("edit", "answered", "edited"),
        ("publish", "edited", "published"),
        ("update", "published", "updated"),
    ]
    actors = list(question.transitions.values_list("actor_label", flat=True))
    assert (
        actors
        == [member.username, editor.username, editor.username, expert.username]
        + [editor.username] * 3
    )
    audited = set(
        AuditEntry.objects.filter(target_type="articles.question").values_list("action", flat=True)
    )
    assert {
        "articles.question_triage",
        "articles.question_assign",
        "articles.question_answer",
        "articles.question_edit",
        "articles.question_publish",
        "articles.question_update",
    } <= audited
    # The audit log names the question, never the reader's words.
    assert not AuditEntry.objects.filter(target_label__icontains="neutrophil").exists()


def test_publishing_creates_the_article_and_a_normal_discussion(
    member, editor, expert, public_group
):
    question = move_to(ask(member), "published", editor=editor, expert=expert, group=public_group)
    article = Article.objects.get(question=question)
    assert article.expert == expert and article.group == public_group
    assert "ear infections" in article.question_text
    assert "14 months" not in article.question_text  # the editor's version, not the reader's
    assert sorted(t.name for t in article.tags.all()) == ["children", "neutropenia"]
    assert article.reading_grade < 12
    discussion = article.discussion
    assert isinstance(discussion, Discussion)
    assert discussion.group == public_group and discussion.is_published
    assert discussion.title.startswith("Share your experience")
    assert article.get_absolute_url() in discussion.body
    public_group.refresh_from_db()
    assert public_group.discussion_count == 1
    published_mail = mail.outbox[-1]
    assert published_mail.to == [member.email]
    assert article.get_absolute_url() in published_mail.body
    assert Notification.objects.filter(recipient=member, url=article.get_absolute_url()).exists()


def test_assigning_notifies_the_expert_and_answering_notifies_the_editor(
    member, editor, expert, public_group
):
    question = move_to(ask(member), "assigned", editor=editor, expert=expert)
    assert Notification.objects.filter(recipient=expert, kind="column").exists()
    services.answer(question, by=expert, text=ANSWER_TEXT)
    assert Notification.objects.filter(recipient=editor, kind="column").exists()


def test_declining_tells_the_asker_the_reason(member, editor):
    question = ask(member)
    with pytest.raises(services.TransitionRefused, match="reason"):
        services.decline(question, by=editor, reason="  ")
    services.decline(question, by=editor, reason="Please ask your own care team about doses.")
    assert question.state == "declined"
    assert "your own care team about doses" in mail.outbox[-1].body
    assert Transition.objects.filter(question=question, action="decline").get().comment


def test_wrong_state_and_wrong_person_are_refused(member, editor, expert, other_expert):
    question = ask(member)
    with pytest.raises(services.TransitionRefused, match="cannot be moved"):
        services.answer(question, by=expert, text=ANSWER_TEXT)
    services.triage(question, by=editor)
    with pytest.raises(services.TransitionRefused, match="is triaged now"):
        services.triage(question, by=editor)  # already triaged: wrong state
    with pytest.raises(services.TransitionRefused, match="not allowed"):
        services.assign(question, by=expert, expert=expert)  # experts do not assign
    with pytest.raises(services.TransitionRefused, match="not one of"):
        services.assign(question, by=editor, expert=member)
    services.assign(question, by=editor, expert=expert)
    with pytest.raises(services.TransitionRefused, match="not allowed"):
        services.answer(question, by=other_expert, text=ANSWER_TEXT)
    assert question.transitions.count() == 3


def test_send_back_returns_the_question_to_the_expert(member, editor, expert, public_group):
    question = move_to(ask(member), "answered", editor=editor, expert=expert)
    services.send_back(question, by=editor, comment="Please add when to call.")
    assert question.state == "assigned"
    services.answer(question, by=expert, text=ANSWER_TEXT + " Call at any hour.")
    assert question.state == "answered" and question.answer.endswith("any hour.")


def test_no_publishing_without_the_askers_consent(member, editor, expert, public_group):
    question = move_to(
        ask(member, may_publish=False), "edited", editor=editor, expert=expert, group=public_group
    )
    with pytest.raises(services.TransitionRefused, match="not allowed"):
        services.publish(question, by=editor)
    assert not Article.objects.exists()


def test_withdrawal_leaves_the_queue_and_cannot_be_undone(member, editor, expert):
    question = move_to(ask(member), "assigned", editor=editor, expert=expert)
    services.withdraw(question)
    assert question.state == "withdrawn"
    with pytest.raises(services.TransitionRefused):
        services.withdraw(question)
    with pytest.raises(services.TransitionRefused):
        services.answer(question, by=expert, text=ANSWER_TEXT)


def test_a_correction_is_dated_and_can_replace_the_answer(member, editor, expert, public_group):
    question = move_to(ask(member), "published", editor=editor, expert=expert, group=public_group)
    with pytest.raises(services.TransitionRefused, match="correction note"):
        services.update(question, by=editor, note="")
    services.update(
        question,
        by=editor,
        note="We added the fever threshold.",
        answer_text=ANSWER_TEXT + " 38 C.",
    )
    article = Article.objects.get(question=question)
    assert article.updated_at is not None
    assert article.corrections.get().note == "We added the fever threshold."
    assert article.answer.endswith("38 C.")


def test_status_links_are_signed_and_specific(member):
    question = ask(member)
    token = services.status_token(question)
    assert services.question_from_token(token) == question
    assert services.question_from_token(token + "x") is None
    assert services.question_from_token(token, confirm=True) is None  # wrong salt
    Question.objects.filter(pk=question.pk).update(access_key="rotated")
    assert services.question_from_token(token) is None


class TestScheduledPublication:
    def test_scheduling_enqueues_a_task_that_runs_after_the_publish_time(
        self, settings, member, editor, expert, public_group
    ):
        settings.TASKS = {
            "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"},
        }
        from django.tasks import default_task_backend

        question = move_to(ask(member), "edited", editor=editor, expert=expert, group=public_group)
        when = timezone.now() + timedelta(days=1)
        services.publish(question, by=editor, at=when)
        assert question.state == "scheduled"
        assert question.publish_at == when and question.scheduled_by == editor
        [result] = [
            r for r in default_task_backend.results if r.task.func is tasks.publish_scheduled.func
        ]
        assert result.task.run_after == when
        assert result.args == [question.pk]
        default_task_backend.clear()

    def test_the_task_publishes_only_when_due_and_still_scheduled(
        self, member, editor, expert, public_group
    ):
        question = move_to(ask(member), "edited", editor=editor, expert=expert, group=public_group)
        services.publish(question, by=editor, at=timezone.now() + timedelta(hours=3))
        assert tasks.publish_scheduled.call(question.pk) is False  # not due yet
        assert not Article.objects.exists()
        Question.objects.filter(pk=question.pk).update(
            publish_at=timezone.now() - timedelta(minutes=1)
        )
        assert tasks.publish_scheduled.call(question.pk) is True
        question.refresh_from_db()
        assert question.state == "published"
        article = Article.objects.get(question=question)
        assert article.discussion is not None and article.discussion.author == editor
        assert question.transitions.last().actor_label == "system"
        assert tasks.publish_scheduled.call(question.pk) is False  # runs once

    def test_editing_a_scheduled_question_cancels_the_schedule(
        self, member, editor, expert, public_group
    ):
        question = move_to(ask(member), "edited", editor=editor, expert=expert, group=public_group)
        services.publish(question, by=editor, at=timezone.now() + timedelta(hours=3))
        move_to_edit = question.public_question
        services.edit(
            question,
            by=editor,
            title=question.title,
            public_question=move_to_edit,
            answer_text=question.answer,
            group=public_group,
            tag_names="",
        )
        Question.objects.filter(pk=question.pk).update(
            publish_at=timezone.now() - timedelta(minutes=1)
        )
        assert tasks.publish_scheduled.call(question.pk) is False
        assert not Article.objects.exists()


def test_published_articles_are_in_site_search_and_drafts_never(
    member, editor, expert, public_group
):
    from carecommons.search.models import SearchDocument

    draft = move_to(ask(member), "edited", editor=editor, expert=expert, group=public_group)
    assert not SearchDocument.objects.filter(kind="article").exists()
    services.publish(draft, by=editor)
    document = SearchDocument.objects.get(kind="article")
    article = Article.objects.get(question=draft)
    assert document.object_id == article.pk and document.public
    assert document.url == article.get_absolute_url()
    assert "ear infections" in document.body and "14 months" not in document.body
    # Its discussion is indexed like any discussion, by the community hooks.
    assert SearchDocument.objects.filter(
        kind="discussion", object_id=article.discussion_id
    ).exists()
