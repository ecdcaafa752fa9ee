"""The roles a member can hold. Every member is a member; the rest are granted by administrators."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    MENTOR = "mentor", "Volunteer mentor"
    MODERATOR = "moderator", "Moderator"
    EXPERT = "expert", "Expert"
    EDITOR = "editor", "Editor"
    COORDINATOR = "coordinator", "Care coordinator"
    REGISTRY_STAFF = "registry_staff", "Registry staff"
    ADMIN = "admin", "Administrator"


# Order in which badges are shown beside a name: the most relevant to a reader first.
BADGE_ORDER = [
    Role.ADMIN,
    Role.MODERATOR,
    Role.EXPERT,
    Role.EDITOR,
    Role.MENTOR,
    Role.COORDINATOR,
    Role.REGISTRY_STAFF,
]

# Roles whose holders moderate the community.
MODERATING_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
