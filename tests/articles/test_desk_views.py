"""The desk over HTTP: queues, the workspace, and every action checked on the server."""

from __future__ import annotations

import pytest

from carecommons.articles import services
from carecommons.articles.models import Article
from carecommons.audit.models import AuditEntry
from tests.articles.conftest import ANSWER_TEXT, QUESTION_TEXT

PRIVATE_WORDS = QUESTION_TEXT[:40].replace("'", "&#x27;")
OUTSIDERS = ["mentor", "moderator", "coordinator", "registry_staff"]


def test_anonymous_visitors_are_sent_to_sign_in(client, at_state):
    question = at_state("assigned")
    for url in ["/articles/desk/", f"/articles/desk/{question.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/articles/desk/{question.pk}/answer/", {"answer-answer": ANSWER_TEXT})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "assigned"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_members_and_other_staff_see_nothing(client, staff, at_state, role, member):
    question = at_state("answered")
    for user in [staff[role], member]:
        client.force_login(user)
        assert client.get("/articles/desk/").status_code == 403
        response = client.get(f"/articles/desk/{question.pk}/")
        assert response.status_code == 404
        assert PRIVATE_WORDS not in response.content.decode()
        response = client.post(f"/articles/desk/{question.pk}/edit/", {})
        assert response.status_code == 404


def test_the_asker_as_a_member_cannot_open_the_desk_page(client, at_state, member):
    question = at_state("answered", asker=member)
    client.force_login(member)
    assert client.get(f"/articles/desk/{question.pk}/").status_code == 404


def test_an_expert_sees_only_their_own_assignments(client, at_state, expert, other_expert):
    mine = at_state("assigned")
    waiting = at_state("submitted")
    client.force_login(other_expert)
    page = client.get("/articles/desk/").content.decode()
    assert str(mine) not in page and str(waiting) not in page
    assert client.get(f"/articles/desk/{mine.pk}/").status_code == 404
    client.force_login(expert)
    page = client.get("/articles/desk/").content.decode()
    assert f"/articles/desk/{mine.pk}/" in page
    assert f"/articles/desk/{waiting.pk}/" not in page
    assert client.get(f"/articles/desk/{waiting.pk}/").status_code == 404


def test_the_editor_queue_counts_and_orders_oldest_first(client, editor, at_state):
    first = at_state("submitted")
    second = at_state("submitted")
    at_state("assigned")
    withdrawn = at_state("withdrawn")
    unconfirmed = at_state("unconfirmed")
    client.force_login(editor)
    page = client.get("/articles/desk/").content.decode()
    assert "Submitted: <strong>2</strong>" in page
    assert "With an expert: <strong>1</strong>" in page
    assert page.index(f"/articles/desk/{first.pk}/") < page.index(f"/articles/desk/{second.pk}/")
    assert f"/articles/desk/{withdrawn.pk}/" not in page
    assert f"/articles/desk/{unconfirmed.pk}/" not in page
    assert client.get(f"/articles/desk/{withdrawn.pk}/").status_code == 404


def test_opening_a_question_is_audited_and_shows_the_tools(client, editor, at_state):
    question = at_state("answered")
    client.force_login(editor)
    page = client.get(f"/articles/desk/{question.pk}/").content.decode()
    assert PRIVATE_WORDS in page
    assert "Edit for publication" in page and "Check for identifying details" in page
    assert AuditEntry.objects.filter(
        action="articles.question_viewed", actor=editor, target_id=str(question.pk)
    ).exists()


def test_identifiers_are_highlighted_for_the_editor(client, editor, member, expert):
    question = services.ask(
        asker=member,
        email="",
        body="My son Oliver in Millbrook had an ANC of 310 on 12/01/2024. Is that bad?",
        about="child",
        age_range="baby",
        may_publish=True,
    )
    services.triage(question, by=editor)
    services.assign(question, by=editor, expert=expert)
    services.answer(question, by=expert, text=ANSWER_TEXT)
    client.force_login(editor)
    page = client.get(f"/articles/desk/{question.pk}/").content.decode()
    assert '<mark class="identifier identifier-name" title="possible name">Oliver' in page
    assert "identifier-place" in page and "identifier-exact-date" in page


def test_expert_suggestions_are_listed_by_specialty(client, editor, at_state, expert, other_expert):
    question = at_state("triaged")
    client.force_login(editor)
    page = client.get(f"/articles/desk/{question.pk}/").content.decode()
    assert page.index("Dr. Eve Example") < page.index("Dr. Oz Other")
    assert "cares for children" in page


def test_the_full_path_through_the_desk(client, editor, expert, at_state, public_group):
    question = at_state("submitted")
    base = f"/articles/desk/{question.pk}"
    client.force_login(editor)
    assert client.post(f"{base}/triage/", {"triage-comment": "ok"}).status_code == 302
    assert client.post(f"{base}/assign/", {"assign-expert": expert.pk}).status_code == 302
    client.force_login(expert)
    response = client.post(f"{base}/answer/", {"answer-answer": ANSWER_TEXT})
    assert response.status_code == 302 and response["Location"] == "/articles/desk/"
    client.force_login(editor)
    edit = {
        "edit-title": "A toddler with a very low count",
        "edit-public_question": "My toddler's count was 310. What does that mean?",
        "edit-answer": ANSWER_TEXT,
        "edit-group": public_group.pk,
        "edit-tags": "neutropenia",
    }
    assert client.post(f"{base}/edit/", edit).status_code == 302
    assert client.post(f"{base}/publish/", {"publish-comment": "go"}).status_code == 302
    question.refresh_from_db()
    assert question.state == "published"
    assert client.get(question.article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("state", "action", "data"),
    [
        ("submitted", "triage", {}),
        ("triaged", "decline", {"decline-reason": "no"}),
        ("triaged", "assign", {}),
        ("assigned", "answer", {"answer-answer": ANSWER_TEXT}),
        ("answered", "send_back", {"send_back-comment": "more"}),
        ("answered", "edit", {}),
        ("edited", "publish", {}),
        ("published", "update", {"update-note": "fixed"}),
    ],
)
def test_each_action_refuses_the_wrong_role(
    client, state, action, data, at_state, editor, expert, other_expert
):
    question = at_state(state)
    # Editors do not answer; experts do not run the desk; an expert acts only on their own.
    wrong_people = [editor, other_expert] if action == "answer" else [expert, other_expert]
    for user in wrong_people:
        client.force_login(user)
        response = client.post(f"/articles/desk/{question.pk}/{action}/", data)
        assert response.status_code in {403, 404}
        question.refresh_from_db()
        assert question.state == state


def test_invalid_desk_input_is_400_with_the_text_kept(client, editor, expert, at_state):
    question = at_state("assigned")
    client.force_login(expert)
    response = client.post(
        f"/articles/desk/{question.pk}/answer/", {"answer-answer": "Too short to help."}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "needs at least 50 characters" in page and "Too short to help." in page
    question = at_state("triaged")
    client.force_login(editor)
    response = client.post(f"/articles/desk/{question.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400 and "Please write a note." in response.content.decode()
    response = client.post(f"/articles/desk/{question.pk}/assign/", {"assign-expert": editor.pk})
    assert response.status_code == 400
    assert "Please choose one of the column" in response.content.decode()


def test_publishing_in_the_past_is_refused_and_the_future_schedules(client, editor, at_state):
    question = at_state("edited")
    client.force_login(editor)
    url = f"/articles/desk/{question.pk}/publish/"
    response = client.post(url, {"publish-publish_at": "2001-01-01T09:00"})
    assert response.status_code == 400 and "That time has passed" in response.content.decode()
    response = client.post(url, {"publish-publish_at": "2999-01-01T09:00"}, follow=True)
    assert "Scheduled for" in response.content.decode()
    question.refresh_from_db()
    assert question.state == "scheduled"
    assert not Article.objects.filter(question=question).exists()


def test_an_unknown_action_is_not_found(client, editor, at_state):
    question = at_state("submitted")
    client.force_login(editor)
    assert client.post(f"/articles/desk/{question.pk}/explode/").status_code == 404
    assert client.get(f"/articles/desk/{question.pk}/triage/").status_code == 405
