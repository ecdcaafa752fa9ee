"""Any input is safe: naughty strings, SQL injection lists, FTS operators, 10,000 characters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from carecommons.search.query import fts5_expression, parse, tsquery_expression


def without_tokens(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


URL = reverse("search:search")
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
OPERATORS = [
    "neutro*",
    '"unbalanced',
    'a" OR "b',
    "((((",
    "))",
    "NOT",
    "AND OR NOT",
    "NEAR(a b, 2)",
    "title:neutrophils",
    "{title body}: x",
    "^start",
    "a & b | !c",
    "'; DROP TABLE x; --",
    "x:* <-> y",
    "\\",
    "%",
    "_",
    "*",
    "-",
    "+",
    "\x00nul",
    "ضعف العدلات عند طفلي",
    "👶🏽🩸",
    "Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮",
    "𝓷𝓮𝓾𝓽𝓻𝓸",
    "a" * 10_000,
    "neutrophils " * 2_000,
]


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return [line for line in text.splitlines() if line.strip()]


def _naughty() -> list[str]:
    strings = json.loads((CORPORA / "naughty_strings/blns.json").read_text(encoding="utf-8"))
    for path in sorted((CORPORA / "sqli").glob("*.txt")):
        strings += _lines(path)
    return [s.encode("utf-8", "replace").decode("utf-8", "replace") for s in strings]


def test_the_corpora_are_there():
    assert len(_naughty()) > 1_000


@pytest.mark.parametrize("raw", OPERATORS)
def test_expressions_are_built_from_words_only(raw):
    parsed = parse(raw)
    for expression in (fts5_expression(parsed), tsquery_expression(parsed)):
        assert "\\" not in expression and ";" not in expression


@pytest.mark.django_db
def test_every_naughty_string_gives_a_page_not_an_error(client, corpus, member):
    client.force_login(member)
    for raw in OPERATORS + _naughty():
        for params in (
            {
                "q": raw,
                "author": raw[:150],
                "group": raw[:60],
                "sort": raw,
                "from": raw,
                "to": raw,
                "type": raw,
                "page": raw,
            },
        ):
            response = client.get(URL, params)
            assert response.status_code in (200, 400), (raw, params, response.status_code)
            # Random CSRF tokens can spell anything ("…fts5…"), so they are left out of the check.
            body = without_tokens(response.content.decode()).lower()
            assert "syntax error" not in body and "fts5" not in body


@pytest.mark.django_db
def test_long_query_is_shortened_with_a_message(client, corpus):
    response = client.get(URL, {"q": "iron " * 2_500})
    assert response.status_code == 400
    assert "only its first 1,000 characters" in response.content.decode()
    assert response.context["results"].results


@pytest.mark.django_db
def test_search_input_is_escaped_everywhere(client, corpus):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    body = client.get(URL, {"q": payload, "author": payload}).content.decode()
    assert "<script>alert(1)" not in body and "onerror=alert(2)>" not in body


@pytest.mark.django_db
def test_arabic_and_emoji_content_is_found(client, member, public_group):
    from tests.factories import DiscussionFactory

    DiscussionFactory(
        author=member,
        group=public_group,
        title="ابني عنده نقص في العدلات 🩸",
        body="كان العدد ٣١٠ في آخر فحص",
    )
    response = client.get(URL, {"q": "العدلات"})
    assert [r.title for r in response.context["results"].results] == ["ابني عنده نقص في العدلات 🩸"]
