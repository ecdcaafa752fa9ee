from __future__ import annotations

import pytest

from tests.factories import DiscussionFactory, ReplyFactory


def test_profile_shows_public_facts_and_recent_posts(client, member, public_group, discussion):
    member.display_name, member.bio, member.here_as = "Mo R.", "Father of a toddler.", "caregiver"
    member.save()
    page = client.get(f"/u/{member.username}/").content.decode()
    assert "Mo R." in page and "Father of a toddler." in page
    assert "Here as a caregiver." in page
    assert ">MR<" in page, "initials avatar"
    assert public_group.name in page
    assert discussion.title in page


def test_profile_hides_anonymous_and_members_only_posts_from_visitors(
    client, member, other_member, public_group, discussion
):
    DiscussionFactory(
        author=member, group=public_group, title="Something I post anonymously", is_anonymous=True
    )
    DiscussionFactory(
        author=member, group=public_group, title="Only for signed-in members", members_only=True
    )
    ReplyFactory(
        author=member, discussion=discussion, body="An anonymous reply here", is_anonymous=True
    )
    page = client.get(f"/u/{member.username}/").content.decode()
    assert "Something I post anonymously" not in page
    assert "Only for signed-in members" not in page
    client.force_login(other_member)
    page = client.get(f"/u/{member.username}/").content.decode()
    assert "Only for signed-in members" in page
    assert "Something I post anonymously" not in page, "a profile never undoes anonymity"


def test_profile_url_is_case_insensitive_and_canonical(client, member):
    response = client.get("/u/MEMBER_MO/")
    assert response.status_code == 302 and response["Location"] == "/u/member_mo/"


def test_unknown_or_closed_profile_is_a_helpful_404(client, member):
    response = client.get("/u/nobody_here/")
    assert response.status_code == 404
    assert "There is no member with that username" in response.content.decode()
    member.is_active = False
    member.save()
    assert client.get("/u/member_mo/").status_code == 404


@pytest.mark.django_db
def test_profile_offers_follow_message_and_block_to_other_members_only(
    client, member, other_member
):
    url = f"/u/{member.username}/"
    assert "Block @" not in client.get(url).content.decode()  # visitors
    client.force_login(member)
    assert "Block @" not in client.get(url).content.decode()  # yourself
    client.force_login(other_member)
    page = client.get(url).content.decode()
    assert f"/messages/new/?to={member.username}" in page
    assert f"/notifications/follow/member/{member.username}/" in page
    assert f"Block @{member.username}" in page


@pytest.mark.django_db
def test_blocking_from_a_profile_comes_back_to_it_and_can_be_undone(client, member, other_member):
    from carecommons.accounts import services

    url = f"/u/{member.username}/"
    client.force_login(other_member)
    response = client.post(f"/messages/block/{member.username}/", {"next": url}, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "They cannot message you" in page and f"Unblock @{member.username}" in page
    assert services.has_blocked(other_member, member)
    response = client.post(f"/messages/unblock/{member.username}/", {"next": url}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert not services.has_blocked(other_member, member)
    # A `next` on another site is ignored: back to the blocked list.
    response = client.post(
        f"/messages/block/{member.username}/", {"next": "https://evil.example/"}, follow=False
    )
    assert response["Location"] == "/messages/blocked/"
