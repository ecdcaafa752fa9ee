"""The expert column end to end, in a real browser.

A visitor asks a question (email confirmed through a real SMTP server) → an editor triages it
and assigns it → the expert answers → the editor anonymises it (with identifiers highlighted)
and publishes → the visitor's private status link shows it published → a member shares their
experience under the article.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from carecommons.accounts.roles import Role
from tests.browser.conftest import inspect_page, sign_in, text_part
from tests.factories import PASSWORD, DiscussionFactory, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.smtp]

QUESTION = (
    "My son Oliver turned one in March and we live in Millbrook. His neutrophil count came "
    "back at 310 after his fourth ear infection. What does such a low number mean at his age?"
)
ANONYMISED = (
    "My son is a little over one year old. His neutrophil count came back at 310 after "
    "several ear infections. What does such a low number mean at his age?"
)
ANSWER = (
    "A count of 310 is low for a child of that age: under 500 is called severe. A passing "
    "virus is the most common reason, and the count often comes back up within weeks. Expect "
    "the test to be repeated. If he has a temperature of 38.0 °C (100.4 °F) or more, call the "
    "care team at once, day or night."
)


def sign_in_shown_as(page, username: str, shown: str) -> None:
    """Sign in through the form; the header shows the member's display name."""
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("navigation", name="Your account").get_by_role("link", name=shown)
    ).to_be_visible()


def test_a_question_becomes_a_published_answer_with_a_discussion(
    person, smtp_server, live_server, settings, axe
):
    settings.SITE_URL = live_server.url
    group = GroupFactory(slug="blood-disorders", name="Blood disorders")
    UserFactory(username="editor_ed", roles=[Role.EDITOR])
    UserFactory(
        username="dr_eve",
        roles=[Role.EXPERT],
        display_name="Dr. Eve Example",
        specialty="Pediatric Hematology",
        institution="Example Children's Hospital",
        credentials="MD",
    )
    member_mo = UserFactory(username="member_mo")
    # An established member: new members' first posts wait for a moderator (moderation app).
    for number in range(3):
        DiscussionFactory(author=member_mo, group=group, title=f"Our story, part {number + 1}")

    # A visitor asks, without an account.
    visitor = person()
    visitor.goto("/")
    visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Ask an expert").click()
    expect(visitor.get_by_role("heading", name="Ask an expert")).to_be_visible()
    visitor.get_by_role("textbox", name="Your question").fill("Is 310 low?")
    visitor.get_by_role("button", name="Send my question").click()
    expect(visitor.get_by_text("needs at least 20 characters")).to_be_visible()
    expect(visitor.get_by_role("textbox", name="Your question")).to_have_value("Is 310 low?")
    inspect_page(visitor, "articles-01-ask-refused", axe=axe)
    visitor.get_by_role("textbox", name="Your question").fill(QUESTION)
    visitor.get_by_label("My child").check()
    visitor.get_by_label("Their age").select_option(label="Under 2 years")
    visitor.get_by_label("You may publish my question").check()
    visitor.get_by_label("Your email address").fill("parent@example.org")
    visitor.get_by_role("button", name="Send my question").click()
    expect(visitor.get_by_role("heading", name="Check your email")).to_be_visible()
    inspect_page(visitor, "articles-02-check-your-email", axe=axe)

    confirm = re.search(
        r"https?://\S+/ask/confirm/\S+/", text_part(smtp_server.wait_for("parent@example.org"))
    )
    assert confirm
    visitor.goto(confirm.group())
    expect(visitor.get_by_text("your email address is confirmed")).to_be_visible()
    status_url = visitor.url
    assert "/ask/status/" in status_url
    inspect_page(visitor, "articles-03-status-received", axe=axe)

    # The editor triages and assigns it, with the suggested expert.
    editor = person()
    sign_in(editor, "editor_ed")
    editor.get_by_role("link", name="Column desk").click()
    expect(editor.get_by_text("Submitted: 1")).to_be_visible()
    inspect_page(editor, "articles-04-editor-queue", axe=axe)
    editor.get_by_role("link", name=re.compile(r"Question #\d+")).first.click()
    editor.get_by_role("button", name="Mark as triaged").click()
    expect(editor.get_by_text("Triaged. Next, assign it")).to_be_visible()
    expect(editor.get_by_text("cares for children")).to_be_visible()
    inspect_page(editor, "articles-05-assign", axe=axe)
    editor.locator("#action-assign").get_by_label("Expert").select_option(
        label="Dr. Eve Example — Pediatric Hematology"
    )
    editor.get_by_role("button", name="Assign").click()
    expect(editor.get_by_text("Assigned to Dr. Eve Example")).to_be_visible()

    # The expert answers from their own queue.
    expert = person()
    sign_in_shown_as(expert, "dr_eve", "Dr. Eve Example")
    expert.get_by_role("link", name="Column desk").click()
    expect(expert.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    inspect_page(expert, "articles-06-expert-queue", axe=axe)
    expert.get_by_role("link", name=re.compile(r"Question #\d+")).first.click()
    expert.locator("#action-answer").get_by_role("textbox", name="Answer").fill(ANSWER)
    expert.get_by_role("button", name="Send my answer to the editor").click()
    expect(expert.get_by_text("your answer is with the editor")).to_be_visible()

    # The editor sees the identifiers highlighted, anonymises, and publishes.
    editor.reload()
    edit = editor.locator("#action-edit")
    expect(editor.locator("mark.identifier-name", has_text="Oliver").first).to_be_visible()
    expect(editor.locator("mark.identifier-place", has_text="Millbrook").first).to_be_visible()
    inspect_page(editor, "articles-07-anonymise", axe=axe)
    edit.get_by_label("Title").fill("A toddler with a very low neutrophil count")
    edit.get_by_label("Question as published").fill(ANONYMISED)
    edit.get_by_label("Group for the").select_option(label=group.name)
    edit.get_by_label("Tags").fill("neutropenia, children")
    edit.get_by_role("button", name="Save edits").click()
    expect(editor.get_by_text("Saved. Check the highlights once more")).to_be_visible()
    expect(editor.get_by_text("No names, places, dates")).to_be_visible()
    editor.locator("#action-publish").get_by_role("button", name="Publish").click()
    expect(editor.get_by_text("Published. The asker has been emailed a link.")).to_be_visible()

    # The visitor's private link shows it published, and leads to the article.
    visitor.goto(status_url)
    expect(visitor.get_by_text("Your question is published.")).to_be_visible()
    inspect_page(visitor, "articles-08-status-published", axe=axe)
    visitor.get_by_role("link", name=re.compile("Read the answer")).click()
    expect(
        visitor.get_by_role("heading", name="A toddler with a very low neutrophil count")
    ).to_be_visible()
    expect(visitor.get_by_text("Oliver")).to_have_count(0)
    expect(visitor.get_by_text("Pediatric Hematology").first).to_be_visible()
    inspect_page(visitor, "articles-09-article", axe=axe)

    # A member shares their experience under the article.
    member = person()
    sign_in(member, "member_mo")
    member.goto(visitor.url)
    member.get_by_role("link", name="Share your experience", exact=True).click()
    member.get_by_role("textbox", name="Reply").fill(
        "Our daughter's count was that low at 13 months; it came back up after a few weeks."
    )
    member.get_by_role("button", name="Post reply").click()
    expect(member.get_by_text("Your reply is posted.")).to_be_visible()
    # Let the discussion page's own fragments (notifications, similar stories) finish loading.
    member.wait_for_load_state("networkidle")
    member.goto(visitor.url)
    expect(member.get_by_text("it came back up after a few weeks")).to_be_visible()
    inspect_page(member, "articles-10-article-with-experience", axe=axe)

    # Finding it again: the index with its tag filter, and the expert's page.
    member.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    member.get_by_role("link", name="neutropenia").first.click()
    expect(member.get_by_role("heading", name="Articles tagged “neutropenia”")).to_be_visible()
    inspect_page(member, "articles-11-index", axe=axe)
    member.get_by_role("link", name="Dr. Eve Example").first.click()
    expect(member.get_by_role("heading", name=re.compile("Dr. Eve Example"))).to_be_visible()
    inspect_page(member, "articles-12-expert", axe=axe)
