from __future__ import annotations

from typing import Any

from django import template

from carecommons.care.models import AVAILABILITY_CHOICES

register = template.Library()
_WINDOWS = dict(AVAILABILITY_CHOICES)


@register.filter
def get_item_or_blank(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def availability_label(value: str) -> str:
    return _WINDOWS.get(value, value)
