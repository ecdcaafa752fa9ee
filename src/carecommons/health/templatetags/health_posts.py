"""Lab notes beside posts on the discussion page: one query for the whole page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from carecommons.health.models import PostLabNote
from carecommons.health.selectors import lab_notes_for

register = template.Library()


@register.simple_tag
def post_lab_notes(discussion: Any, replies: Iterable[Any]) -> dict[str, PostLabNote]:
    """Snapshot cards and explanations for the discussion post and the replies on this page."""
    return lab_notes_for(discussion, replies)


@register.filter
def lab_note(notes: dict[str, PostLabNote] | None, post: Any) -> PostLabNote | None:
    """The note of a post: the discussion itself, or a reply (by its number)."""
    if not notes:
        return None
    number = getattr(post, "number", None)
    return notes.get("d" if number is None else f"r{number}")
