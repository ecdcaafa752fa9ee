from __future__ import annotations

import csv
import io

import pytest

from carecommons.audit.models import AuditEntry
from carecommons.audit.services import record


@pytest.fixture
def entries(admin_user, member, discussion):
    record(
        "community.anonymous_author_revealed",
        actor=admin_user,
        target=discussion,
        reason="spam report",
    )
    record("accounts.email_changed", actor=member, target=member)
    return AuditEntry.objects.all()


def test_entries_cannot_be_changed_or_deleted(entries):
    entry = entries.first()
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_record_names_who_what_which_when_why(entries, admin_user, discussion):
    entry = AuditEntry.objects.get(action="community.anonymous_author_revealed")
    assert entry.actor_label == admin_user.username
    assert entry.target_type == "community.discussion" and entry.target_id == str(discussion.pk)
    assert entry.target_label == discussion.title and entry.reason == "spam report" and entry.at


@pytest.mark.parametrize(
    "role", ["mentor", "moderator", "expert", "editor", "coordinator", "registry_staff"]
)
def test_only_administrators_read_the_log(client, staff, entries, role):
    client.force_login(staff[role])
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/?format=csv").status_code == 404


def test_anonymous_and_members_cannot_read_the_log(client, member, entries):
    assert client.get("/audit/").status_code == 404
    client.force_login(member)
    assert client.get("/audit/").status_code == 404


def test_administrator_filters_and_exports(client, admin_user, entries):
    client.force_login(admin_user)
    page = client.get("/audit/?action=revealed").content.decode()
    assert "community.anonymous_author_revealed" in page and "accounts.email_changed" not in page
    page = client.get("/audit/?actor=member_mo").content.decode()
    assert "accounts.email_changed" in page and "anonymous_author_revealed" not in page
    response = client.get("/audit/?action=revealed&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["at", "actor", "action"]
    assert [row[2] for row in rows[1:]] == ["community.anonymous_author_revealed"]


def test_bad_filter_dates_do_not_break_the_page(client, admin_user, entries):
    client.force_login(admin_user)
    response = client.get("/audit/?since=not-a-date")
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
