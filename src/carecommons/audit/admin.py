from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carecommons.audit.models import AuditEntry
from carecommons.core.admin import AdministratorsOnly


@admin.register(AuditEntry)
class AuditEntryAdmin(AdministratorsOnly):
    """Read-only: the audit log cannot be edited from the app."""

    list_display = ["at", "actor_label", "action", "target_label", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_label", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
