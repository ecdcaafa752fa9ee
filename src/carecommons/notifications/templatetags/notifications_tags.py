"""The header's notification bell. It runs no query: the count arrives by htmx right after the
page loads and then every few seconds, so every page keeps its query budget."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "request": context.get("request"),
        "poll_seconds": settings.CARECOMMONS_NOTIFICATION_POLL_SECONDS,
    }
