"""@mentions in post text: finding them and linking them in rendered HTML. No Django here.

A mention is `@` followed by a username (3–30 letters, digits, dots, dashes, underscores),
not preceded by a letter or digit, so email addresses (`ann@example.org`) are not mentions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9](?:[A-Za-z0-9_.-]{1,28})[A-Za-z0-9])(?![\w-])")
# Text inside these elements is never linked: a link inside a link is invalid, and code is
# quoted literally.
_SKIP = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
MAX_MENTIONS = 20


def usernames_in(text: str) -> list[str]:
    """Usernames mentioned in `text`, lower-cased, first occurrence order, at most 20."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
        if len(seen) >= MAX_MENTIONS:
            break
    return list(seen)


def link_mentions(rendered: str, known: dict[str, str], url_for: Callable[[str], str]) -> str:
    """Wrap `@name` in links where `name` (lower-cased) is a key of `known`.

    `known` maps lower-cased usernames to their real spelling; unknown names stay plain text.
    Works on sanitised HTML, touching only text between tags outside a, code and pre.
    """
    if not known:
        return rendered
    depth = 0
    out: list[str] = []
    for piece in _TAG.split(rendered):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag and tag.group(2).lower() in _SKIP and not piece.endswith("/>"):
                depth = max(0, depth + (-1 if tag.group(1) else 1))
            out.append(piece)
        elif depth or "@" not in piece:
            out.append(piece)
        else:
            out.append(MENTION.sub(lambda m: _link(m, known, url_for), piece))
    return "".join(out)


def _link(match: re.Match[str], known: dict[str, str], url_for: Callable[[str], str]) -> str:
    username = known.get(match.group(1).lower())
    if username is None:
        return match.group(0)
    href = html.escape(url_for(username), quote=True)
    return f'<a class="mention" href="{href}">@{html.escape(username)}</a>'


def rank(candidates: Iterable[tuple[str, int]], limit: int = 8) -> list[str]:
    """Order (username, closeness) pairs: closer first (discussion 2, group 1, other 0)."""
    ordered = sorted(candidates, key=lambda pair: (-pair[1], pair[0].lower()))
    return [name for name, _ in ordered[:limit]]
