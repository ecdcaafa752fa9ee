from __future__ import annotations

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
