"""Template helpers used across every app: author names, badges and avatars."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()

ANONYMOUS_NAME = "Anonymous member"


@register.inclusion_tag("core/author.html")
def author(post: Any, show_badges: bool = True) -> dict[str, Any]:
    """Name, avatar and role badges of a post's author — or "Anonymous member"."""
    anonymous = bool(getattr(post, "is_anonymous", False))
    member = post.author
    return {
        "anonymous": anonymous,
        "member": None if anonymous else member,
        "show_badges": show_badges and not anonymous,
        "anonymous_name": ANONYMOUS_NAME,
    }


@register.simple_tag
def avatar(member: Any, size: str = "md") -> str:
    return format_html(
        '<span class="avatar avatar-{}" style="--hue:{}" aria-hidden="true">{}</span>',
        size,
        member.avatar_hue,
        member.initials,
    )


@register.filter
def badge_label(role: Any) -> str:
    return str(getattr(role, "label", role))
