from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from carecommons.accounts.models import User
from carecommons.core.admin import AdministratorsOnly


@admin.register(User)
class MemberAdmin(AdministratorsOnly):
    """Members are looked up here; roles are changed on the member's roles page (audited)."""

    list_display = ["username", "email", "display_name", "roles", "is_active", "date_joined"]
    list_filter = ["is_active", "role_grants__role", "here_as"]
    search_fields = ["username", "email", "display_name"]
    readonly_fields = ["username", "date_joined", "last_login", "last_seen_at", "roles_link"]
    fields = [
        "username", "email", "display_name", "bio", "here_as", "country", "credentials",
        "specialty", "institution", "is_active", "email_verified_at", "date_joined",
        "last_login", "last_seen_at", "roles_link",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return (
            False  # members sign up themselves; `carecommons createsuperuser` for the first admin
        )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # accounts are closed (deactivated), never deleted from here

    @admin.display(description="roles")
    def roles(self, obj: User) -> str:
        return ", ".join(role.label for role in obj.badges()) or "member"

    @admin.display(description="roles")
    def roles_link(self, obj: User) -> str:
        url = reverse("accounts:manage_roles", args=[obj.username])
        return format_html('{} — <a href="{}">change roles</a>', self.roles(obj), url)
