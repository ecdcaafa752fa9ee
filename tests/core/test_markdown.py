"""Everything members write is rendered inert: checked over the shared attack corpora."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from carecommons.core.markdown import LINK_REL, plain_excerpt, render

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "form", "meta", "base", "link", "svg",
    "math", "noscript", "template", "textarea", "button", "input", "details",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
}


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name == "style":
                self.problems.append("style=")
            if name in URL_ATTRIBUTES and value is not None:
                squashed = "".join(ch for ch in value if ord(ch) > 0x20).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text")):
                    self.problems.append(f"{name}={value!r}")


def problems_in(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def _line_list(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return [line for line in text.splitlines() if line.strip()]


def _html_attack_strings() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for path in sorted((CORPORA / "xss").rglob("*")):
        if path.suffix == ".txt":
            cases += [(f"{path.name}:{i}", line) for i, line in enumerate(_line_list(path))]
        elif path.suffix == ".svg":
            cases.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix == ".json":
            for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                payload = item.get("payload") if isinstance(item, dict) else item
                if isinstance(payload, str):
                    cases.append((f"{path.name}:{i}", payload))
    blns = json.loads((CORPORA / "naughty_strings" / "blns.json").read_text(encoding="utf-8"))
    cases += [(f"blns:{i}", s) for i, s in enumerate(blns)]
    return cases


ATTACKS = _html_attack_strings()


def test_corpora_are_present():
    assert len(ATTACKS) > 1000, f"expected the shared attack corpora under {CORPORA}"


def test_every_attack_string_renders_inert():
    failures = []
    for name, payload in ATTACKS:
        html = render(payload.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        found = problems_in(html)
        if found:
            failures.append((name, payload[:80], found))
    assert failures == []


def _render_cases() -> list[dict]:
    path = CORPORA / "markdown" / "markdown_render_cases.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# `max_render_ms` expectations are measured by the benchmarks, never asserted as timings here;
# rendering those pathological inputs at all is what this test checks.
@pytest.mark.parametrize("case", _render_cases(), ids=lambda case: case["id"])
def test_markdown_render_cases(case):
    html = render(case["input"])
    expect = case["expect"]
    assert problems_in(html) == []
    text = visible_text(html)
    if "text_contains" in expect:
        assert expect["text_contains"] in text
    for absent in expect.get("text_not_contains", []):
        assert absent not in text
    for fragment in expect.get("html_contains", []):
        assert fragment in html
    for rel in expect.get("link_rel_contains", []):
        assert rel in html


def test_markdown_features_members_use():
    html = render("**bold** ~~gone~~ https://example.org\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<strong>bold</strong>" in html
    assert "<s>gone</s>" in html or "<del>gone</del>" in html
    assert "<table>" in html
    assert f'rel="{LINK_REL}"' in html


def test_raw_html_is_shown_as_text_not_run():
    html = render('<img src=x onerror="alert(1)"> <b>hi</b>')
    assert "<img" not in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        "[x](java\tscript:alert(1))",
    ],
)
def test_dangerous_link_schemes_are_dropped(link):
    assert problems_in(render(link)) == []
    assert "<a " not in render(link), "a dangerous link must stay plain text"


def test_plain_excerpt_strips_markup_and_shortens():
    text = "# Title\n\nSome **bold** &amp; text " + "word " * 100
    excerpt = plain_excerpt(text, 60)
    assert "**" not in excerpt and "<" not in excerpt
    assert excerpt.endswith("…") and len(excerpt) <= 60
    assert "& text" in plain_excerpt("a &amp; text")
