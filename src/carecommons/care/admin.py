from __future__ import annotations

from django.contrib import admin

from carecommons.care.models import CoordinatorDesk, Specialty
from carecommons.core.admin import AdministratorsOnly


@admin.register(Specialty)
class SpecialtyAdmin(AdministratorsOnly):
    list_display = ["name", "is_active", "needs_exam_first", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["name"]


@admin.register(CoordinatorDesk)
class CoordinatorDeskAdmin(AdministratorsOnly):
    list_display = ["coordinator", "desk"]
    list_filter = ["desk"]
    raw_id_fields = ["coordinator"]
