"""The question form, the confirmation link and the private status page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from carecommons.articles import services
from carecommons.articles.forms import QUESTION_MAX
from carecommons.articles.models import Question
from tests.articles.conftest import QUESTION_TEXT

VALID = {
    "body": QUESTION_TEXT,
    "about": "child",
    "age_range": "baby",
    "may_publish": "on",
    "email": "visitor@example.org",
}


def link_in(body: str, kind: str) -> str:
    match = re.search(rf"http://\S+(/ask/{kind}/\S+/)", body)
    assert match, body
    return match.group(1)


def test_the_form_shows_every_choice(client, db):
    page = client.get("/ask/").content.decode()
    for text in ["My child", "My partner", "Another person", "Under 2 years", "without my name"]:
        assert text in page


def test_a_visitor_asks_confirms_follows_and_withdraws(client, db):
    response = client.post("/ask/", VALID)
    assert response.status_code == 302 and response["Location"] == "/ask/thanks/"
    assert "Check your email" in client.get("/ask/thanks/").content.decode()
    question = Question.objects.get()
    assert question.state == "unconfirmed"
    confirm = link_in(mail.outbox[-1].body, "confirm")
    status = client.get(confirm, follow=True)
    page = status.content.decode()
    assert "your email address is confirmed" in page
    assert QUESTION_TEXT[:40] in page and "Received" in page
    assert "no-store" in status.headers["Cache-Control"]
    assert 'name="robots" content="noindex' in page
    question.refresh_from_db()
    assert question.state == "submitted"
    status_path = link_in(mail.outbox[-1].body, "status")
    withdrawn = client.post(status_path + "withdraw/", follow=True)
    assert "Your question is withdrawn" in withdrawn.content.decode()
    question.refresh_from_db()
    assert question.state == "withdrawn"
    assert "Withdraw my question" not in client.get(status_path).content.decode()


def test_a_signed_in_member_gets_the_status_link_at_once(client, member):
    client.force_login(member)
    response = client.post("/ask/", {k: v for k, v in VALID.items() if k != "email"}, follow=True)
    page = response.content.decode()
    assert "your question is with the editors" in page
    question = Question.objects.get()
    assert question.asker == member and question.state == "submitted"
    # The token carries a signing timestamp, so compare what it opens, not its text.
    status_path = re.search(r'href="(/ask/status/[^"/]+/)"', page)
    assert status_path, page
    assert services.question_from_token(status_path.group(1).split("/")[3]) == question


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"body": ""}, "Please write your question."),
        ({"body": "Too short?"}, "needs at least 20 characters"),
        ({"body": "x" * (QUESTION_MAX + 1)}, "can be at most 4,000 characters"),
        ({"about": ""}, "Please tell us who the question is about."),
        ({"age_range": ""}, "Please choose the age range"),
        ({"email": ""}, "Please give an email address"),
        ({"email": "not-an-address"}, "does not look complete"),
    ],
)
def test_bad_input_is_refused_clearly_and_keeps_the_text(client, db, change, message):
    data = {**VALID, **change}
    response = client.post("/ask/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'")
    assert "everything you typed is still here" in page
    if data["body"] and len(data["body"]) < 200:
        assert data["body"].replace("'", "&#x27;") in page
    assert not Question.objects.exists()


def test_an_unconfirmed_member_is_refused_and_keeps_the_text(client, unverified):
    client.force_login(unverified)
    response = client.post("/ask/", VALID)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Your email address is not confirmed yet" in page
    assert QUESTION_TEXT[:50].replace("'", "&#x27;") in page
    assert not Question.objects.exists()


def test_too_many_questions_are_rate_limited_with_the_text_kept(client, member, settings):
    settings.CARECOMMONS_RATE_LIMITS = {**settings.CARECOMMONS_RATE_LIMITS, "ask": (1, 3600)}
    client.force_login(member)
    data = {k: v for k, v in VALID.items() if k != "email"}
    assert client.post("/ask/", data).status_code == 302
    response = client.post("/ask/", data)
    assert response.status_code == 429
    assert "too often" in response.content.decode()
    assert Question.objects.count() == 1


def test_forged_and_expired_links_are_not_found(client, db):
    assert client.get("/ask/status/forged:token/").status_code == 404
    assert client.get("/ask/confirm/forged:token/").status_code == 404
    assert client.post("/ask/status/forged:token/withdraw/").status_code == 404


def test_a_declined_question_shows_the_reason_on_the_status_page(client, member, editor):
    question = services.ask(
        asker=member,
        email="",
        body=QUESTION_TEXT,
        about="self",
        age_range="adult",
        may_publish=True,
    )
    services.decline(question, by=editor, reason="We cannot advise on a single dose.")
    page = client.get(f"/ask/status/{services.status_token(question)}/").content.decode()
    assert "cannot answer this question" in page and "a single dose" in page
    assert "Withdraw my question" not in page


def test_the_status_page_shows_the_published_article(client, at_state):
    question = at_state("published")
    page = client.get(f"/ask/status/{services.status_token(question)}/").content.decode()
    assert "Your question is published" in page
    assert question.article.get_absolute_url() in page
