"""Template helpers for the column: identifier highlights on the editor's desk."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from carecommons.articles.identifiers import find_identifiers

register = template.Library()


@register.filter
def highlight_identifiers(text: str) -> SafeString:
    """The text, escaped, with each likely identifier wrapped in a labelled <mark>."""
    parts: list[str] = []
    position = 0
    for item in find_identifiers(text or ""):
        parts.append(escape(text[position : item.start]))
        parts.append(
            format_html(
                '<mark class="identifier identifier-{}" title="{}">{}'
                '<span class="visually-hidden"> ({})</span></mark>',
                item.kind.replace("_", "-"),
                item.label,
                item.text,
                item.label,
            )
        )
        position = item.end
    parts.append(escape((text or "")[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@register.simple_tag
def identifiers_in(text: str) -> list[object]:
    return list(find_identifiers(text or ""))
