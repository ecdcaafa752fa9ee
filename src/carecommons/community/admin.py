from __future__ import annotations

from django.contrib import admin

from carecommons.community.models import Group
from carecommons.core.admin import AdministratorsOnly


@admin.register(Group)
class GroupAdmin(AdministratorsOnly):
    list_display = ["name", "visibility", "allow_anonymous", "member_count", "discussion_count"]
    list_filter = ["visibility", "allow_anonymous"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["member_count", "discussion_count", "created_at"]
    fields = [
        "name", "slug", "description", "rules", "visibility", "allow_anonymous", "position",
        "member_count", "discussion_count", "created_at",
    ]  # fmt: skip
