from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carecommons.accounts.permissions import is_admin
from carecommons.core.admin import AdministratorsOnly
from carecommons.registry.models import EligibilityQuestion, Registry


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EligibilityQuestion
    extra = 1

    # Same rule as the registry itself: holders of the administrator role only.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)


@admin.register(Registry)
class RegistryAdmin(AdministratorsOnly):
    list_display = ["name", "condition", "run_by", "consent_version", "is_open"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]
    fields = [
        "name", "slug", "condition", "run_by", "contact", "summary", "offers", "criteria",
        "consent_text", "consent_version", "is_open", "position",
    ]  # fmt: skip
