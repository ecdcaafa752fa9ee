"""Markdown to safe HTML for everything members write.

markdown-it-py renders CommonMark with tables, strikethrough and autolinks, with raw HTML
disabled (it is shown as text); nh3 then keeps only an allow-list of tags, attributes and URL
schemes, so nothing a member types can run script in a reader's browser. No Django here.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
URL_ATTRIBUTES = {"href", "src"}
# Browsers ignore control characters and spaces inside a scheme ("java\x01script:"); a URL
# containing any is never what a member meant, so it is dropped rather than guessed at.
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in URL_ATTRIBUTES and _CONTROL_OR_SPACE.search(value):
        return None
    if tag == "code" and attribute == "class" and not value.startswith("language-"):
        return None
    return value


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False}).enable(
        ["table", "strikethrough", "linkify"]
    )


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


def render(text: str) -> str:
    """Render member-written Markdown to sanitised HTML."""
    return sanitize(_parser().render(text))


def plain_excerpt(text: str, length: int = 200) -> str:
    """A short plain-text preview of Markdown, for lists and meta descriptions."""
    stripped = nh3.clean(_parser().render(text), tags=set())
    flat = " ".join(html.unescape(stripped).split())
    if len(flat) <= length:
        return flat
    return flat[: length - 1].rsplit(" ", 1)[0] + "…"
