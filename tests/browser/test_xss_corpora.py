"""Every string in ../shared/corpora/ that targets HTML, posted as a body, is inert in chromium.

The discussions are made through the community service and their replies stored in bulk with
the service's own renderer (see `_post_corpus`), chunked into a few long discussions, each
reply quoting the one before so every payload is also shown in a quote; the discussion bodies
and titles carry payloads too. Then the
pages are opened in the real browser: no dialog, nothing reaching the `window.__xss` trap, no
console or uncaught script error, and nothing executable left in the live DOM.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from carecommons.community import services
from carecommons.community import views as community_views
from carecommons.community.models import Discussion, Reply
from tests.browser.conftest import (
    assert_accessible,
    assert_assets_loaded,
    screenshot_both_widths,
)
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.browser

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
BODY_MAX = django_settings.CARECOMMONS["BODY_MAX_LENGTH"]
TITLE_MAX = django_settings.CARECOMMONS["TITLE_MAX_LENGTH"]
PER_DISCUSSION = 450

# Any call a payload would make to show it ran lands in window.__xss (and the real dialog,
# which the page watch also fails on, still opens).
TRAP = """
(() => {
  window.__xss = undefined;
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      window.__xss = (window.__xss || []).concat([name + '(' + args.join(',') + ')']);
      return original.apply(window, args);
    };
  }
})();
"""

# What is left in the live DOM after the browser parsed the page: nothing that could run.
DANGEROUS_DOM = """
() => {
  const found = [];
  // Our own scripts are files under /static/ on this server; anything else is not ours.
  const ours = src => src && new URL(src, location.href).origin === location.origin
    && new URL(src, location.href).pathname.startsWith('/static/');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} has ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster',
           'background', 'srcdoc'].includes(name)) {
        const squeezed = attr.value.replace(/[\\x00-\\x20]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data:text)/.test(squeezed) || name === 'srcdoc')
          found.push(`${el.tagName} ${name}=${attr.value.slice(0, 80)}`);
      }
    }
  }
  for (const script of document.scripts) {
    if (!ours(script.src))
      found.push('script ' + (script.src || script.text.slice(0, 80)));
  }
  const banned = 'iframe, frame, object, embed, form, style, link, meta, base, svg, math, ' +
    'noscript, template, textarea, button, input, details, video, audio, source';
  for (const el of document.querySelectorAll('.post-body, .quote, h1')) {
    for (const bad of el.querySelectorAll(banned)) found.push(`${bad.tagName} inside a post`);
  }
  return found;
}
"""


AXE_FRAME = {
    "include": [
        [".site-header"],
        [".breadcrumbs"],
        [".discussion > header"],
        ["#replies-heading"],
        [".reply:nth-child(-n+3) header"],
        [".reply:nth-child(-n+3) .post-actions"],
        ["#composer"],
        [".site-footer"],
        [".group-header"],
        ["#discussion-list"],
    ]
}


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def html_corpus() -> list[str]:
    """Every string that targets HTML, without duplicates, as a member could post it."""
    strings: list[str] = []
    for path in sorted((CORPORA / "xss").glob("*.txt")):
        strings += _lines(path)
    strings += [
        item["payload"] for item in json.loads((CORPORA / "xss/dompurify_expect.json").read_text())
    ]
    strings += json.loads((CORPORA / "naughty_strings/blns.json").read_text())
    for line in _lines(CORPORA / "markdown/markdown_render_cases.jsonl"):
        strings.append(json.loads(line)["input"])
    postable = []
    for text in dict.fromkeys(strings):
        # The form refuses NUL characters and bodies over the limit; the rest of the
        # string is still worth posting.
        text = text.replace("\x00", "")
        if text.strip() and len(text) <= BODY_MAX:
            postable.append(text)
    return postable


def test_corpus_is_complete():
    corpus = html_corpus()
    assert len(corpus) > 2_000
    assert any("<script>alert(1)</script>" in text for text in corpus)
    assert any(text.startswith("[click](javascript:") for text in corpus)


@pytest.fixture
def corpus_discussions(transactional_db, monkeypatch):
    monkeypatch.setattr(community_views, "REPLIES_PER_PAGE", PER_DISCUSSION + 50)
    corpus = html_corpus()
    group = GroupFactory(slug="corpus", name="Corpus")
    authors = [UserFactory(username="xss_author"), UserFactory(username="xss_replier")]
    discussions = []
    # One transaction around the set-up: the services' own atomic blocks become savepoints.
    with transaction.atomic():
        discussions = _post_corpus(corpus, group, authors)
    return group, discussions


def _post_corpus(corpus, group, authors):
    """One discussion per chunk through the service; its replies in bulk.

    Posting 2,400 replies one by one through `services.post_reply` runs the before-post
    checks and after-post hooks (notifications, mentions) for each and takes minutes, which
    none of them changes what is shown. The replies are stored in bulk with the exact HTML
    the service stores: `services.render_post` (Markdown, nh3, then the render hooks).
    """
    discussions = []
    for start in range(0, len(corpus), PER_DISCUSSION + 1):
        chunk = corpus[start : start + PER_DISCUSSION + 1]
        title = f"Corpus {start // (PER_DISCUSSION + 1) + 1}: {chunk[0]}"[:TITLE_MAX]
        if len(title.strip()) < 8:
            title = f"Corpus {start}"
        discussion = services.create_discussion(
            author=authors[0], group=group, title=title, body=chunk[0]
        )
        replies = Reply.objects.bulk_create(
            Reply(
                discussion=discussion,
                number=number,
                author=authors[number % 2],
                body=body,
                body_html=services.render_post(body),
            )
            for number, body in enumerate(chunk[1:], start=1)
        )
        # Each reply quotes the one before, so every payload is also shown in a quote.
        replies = list(Reply.objects.filter(discussion=discussion).order_by("number"))
        for previous, reply in itertools.pairwise(replies):
            reply.quote_of = previous
        Reply.objects.bulk_update(replies, ["quote_of"], batch_size=500)
        Discussion.objects.filter(pk=discussion.pk).update(
            last_reply_number=len(replies),
            reply_count=len(replies),
            last_activity_at=timezone.now(),
            answered=True,
        )
        discussions.append((discussion, len(replies)))
    return discussions


def _check_inert(page, name: str, axe) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # let any timer-based payload fire
    assert page.evaluate("() => window.__xss") is None, page.evaluate("() => window.__xss")
    assert page.watch.dialogs == [], page.watch.dialogs
    leftovers = page.evaluate(DANGEROUS_DOM)
    assert leftovers == [], f"{page.url}:\n" + "\n".join(leftovers[:50])
    assert_assets_loaded(page)
    # The page around the posts must be accessible. What members write (an empty link text
    # in a payload, say) is theirs, and axe over 450 posts takes over 10 s, so it looks at the
    # page's frame and the first replies' headers.
    assert_accessible(page, axe, context=AXE_FRAME)
    screenshot_both_widths(page, name, full_page=False)
    page.watch.assert_clean()


def test_html_corpora_render_inert(person, live_server, corpus_discussions, axe):
    group, discussions = corpus_discussions
    page = person()
    page.add_init_script(TRAP)

    page.goto(group.get_absolute_url())
    _check_inert(page, "xss-group-list", axe)

    for number, (discussion, replies) in enumerate(discussions, start=1):
        page.goto(discussion.get_absolute_url())
        assert page.locator(".reply-list > li.reply").count() == replies
        assert page.locator(".reply-list .quote").count() == replies - 1
        _check_inert(page, f"xss-discussion-{number}", axe)

    # Raw HTML is shown as text, never parsed.
    page.goto(discussions[0][0].get_absolute_url())
    assert page.get_by_text("<script>alert(1)</script>").count() >= 1


def test_the_checks_catch_a_script_that_runs(person, live_server, axe):
    """The detectors above are live: a script that does run is caught by each of them."""
    group = GroupFactory(slug="probe", name="Probe")
    discussion = services.create_discussion(
        author=UserFactory(username="probe_pat"),
        group=group,
        title="A harmless discussion",
        body="Nothing to see here.",
    )
    page = person()
    page.add_init_script(TRAP)
    page.goto(discussion.get_absolute_url())
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate(DANGEROUS_DOM) == []

    page.evaluate(
        """() => {
            const body = document.querySelector('.post-body');
            body.insertAdjacentHTML('beforeend',
                '<img src="data:," onerror="alert(7)"><a href="java\\tscript:alert(8)">x</a>');
            setTimeout(() => { throw new Error('probe error'); });
        }"""
    )
    page.wait_for_function("() => window.__xss !== undefined")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__xss") == ["alert(7)"]
    assert page.watch.dialogs == ["alert: '7'"]
    found = page.evaluate(DANGEROUS_DOM)
    assert any("onerror" in item for item in found), found
    assert any("java" in item for item in found), found
    assert any("probe error" in problem for problem in page.watch.problems)
    page.watch.problems.clear()

    # And axe does fail a page with a serious problem (a button nobody can name).
    page.evaluate(
        "() => document.querySelector('.post-body').append(document.createElement('button'))"
    )
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page, axe, context={"include": [[".post-body"]]})
