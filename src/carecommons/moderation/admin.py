from django.contrib import admin

from carecommons.core.admin import AdministratorsOnly
from carecommons.moderation.models import (
    Flag,
    Guidelines,
    ModerationSettings,
    RateLimitSetting,
    SavedReply,
)


class RateLimitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RateLimitSetting
    extra = 1

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return AdministratorsOnly.has_module_permission(self, request)  # type: ignore[arg-type]


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(AdministratorsOnly):
    inlines = [RateLimitInline]
    list_display = ["__str__", "new_member_approvals", "waiting_hours", "updated_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return super().has_add_permission(request) and not ModerationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(Guidelines)
class GuidelinesAdmin(AdministratorsOnly):
    list_display = ["__str__", "updated_by", "updated_at"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(SavedReply)
class SavedReplyAdmin(AdministratorsOnly):
    list_display = ["title", "owner", "created_at"]
    list_filter = [("owner", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body"]


@admin.register(Flag)
class FlagAdmin(AdministratorsOnly):
    """Read-only: flags are handled in the moderation queue, where every action is audited."""

    list_display = ["__str__", "reason", "status", "created_at", "resolved_by"]
    list_filter = ["status", "reason"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
