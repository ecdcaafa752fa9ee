"""Django's admin, for administrators only (the `admin` role), with every change audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from carecommons.accounts.permissions import is_admin
from carecommons.audit.services import record

admin.site.site_header = "carecommons administration"
admin.site.site_title = "carecommons administration"
admin.site.index_title = "Manage the community"


class AdministratorsOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only holders of the administrator role see or change these objects."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        record(
            f"admin.{obj._meta.model_name}_{'changed' if change else 'created'}",
            actor=request.user,
            target=obj,
            data={"fields": sorted(form.changed_data)},
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        record(
            f"admin.{obj._meta.model_name}_deleted", actor=request.user, target=obj, request=request
        )
        super().delete_model(request, obj)
