from __future__ import annotations

import json

from django.core.management import call_command

from carecommons.accounts.models import User
from carecommons.community.models import Discussion, Group, Reply
from carecommons.demo.loader import CONTENT, load
from tests.factories import ReplyFactory

SEED_PHRASES_TO_AVOID = ["Dear Mayo Clinic", "Mayo Clinic Connect"]


def test_demo_content_is_rich_enough():
    content = json.loads(CONTENT.read_text(encoding="utf-8"))
    roles = {role for user in content["users"] for role in user["roles"]}
    assert roles >= {
        "mentor",
        "moderator",
        "expert",
        "editor",
        "coordinator",
        "registry_staff",
        "admin",
    }
    assert len(content["groups"]) >= 3
    assert len(content["discussions"]) >= 20
    assert any(len(d["replies"]) >= 31 for d in content["discussions"]), "one discussion pages"
    text = json.dumps(content)
    assert not any(phrase in text for phrase in SEED_PHRASES_TO_AVOID)


def test_load_is_idempotent_and_leaves_member_data_alone(db, capsys):
    first = load()
    assert first.discussions_created >= 20 and first.users_created >= 8
    counts = (
        User.objects.count(),
        Group.objects.count(),
        Discussion.objects.count(),
        Reply.objects.count(),
    )

    discussion = Discussion.objects.order_by("pk").first()
    reply = ReplyFactory(
        discussion=discussion, body="Added by a real member after the demo loaded."
    )
    group = Group.objects.first()
    group.description = "Edited by an administrator."
    group.save()

    second = load()
    assert (second.users_created, second.groups_created, second.discussions_created) == (0, 0, 0)
    assert Discussion.objects.count() == counts[2]
    assert Reply.objects.count() == counts[3] + 1
    assert Reply.objects.filter(pk=reply.pk).exists()
    group.refresh_from_db()
    assert group.description == "Edited by an administrator."


def test_demo_accounts_use_the_documented_password(db, settings):
    load()
    admin = User.objects.get(role_grants__role="admin")
    assert admin.check_password(settings.DEMO_PASSWORD)
    assert admin.email_verified and admin.is_staff


def test_command_prints_logins(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "already loaded; nothing was changed" in out
    assert "Administrator" in out and "Volunteer mentor" in out and "care-commons-demo" in out
