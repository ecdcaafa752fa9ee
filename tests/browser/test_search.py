"""Search in a browser: similar stories while writing, and a misspelled search that recovers.

Uses the demo community (our own words), indexed and embedded exactly as on a real site: the
demo loader writes through the community services, the search hooks index in the same
transaction and the (immediate, in tests) worker embeds after commit.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import inspect_page, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, monkeypatch):
    from carecommons.demo.loader import load
    from carecommons.search import services
    from carecommons.search.models import SearchDocument

    # The demo has ~200 replies; embed each discussion once at the end, as `reindex` does,
    # instead of once per reply.
    with monkeypatch.context() as patch:
        patch.setattr(services, "schedule_embedding", lambda ids: None)
        load()
    services.embed_documents(list(SearchDocument.objects.values_list("pk", flat=True)))
    return UserFactory(username="writer_wen")


def test_discussions_like_yours_appear_while_writing(person, demo, axe):
    page = person()
    sign_in(page, "writer_wen")
    page.goto("/groups/blood-cancers-disorders/new/")
    box = page.locator("#similar-stories")
    expect(box).to_contain_text("As you write")
    page.locator("#id_title").fill("Our daughter's neutrophils are very low")
    page.locator("#id_body").press_sequentially(
        "She is one year old, her ANC was 400 and she has had three ear infections.", delay=5
    )
    expect(box.get_by_role("link").first).to_be_visible(timeout=15_000)
    expect(box).to_contain_text("ANC is 310")
    inspect_page(page, "search-discussions-like-yours", axe=axe)


def test_misspelled_search_finds_the_discussion_through_the_suggestion(person, demo, axe):
    page = person()
    page.goto("/")
    page.get_by_role("search").first.get_by_label("Search discussions and articles").fill(
        "neutrofils toddler"
    )
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    suggestion = page.locator(".search-suggestion")
    expect(suggestion).to_contain_text("Did you mean")
    inspect_page(page, "search-did-you-mean", axe=axe)
    suggestion.get_by_role("link").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("result")
    first = page.locator(".search-result").first
    expect(first.locator("mark").first).to_be_visible()
    inspect_page(page, "search-results", axe=axe)
    page.locator(".search-result h3 a").filter(has_text="neutrophils").first.click()
    expect(page.locator(".similar-box")).to_contain_text("Similar discussions")
    expect(page.locator(".similar-box").get_by_role("link").first).to_be_visible()
    inspect_page(page, "search-similar-discussions", axe=axe)
