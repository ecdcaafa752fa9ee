"""Loads the demo community from community.json through the same services members use.

Idempotent: people are matched by username, groups by slug and discussions by author and
title, and anything already there is left exactly as it is — including anything members
created since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carecommons.accounts import services as accounts
from carecommons.accounts.models import User
from carecommons.accounts.roles import Role
from carecommons.community import services as community
from carecommons.community.models import Discussion, Group, Reply

CONTENT = Path(__file__).with_name("community.json")


@dataclass
class LoadReport:
    users_created: int = 0
    groups_created: int = 0
    discussions_created: int = 0
    replies_created: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    # One line per app that added demo content of its own (articles, care requests …).
    extras: list[str] = field(default_factory=list)


def _role_label(user_spec: dict[str, Any]) -> str:
    roles = user_spec.get("roles") or []
    return ", ".join(Role(role).label for role in roles) or "Member"


def load(path: Path = CONTENT) -> LoadReport:
    content = json.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    password = settings.DEMO_PASSWORD
    with transaction.atomic():
        users = _load_users(content["users"], password, report)
        groups = _load_groups(content["groups"], report)
        for spec in content["discussions"]:
            _load_discussion(spec, users, groups, report)
        _load_app_extras(users, report)
    return report


def _load_app_extras(users: dict[str, User], report: LoadReport) -> None:
    """Each app may ship `<app>/demo_content.py` with `load(users) -> str | None`.

    It must be idempotent like the rest of the demo and return a one-line summary of what it
    added (None when it added nothing).
    """
    for app in apps.get_app_configs():
        if not app.name.startswith("carecommons."):
            continue
        try:
            module = import_module(f"{app.name}.demo_content")
        except ModuleNotFoundError as missing:
            if missing.name != f"{app.name}.demo_content":
                raise
            continue
        summary = module.load(users)
        if summary:
            report.extras.append(summary)


def _load_users(specs: list[dict[str, Any]], password: str, report: LoadReport) -> dict[str, User]:
    users: dict[str, User] = {}
    admin: User | None = None
    created_specs = []
    for spec in specs:
        user = User.objects.filter(username__iexact=spec["username"]).first()
        if user is None:
            user = User.objects.create_user(
                username=spec["username"],
                email=spec["email"],
                password=password,
                display_name=spec.get("display_name", ""),
                bio=spec.get("bio", ""),
                here_as=spec.get("here_as", ""),
                country=spec.get("country", ""),
                specialty=spec.get("specialty", ""),
                institution=spec.get("institution", ""),
                credentials=spec.get("credentials", ""),
                email_verified_at=timezone.now(),
            )
            report.users_created += 1
            created_specs.append((user, spec))
        users[spec["username"]] = user
        if Role.ADMIN in (spec.get("roles") or []):
            admin = admin or user
        report.logins.append((spec["username"], _role_label(spec)))
    for user, spec in created_specs:
        for role in spec.get("roles") or []:
            accounts.grant_role(user, Role(role), by=admin or user, reason="demo community")
        if Role.ADMIN in (spec.get("roles") or []):
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    return users


def _load_groups(specs: list[dict[str, Any]], report: LoadReport) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for position, spec in enumerate(specs):
        group, created = Group.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "rules": spec.get("rules", ""),
                "visibility": spec.get("visibility", Group.Visibility.PUBLIC),
                "allow_anonymous": spec.get("allow_anonymous", False),
                "position": position,
            },
        )
        report.groups_created += int(created)
        groups[spec["slug"]] = group
    return groups


def _load_discussion(
    spec: dict[str, Any], users: dict[str, User], groups: dict[str, Group], report: LoadReport
) -> None:
    author = users[spec["author"]]
    if Discussion.objects.filter(author=author, title=spec["title"].strip()).exists():
        return
    started = timezone.now() - timedelta(days=spec.get("days_ago", 0))
    discussion = community.create_discussion(
        author=author,
        group=groups[spec["group"]],
        title=spec["title"],
        body=spec["body"],
        is_anonymous=spec.get("anonymous", False),
        members_only=spec.get("members_only", False),
        at=started,
    )
    report.discussions_created += 1
    posted: list[Reply] = []
    for reply_spec in spec.get("replies", []):
        quote_index = reply_spec.get("quote")
        quote_of = posted[quote_index] if quote_index is not None else None
        reply = community.post_reply(
            author=users[reply_spec["author"]],
            discussion=discussion,
            body=reply_spec["body"],
            quote_of=quote_of,
            at=started + timedelta(hours=reply_spec.get("hours_after", 1)),
        )
        posted.append(reply)
        report.replies_created += 1
