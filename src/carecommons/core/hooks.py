"""A small registry of named hooks, so apps react to each other's events without imports
going the wrong way (community does not import notifications, search or moderation; they
register here from their AppConfig.ready()).

Hooks named in HOOKS run inside the transaction that wrote the data, so a hook that must never
be lost (the search index) commits or rolls back with the post; hooks that do slow work enqueue
a task instead of doing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

HOOKS = {
    # search: the index is being rebuilt (`carecommons reindex`); apps that registered documents
    # of their own (articles) register them again. No kwargs.
    "search.rebuild",
    # community: a discussion or reply was written; kwargs: post (Discussion | Reply)
    "community.post_created",
    # community: a post's text changed; kwargs: post, editor
    "community.post_edited",
    # community: a post was removed, hidden or restored; kwargs: post
    "community.post_visibility_changed",
    # community: a discussion moved to another group or had another folded into it (a
    # moderator's work, not its author's edit); kwargs: post (the Discussion)
    "community.discussion_changed",
    # community: before a post is saved; kwargs: author, group, text, discussion (or None).
    # A hook may return a PostCheck to hold the post for approval or refuse it.
    "community.before_post",
    # community: a filter over a post's rendered HTML; called as fn(html, text=source) and
    # returns the new HTML (notifications links @mentions here). Use `hooks.apply()`.
    "community.render_post",
}

_registry: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(name: str, function: Callable[..., Any]) -> None:
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}; known hooks: {sorted(HOOKS)}")
    if function not in _registry[name]:
        _registry[name].append(function)


def fire(name: str, **kwargs: Any) -> list[Any]:
    """Call every function registered for `name`; return their non-None results in order."""
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}")
    results = []
    for function in _registry[name]:
        result = function(**kwargs)
        if result is not None:
            results.append(result)
    return results


def apply(name: str, value: Any, **kwargs: Any) -> Any:
    """Pass `value` through every function registered for a filter hook, in order."""
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}")
    for function in _registry[name]:
        value = function(value, **kwargs)
    return value
