"""The published side: article page, index, expert pages, feed and sitemap."""

from __future__ import annotations

from datetime import timedelta

import feedparser
from django.utils import timezone

from carecommons.articles import services
from carecommons.articles.models import Article
from tests.articles.conftest import QUESTION_TEXT
from tests.factories import ReplyFactory

PRIVATE = QUESTION_TEXT[:40].replace("'", "&#x27;")


def test_the_article_page(client, at_state, expert, other_member):
    question = at_state("updated")
    article = question.article
    ReplyFactory(author=other_member, discussion=article.discussion, body="Same here at 11 months.")
    page = client.get(article.get_absolute_url()).content.decode()
    for text in [
        article.title,
        "The question",
        "The answer",
        "Dr. Eve Example",
        "Pediatric Hematology",
        "Example Children&#x27;s Hospital",
        'class="badge badge-expert"',
        "Updated",
        "We clarified when to call.",
        "neutropenia",
        "Blood disorders",
        "reading level",
        "Share your experience",
        "Same here at 11 months.",
        "A parent asks about their child, under 2 years",
        "articles/articles.css",
    ]:
        assert text in page, text
    assert PRIVATE not in page  # the reader's own words never appear


def test_a_wrong_slug_redirects_and_unpublished_is_not_found(client, at_state):
    article = at_state("published").article
    response = client.get(f"/articles/{article.pk}/wrong-slug/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get("/articles/999/nothing/").status_code == 404


def test_drafts_are_invisible_everywhere_public(client, at_state, member):
    for state in ["submitted", "assigned", "answered", "edited", "scheduled"]:
        at_state(state)
    assert not Article.objects.exists()
    for user in [None, member]:
        if user:
            client.force_login(user)
        for url in ["/articles/", "/articles/feed/", "/sitemap.xml"]:
            body = client.get(url).content.decode()
            assert "toddler" not in body.lower() and PRIVATE not in body


def test_future_articles_stay_hidden_until_their_time(client, at_state):
    article = at_state("published").article
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/articles/").content.decode()
    assert not feedparser.parse(client.get("/articles/feed/").content).entries


def test_the_index_filters_by_tag_and_paginates(client, at_state, editor, public_group):
    first = at_state("published").article
    for number in range(11):
        question = at_state("edited")
        services.edit(
            question,
            by=editor,
            title=f"Another answered question number {number}",
            public_question=question.public_question,
            answer_text=question.answer,
            group=public_group,
            tag_names="lymphocytes",
        )
        services.publish(question, by=editor)
    page_one = client.get("/articles/").content.decode()
    assert "Page 1 of 2" in page_one
    assert first.title not in page_one  # the oldest is on page 2
    assert first.title in client.get("/articles/?page=2").content.decode()
    tagged = client.get("/articles/?tag=neutropenia").content.decode()
    assert first.title in tagged and "number 3" not in tagged
    assert client.get("/articles/?tag=nothing-here").status_code == 404


def test_the_expert_page(client, at_state, expert, member):
    article = at_state("published").article
    page = client.get(f"/experts/{expert.username}/").content.decode()
    for text in [
        "Dr. Eve Example",
        "MD",
        "Pediatric Hematology",
        "Example Children",
        article.title,
    ]:
        assert text in page
    assert 'class="avatar avatar-lg"' in page
    assert client.get(f"/experts/{member.username}/").status_code == 404


def test_the_atom_feed_parses(client, at_state):
    article = at_state("updated").article
    response = client.get("/articles/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == article.title
    assert entry.link.endswith(article.get_absolute_url())
    assert entry.author == "Dr. Eve Example"
    assert {tag.term for tag in entry.tags} == {"neutropenia", "children"}
    assert "The answer" not in entry.summary or "Answer" in entry.summary


def test_the_sitemap_lists_articles_and_their_discussion(client, at_state):
    article = at_state("published").article
    body = client.get("/sitemap.xml").content.decode()
    assert article.get_absolute_url() in body
    assert article.discussion.get_absolute_url() in body
