"""The results page: ranking, prefix and phrase search, filters, sort, pagination, snippets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from carecommons.search import services
from tests.factories import DiscussionFactory

URL = reverse("search:search")


def titles(response) -> list[str]:
    return [r.title for r in response.context["results"].results]


@pytest.mark.django_db
def test_finds_by_title_body_and_reply(client, corpus):
    assert titles(client.get(URL, {"q": "neutrophils"}))[0].startswith("Toddler")
    assert titles(client.get(URL, {"q": "daycare"}))[0].startswith("Toddler")
    assert titles(client.get(URL, {"q": "hematologist"}))[0].startswith("Toddler")


@pytest.mark.django_db
def test_prefix_matches_partial_words(client, corpus):
    assert titles(client.get(URL, {"q": "neutro"}))[0].startswith("Toddler")
    assert titles(client.get(URL, {"q": "infus"})) == ["Iron infusion and fatigue"]


@pytest.mark.django_db
def test_phrase_search_needs_the_words_together(client, corpus):
    assert titles(client.get(URL, {"q": '"iron infusion"'})) == ["Iron infusion and fatigue"]
    assert titles(client.get(URL, {"q": '"infusion iron"'})) == []


@pytest.mark.django_db
def test_title_match_ranks_above_body_match(client, member, public_group):
    DiscussionFactory(
        author=member,
        group=public_group,
        title="Mouth ulcers every few weeks",
        body="Long story about something else entirely, mentioning fever once.",
    )
    DiscussionFactory(
        author=member,
        group=public_group,
        title="Fever plan for our daughter",
        body="We wrote down what to do.",
    )
    assert titles(client.get(URL, {"q": "fever"}))[0] == "Fever plan for our daughter"


@pytest.mark.django_db
def test_snippet_marks_matches_and_escapes_member_text(client, member, public_group):
    DiscussionFactory(
        author=member,
        group=public_group,
        title="Script test discussion",
        body="<script>alert(1)</script> neutropenia <b>bold</b>",
    )
    response = client.get(URL, {"q": "neutropenia"})
    html = response.content.decode()
    assert "<mark>neutropenia</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html or "<b>bold</b>" not in html


@pytest.mark.django_db
def test_filters_group_type_author_dates_expert(client, corpus, public_group, member):
    assert titles(client.get(URL, {"q": "infusion", "author": "member_mo"})) == []
    assert titles(client.get(URL, {"q": "infusion", "author": "other_olu"})) == [
        "Iron infusion and fatigue"
    ]
    assert titles(client.get(URL, {"q": "neutrophils", "expert": "1"}))[0].startswith("Toddler")
    assert titles(client.get(URL, {"q": "infusion", "expert": "1"})) == []
    assert titles(client.get(URL, {"q": "infusion", "type": "article"})) == []
    assert titles(client.get(URL, {"q": "infusion", "group": public_group.slug}))
    assert (
        titles(client.get(URL, {"q": "infusion", "from": "2001-01-01", "to": "2001-12-31"})) == []
    )
    assert titles(client.get(URL, {"q": "infusion", "from": "2001-01-01"}))


@pytest.mark.django_db
def test_anonymous_posts_are_not_found_by_author(client, member, public_group):
    DiscussionFactory(
        author=member,
        group=public_group,
        title="Anonymous worry about zinnias",
        body="zinnias",
        is_anonymous=True,
    )
    assert titles(client.get(URL, {"q": "zinnias"}))
    assert titles(client.get(URL, {"q": "zinnias", "author": "member_mo"})) == []


@pytest.mark.django_db
def test_bad_filters_say_what_is_wrong_with_400(client, corpus):
    response = client.get(URL, {"q": "iron", "from": "yesterday", "group": "nope", "author": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "YYYY-MM-DD" in text
    assert "no group" in text
    assert "No member is called" in text
    assert 'value="iron"' in text


@pytest.mark.django_db
def test_sort_by_date_and_pagination(client, member, public_group):
    for n in range(23):
        DiscussionFactory(
            author=member,
            group=public_group,
            title=f"Counts diary entry {n:02d}",
            body="sharing my weekly counts",
        )
    first = client.get(URL, {"q": "diary", "sort": "date"})
    results = first.context["results"]
    assert results.total == 23 and results.pages == 3
    assert titles(first)[0] == "Counts diary entry 22"
    third = client.get(URL, {"q": "diary", "sort": "date", "page": "3"})
    assert titles(third) == [
        "Counts diary entry 02",
        "Counts diary entry 01",
        "Counts diary entry 00",
    ]
    assert 'rel="prev"' in third.content.decode()
    for page in ("0", "-5", "abc", "99999999999"):
        assert client.get(URL, {"q": "diary", "page": page}).status_code == 200


@pytest.mark.django_db
def test_did_you_mean_suggests_a_known_word(client, corpus):
    response = client.get(URL, {"q": "neutrofils"})
    assert response.context["results"].total == 0
    assert response.context["results"].suggestion == "neutrophils"
    link = re.search(r'Did you mean <a href="\?([^"]+)"', response.content.decode()).group(1)
    followed = client.get(URL + "?" + link.replace("&amp;", "&"))
    assert titles(followed)[0].startswith("Toddler")


@pytest.mark.django_db
def test_suggestion_never_reveals_words_a_visitor_cannot_see(client, corpus):
    response = client.get(URL, {"q": "marigoldwrd"})
    assert response.context["results"].suggestion == ""
    assert "marigoldword" not in response.content.decode()


@pytest.mark.django_db
def test_any_word_fallback_when_no_document_has_all(client, corpus):
    response = client.get(URL, {"q": "iron daycare"})
    results = response.context["results"]
    assert results.any_word
    assert len(results.results) == 2


@pytest.mark.django_db
def test_empty_and_blank_queries(client, corpus):
    assert client.get(URL).status_code == 200
    response = client.get(URL, {"q": "  !!! () "})
    assert response.status_code == 200
    assert "Type a word to search" in response.content.decode()


@pytest.mark.django_db
def test_header_has_a_search_box(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html


@pytest.mark.django_db
def test_index_of_other_kinds_through_the_registration_api(client, member):
    services.index_document(
        kind="article",
        object_id=7,
        title="Dear doctor: what is severe chronic neutropenia?",
        body="An expert explains the registry.",
        url="/articles/7/",
        public=True,
        has_expert_answer=True,
    )
    response = client.get(URL, {"q": "registry", "type": "article"})
    assert titles(response) == ["Dear doctor: what is severe chronic neutropenia?"]
    services.remove_document(kind="article", object_id=7)
    assert titles(client.get(URL, {"q": "registry"})) == []


@pytest.mark.django_db
def test_a_complete_word_finds_its_forms_and_a_partial_word_its_completions(
    client, member, public_group
):
    DiscussionFactory(author=member, group=public_group, title="Fevers at night", body="Twice.")
    DiscussionFactory(author=member, group=public_group, title="Feverish toddler", body="Once.")
    DiscussionFactory(author=member, group=public_group, title="Our fever plan", body="Written.")
    # "fever" is a word the index knows: matched as a word, with its inflections (stemming) …
    assert sorted(titles(client.get(URL, {"q": "fever"}))) == ["Fevers at night", "Our fever plan"]
    # … while "feve" is not, so it is read as the start of a word.
    assert len(titles(client.get(URL, {"q": "feve"}))) == 3


@pytest.mark.django_db
def test_words_joined_by_underscores_are_found_whole(client, member, public_group):
    DiscussionFactory(
        author=member, group=public_group, title="Thanks to member_mo", body="Her tips on ferritin."
    )
    assert titles(client.get(URL, {"q": "member_mo"})) == ["Thanks to member_mo"]


@pytest.mark.django_db
def test_relevance_is_ranked_among_the_newest_matches(client, member, public_group, monkeypatch):
    from carecommons.search import backends

    DiscussionFactory(author=member, group=public_group, title="Ferritin", body="Ferritin.")
    for n in range(3):
        DiscussionFactory(
            author=member, group=public_group, title=f"Week {n}", body="A note on ferritin."
        )
    assert titles(client.get(URL, {"q": "ferritin"}))[0] == "Ferritin"
    monkeypatch.setattr(backends, "RANK_WINDOW", 3)
    page = client.get(URL, {"q": "ferritin"}).context["results"]
    assert "Ferritin" not in [r.title for r in page.results]
    assert page.total == 4  # the count still covers every match up to the cap
