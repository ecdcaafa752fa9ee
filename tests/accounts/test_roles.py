"""Roles are granted only by administrators, audited, and shown as badges on every post."""

from __future__ import annotations

import pytest

from carecommons.accounts.roles import Role
from carecommons.audit.models import AuditEntry
from tests.factories import ReplyFactory

STAFF_ROLES = [role.value for role in Role]


@pytest.mark.parametrize("role", [*STAFF_ROLES, "member", "anonymous"])
def test_only_administrators_reach_the_roles_page(client, staff, member, role):
    if role == "member":
        client.force_login(member)
    elif role != "anonymous":
        client.force_login(staff[role])
    response = client.get(f"/u/{member.username}/roles/")
    if role == "admin":
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", [r for r in STAFF_ROLES if r != "admin"])
def test_non_administrators_cannot_grant_roles_by_posting(client, staff, member, role):
    client.force_login(staff[role])
    response = client.post(f"/u/{member.username}/roles/", {"role": "moderator", "action": "grant"})
    assert response.status_code == 404
    assert not member.has_role(Role.MODERATOR)


def test_administrator_grants_and_revokes_with_audit(client, admin_user, member):
    client.force_login(admin_user)
    response = client.post(
        f"/u/{member.username}/roles/",
        {"role": "mentor", "action": "grant", "reason": "volunteered"},
    )
    assert response.status_code == 302
    assert Role.MENTOR in type(member).objects.get(pk=member.pk).role_set()
    entry = AuditEntry.objects.get(action="accounts.role_granted", target_id=str(member.pk))
    assert (
        entry.actor == admin_user
        and entry.reason == "volunteered"
        and entry.data == {"role": "mentor"}
    )

    client.post(f"/u/{member.username}/roles/", {"role": "mentor", "action": "revoke"})
    assert Role.MENTOR not in type(member).objects.get(pk=member.pk).role_set()
    assert AuditEntry.objects.filter(action="accounts.role_revoked").count() == 1


def test_bad_role_is_refused_with_a_message(client, admin_user, member):
    client.force_login(admin_user)
    response = client.post(f"/u/{member.username}/roles/", {"role": "wizard", "action": "grant"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_role_has_a_badge_beside_the_name_on_posts(client, staff, discussion, role):
    ReplyFactory(author=staff[role], discussion=discussion)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert f'badge badge-{role}"' in page
    assert Role(role).label in page


def test_expert_badge_shows_specialty_and_institution(client, staff, discussion):
    expert = staff["expert"]
    expert.specialty, expert.institution = "Pediatric hematology", "Lakeside Children's"
    expert.save()
    ReplyFactory(author=expert, discussion=discussion)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "Pediatric hematology, Lakeside Children&#x27;s" in page
