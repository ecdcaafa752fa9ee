"""Every moderation page and action, as anonymous, member, mentor, moderator and administrator."""

from __future__ import annotations

import pytest

from carecommons.moderation.models import SavedReply

ROLES = ["anonymous", "member", "mentor", "moderator", "admin"]


def _login(client, role, member, staff):
    if role == "anonymous":
        return
    client.force_login(member if role == "member" else staff[role])


PAGES = {
    # path template → roles that get 200 (signed-in others get 404; anonymous is sent to sign in)
    "/moderation/": {"moderator", "admin"},
    "/moderation/audit/": {"moderator", "admin"},
    "/moderation/post/d/{discussion}/": {"moderator", "admin"},
    "/moderation/members/other_olu/": {"moderator", "admin"},
    "/mentors/waiting/": {"mentor", "moderator", "admin"},
    "/mentors/saved-replies/": {"mentor", "moderator", "admin"},
    "/mentors/saved-replies/new/": {"mentor", "moderator", "admin"},
    "/mentors/saved-replies/insert/?discussion={discussion}": {"mentor", "moderator", "admin"},
    "/guidelines/edit/": {"admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", sorted(PAGES))
def test_pages_per_role(client, member, other_member, staff, discussion, role, path):
    _login(client, role, member, staff)
    response = client.get(path.format(discussion=discussion.pk))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in PAGES[path]:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_guidelines_page_is_public(client, member, staff, role, db):
    _login(client, role, member, staff)
    response = client.get("/guidelines/")
    assert response.status_code == 200
    assert "Share experience, not medical advice" in response.content.decode()


ACTIONS = [
    ("d", "hide", {"hide-reason": "Off topic"}),
    ("d", "lock", {"lock-reason": "Heated"}),
    ("d", "pin", {}),
    ("d", "dismiss", {}),
    ("r", "hide", {"hide-reason": "Unkind"}),
    ("r", "edit", {"edit-body": "A kinder reply.", "edit-reason": "Removed a dose"}),
]


@pytest.mark.parametrize("role", ["anonymous", "member", "mentor"])
@pytest.mark.parametrize(("kind", "action", "data"), ACTIONS)
def test_actions_are_refused_to_non_moderators(
    client, member, staff, discussion, reply, role, kind, action, data
):
    _login(client, role, member, staff)
    pk = discussion.pk if kind == "d" else reply.pk
    response = client.post(f"/moderation/post/{kind}/{pk}/{action}/", data)
    assert response.status_code in {302, 404}
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    discussion.refresh_from_db()
    reply.refresh_from_db()
    assert discussion.status == "published" and not discussion.is_locked
    assert not discussion.is_pinned and reply.status == "published"


@pytest.mark.parametrize("role", ["moderator", "admin"])
@pytest.mark.parametrize(("kind", "action", "data"), ACTIONS)
def test_actions_work_for_moderators(
    client, member, staff, discussion, reply, role, kind, action, data
):
    _login(client, role, member, staff)
    pk = discussion.pk if kind == "d" else reply.pk
    response = client.post(f"/moderation/post/{kind}/{pk}/{action}/", data)
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["member", "mentor"])
def test_sanctions_refused_to_non_moderators(client, member, other_member, staff, role):
    _login(client, role, member, staff)
    response = client.post(
        "/moderation/members/other_olu/", {"action": "ban", "ban-reason": "Spam"}
    )
    assert response.status_code == 404
    other_member.refresh_from_db()
    assert other_member.is_active


def test_moderator_cannot_ban_an_administrator(client, staff):
    client.force_login(staff["moderator"])
    response = client.post(
        f"/moderation/members/{staff['admin'].username}/", {"action": "ban", "ban-reason": "x"}
    )
    assert response.status_code == 404
    staff["admin"].refresh_from_db()
    assert staff["admin"].is_active


def test_member_cannot_edit_guidelines(client, member):
    client.force_login(member)
    response = client.post("/guidelines/edit/", {"body": "x" * 50})
    assert response.status_code == 404


def test_mentor_cannot_touch_shared_saved_reply(client, staff):
    shared = SavedReply.objects.create(owner=None, title="Welcome", body="Hello {name}")
    client.force_login(staff["mentor"])
    assert client.get(f"/mentors/saved-replies/{shared.pk}/").status_code == 404
    assert client.post(f"/mentors/saved-replies/{shared.pk}/delete/").status_code == 404
    assert SavedReply.objects.filter(pk=shared.pk).exists()


def test_unknown_action_and_post_are_404(client, moderator, discussion):
    client.force_login(moderator)
    assert client.post(f"/moderation/post/d/{discussion.pk}/explode/").status_code == 404
    assert client.post("/moderation/post/d/999999/hide/", {"hide-reason": "x"}).status_code == 404
    assert client.post("/moderation/post/x/1/hide/", {"hide-reason": "x"}).status_code == 404
