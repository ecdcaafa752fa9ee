from __future__ import annotations

import pytest

from carecommons.community.models import Group
from tests.factories import DiscussionFactory, ReplyFactory


def test_group_page_lists_by_latest_activity_with_unanswered_filter(
    client, public_group, member, other_member
):
    quiet = DiscussionFactory(
        author=member, group=public_group, title="Nobody answered this one yet"
    )
    busy = DiscussionFactory(author=member, group=public_group, title="This one got an answer")
    ReplyFactory(author=other_member, discussion=busy)
    own_only = DiscussionFactory(
        author=member, group=public_group, title="Only the author replied here"
    )
    ReplyFactory(author=member, discussion=own_only)

    page = client.get(public_group.get_absolute_url()).content.decode()
    assert page.index(own_only.title) < page.index(busy.title) < page.index(quiet.title)

    page = client.get(public_group.get_absolute_url() + "?filter=unanswered").content.decode()
    assert quiet.title in page and own_only.title in page
    assert busy.title not in page


def test_unanswered_filter_returns_a_partial_for_htmx(client, public_group, discussion):
    response = client.get(
        public_group.get_absolute_url() + "?filter=unanswered", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="discussion-list"' in body and "<html" not in body


def test_group_page_paginates(client, public_group, member, settings):
    for number in range(25):
        DiscussionFactory(author=member, group=public_group, title=f"Paged discussion {number:02d}")
    first = client.get(public_group.get_absolute_url()).content.decode()
    second = client.get(public_group.get_absolute_url() + "?page=2").content.decode()
    assert "Page 1 of 2" in first and "Paged discussion 24" in first
    assert "Paged discussion 00" in second and "Paged discussion 24" not in second
    assert client.get(public_group.get_absolute_url() + "?page=999").status_code == 200


def test_join_and_leave_update_member_count(client, public_group, other_member):
    client.force_login(other_member)
    client.post(f"/groups/{public_group.slug}/join/")
    client.post(f"/groups/{public_group.slug}/join/")
    assert Group.objects.get(pk=public_group.pk).member_count == 1
    assert "Leave group" in client.get(public_group.get_absolute_url()).content.decode()
    client.post(f"/groups/{public_group.slug}/leave/")
    assert Group.objects.get(pk=public_group.pk).member_count == 0


def test_join_needs_sign_in_and_post(client, public_group, member):
    assert client.post(f"/groups/{public_group.slug}/join/").status_code == 302
    client.force_login(member)
    assert client.get(f"/groups/{public_group.slug}/join/").status_code == 405


def test_members_only_group_hidden_from_visitors_and_noindexed(client, members_group, member):
    discussion = DiscussionFactory(author=member, group=members_group, title="Inside the circle")
    response = client.get(members_group.get_absolute_url())
    assert response.status_code == 404
    assert "Sign in to read it" in response.content.decode()
    assert client.get(discussion.get_absolute_url()).status_code == 404
    assert members_group.name not in client.get("/groups/").content.decode()
    assert discussion.title not in client.get("/").content.decode()

    client.force_login(member)
    response = client.get(members_group.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert (
        '<meta name="robots" content="noindex'
        in client.get(discussion.get_absolute_url()).content.decode()
    )


def test_public_discussion_is_indexable_and_in_sitemap(client, discussion, members_group, member):
    hidden = DiscussionFactory(author=member, group=members_group, title="Private circle talk")
    members_only = DiscussionFactory(
        author=member, group=discussion.group, title="Members only talk", members_only=True
    )
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert 'name="robots"' not in page
    sitemap = client.get("/sitemap.xml").content.decode()
    assert discussion.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap
    assert members_only.get_absolute_url() not in sitemap
    assert members_group.slug not in sitemap


def test_unknown_group_is_a_helpful_404(client, db):
    response = client.get("/groups/no-such-group/")
    assert response.status_code == 404
    assert "There is no group at this address" in response.content.decode()
    assert "browse the groups" in response.content.decode()


@pytest.mark.parametrize("path", ["/discussions/999999/whatever/", "/discussions/999999/r/1/"])
def test_unknown_discussion_is_a_helpful_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "There is no discussion at this address" in response.content.decode()
