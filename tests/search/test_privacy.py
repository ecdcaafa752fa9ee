"""Hidden, deleted, pending and private content never appears for anyone who may not see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = reverse("search:search")

# word in that content -> who may find it through search
SECRET_WORDS = {
    "marigoldword": ("members", "Quiet worries"),  # members-only discussion, public group
    "lanternword": ("members", "Circle talk"),  # discussion in a members-only group
    "hiddenword": ("nobody", "Hidden post"),  # hidden by a moderator
    "pendingword": ("nobody", "Waiting post"),  # waiting for approval
    "deletedword": ("nobody", "Removed post"),  # removed by its author
    "replyhiddenword": ("nobody", "replyhiddenword"),  # hidden reply in a visible discussion
}
ROLES = ["visitor", "member", "other", "mentor", "moderator", "expert", "admin"]


def _client_for(role, client, member, other_member, staff):
    users = {"visitor": None, "member": member, "other": other_member}
    user = users.get(role, staff.get(role))
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_search_shows_only_what_each_role_may_see(
    role, client, corpus, member, other_member, staff
):
    client = _client_for(role, client, member, other_member, staff)
    for word, (audience, title) in SECRET_WORDS.items():
        for query in (word, word[:6], f'"{title}"'):
            response = client.get(URL, {"q": query})
            shown = response.context["results"].results
            found = any(title in r.title or title in r.snippet for r in shown)
            expected = audience == "members" and role != "visitor"
            assert found is expected, f"{query} for {role}: found={found}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_similar_stories_respect_the_same_rules(role, client, corpus, member, other_member, staff):
    client = _client_for(role, client, member, other_member, staff)
    url = reverse("search:similar_discussion", args=[corpus["open"].pk])
    html = client.get(url).content.decode()
    for audience, title in SECRET_WORDS.values():
        if audience == "nobody" or role == "visitor":
            assert title not in html


@pytest.mark.django_db
def test_visitor_cannot_load_similar_for_a_members_only_discussion(client, corpus):
    url = reverse("search:similar_discussion", args=[corpus["members_only"].pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_status_page_is_for_administrators_only(client, member, staff):
    url = reverse("search:status")
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(staff["moderator"])
    assert client.get(url).status_code == 404
    client.force_login(staff["admin"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_draft_lookup_is_for_signed_in_members(client, member):
    url = reverse("search:similar_draft")
    assert client.post(url, {"title": "low neutrophils", "body": "x" * 50}).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 405
