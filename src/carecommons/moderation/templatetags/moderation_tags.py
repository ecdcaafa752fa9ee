"""Template tags the community pages use to show moderation and safety pieces.

They run no query for visitors; a signed-in member costs one query (have they read the
guidelines?) and only where a composer is shown.
"""

from __future__ import annotations

from typing import Any

from django import template

from carecommons import safety
from carecommons.moderation import permissions, services

register = template.Library()


@register.inclusion_tag("moderation/_composer_tools.html", takes_context=True)
def composer_tools(
    context: template.Context, discussion: Any = None, with_title: bool = False
) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "discussion": discussion,
        "with_title": with_title,
        "show_guidelines": user.is_authenticated and not services.has_read_guidelines(user),
        "is_mentor": permissions.can_mentor(user),
    }


@register.inclusion_tag("moderation/_post_safety.html", takes_context=True)
def post_safety_notice(context: template.Context, post: Any) -> dict[str, Any]:
    """The safety notice for the author of `post`, on their own post only (no query)."""
    user = context["request"].user
    if not user.is_authenticated or post.author_id != user.pk or post.deleted_at is not None:
        return {"report": None}
    text = services.post_text(post)
    return {"report": safety.check(text, country=services._country(user))}
