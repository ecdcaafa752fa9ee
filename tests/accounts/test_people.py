"""The "people I care for" list: owner-only, and posts show only a relationship and an age."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, age_phrase
from tests.factories import DiscussionFactory


@pytest.fixture
def son(member):
    born = timezone.localdate() - timedelta(days=400)
    return CaredPerson.objects.create(
        owner=member, relationship="son", nickname="Toby", date_of_birth=born
    )


@pytest.mark.parametrize(
    ("years", "phrase"),
    [
        (0.05, "0 months old"),
        (1.1, "13 months old"),
        (2.5, "2 years old"),
        (17.9, "17 years old"),
        (64.0, "in their 60s"),
    ],
)
def test_age_phrase_is_coarse(years, phrase):
    assert age_phrase(years) == phrase


def test_public_label_never_shows_name_or_birth_date(son):
    assert son.public_label == "About my son, 13 months old"
    assert "Toby" not in son.public_label
    assert son.private_label == "My son (Toby)"


def test_member_adds_edits_and_removes_people(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/people/add/",
        {"relationship": "husband", "nickname": "Sami", "duffy_status": "unknown"},
    )
    assert response.status_code == 302
    person = CaredPerson.objects.get(owner=member)
    page = client.get("/accounts/people/").content.decode()
    assert "My husband (Sami)" in page and "About my husband" in page
    client.post(
        f"/accounts/people/{person.pk}/",
        {"relationship": "husband", "nickname": "S.", "duffy_status": "null"},
    )
    person.refresh_from_db()
    assert person.nickname == "S." and person.duffy_status == "null"
    client.post(f"/accounts/people/{person.pk}/remove/")
    assert not CaredPerson.objects.filter(pk=person.pk).exists()


def test_bad_person_input_is_explained_and_kept(client, member):
    client.force_login(member)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        "/accounts/people/add/",
        {
            "relationship": "son",
            "nickname": "Kai",
            "date_of_birth": future,
            "duffy_status": "unknown",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be in the future" in page and 'value="Kai"' in page
    CaredPerson.objects.create(owner=member, relationship="self")
    response = client.post(
        "/accounts/people/add/", {"relationship": "self", "duffy_status": "unknown"}
    )
    assert "already on your list" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other", "moderator", "admin_user"])
def test_people_are_private_to_their_owner(client, son, other_member, moderator, admin_user, who):
    viewer = {"other": other_member, "moderator": moderator, "admin_user": admin_user}.get(who)
    if viewer:
        client.force_login(viewer)
    for path in (f"/accounts/people/{son.pk}/", f"/accounts/people/{son.pk}/remove/"):
        response = client.get(path)
        assert response.status_code == (302 if viewer is None else 404)
    if viewer:
        assert "Toby" not in client.get("/accounts/people/").content.decode()


def test_post_shows_who_it_is_about(client, member, son, public_group):
    client.force_login(member)
    client.post(
        f"/groups/{public_group.slug}/new/",
        {
            "title": "Our toddler's counts this week",
            "body": "His ANC was 310 on Monday.",
            "about": son.pk,
        },
    )
    discussion = public_group.discussions.get()
    client.logout()
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "About my son, 13 months old" in page and "Toby" not in page


def test_cannot_post_about_someone_elses_person(client, other_member, son, public_group):
    client.force_login(other_member)
    response = client.post(
        f"/groups/{public_group.slug}/new/",
        {
            "title": "Trying another member's person",
            "body": "This should not attach.",
            "about": son.pk,
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    discussion = DiscussionFactory(author=other_member, group=public_group, about=son)
    assert discussion.about is None
