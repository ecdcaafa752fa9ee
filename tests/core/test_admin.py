"""Django's admin is for administrators only, and every change there is audited."""

from __future__ import annotations

import pytest

from carecommons.audit.models import AuditEntry
from carecommons.community.models import Group


@pytest.mark.parametrize(
    "role", ["mentor", "moderator", "expert", "editor", "coordinator", "registry_staff"]
)
def test_staff_roles_other_than_admin_cannot_use_the_admin(client, staff, role):
    client.force_login(staff[role])
    response = client.get("/admin/community/group/")
    assert response.status_code in {302, 403}


def test_member_is_sent_to_the_admin_login(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 302


def test_administrator_creates_a_group_and_it_is_audited(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/community/group/add/",
        {
            "name": "Rare anemias",
            "slug": "rare-anemias",
            "description": "For people living with rare anemias.",
            "rules": "Be kind.",
            "visibility": "public",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get(slug="rare-anemias")
    entry = AuditEntry.objects.get(action="admin.group_created")
    assert entry.actor == admin_user and entry.target_id == str(group.pk)


def test_audit_log_is_read_only_in_the_admin(client, admin_user, member):
    client.force_login(admin_user)
    entry = AuditEntry.objects.first()
    assert client.get("/admin/audit/auditentry/").status_code == 200
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_members_cannot_be_deleted_from_the_admin(client, admin_user, member):
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{member.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
