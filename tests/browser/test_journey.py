"""A newcomer's first day, driven in a real browser as a person would.

Sign up → confirm the email read from a real SMTP server → join a group → start a discussion
(after a rejected first try that keeps what was typed) → a second member replies (their unsent
reply survives a reload) → the first member answers → the second member quotes that answer →
the first member sees the quote.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import inspect_page, sign_in, text_part
from tests.factories import GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.smtp]

TITLE = "Our toddler's neutrophils were low again"
BODY = (
    "Our son is 14 months old. His neutrophil count came back at **0.6** again and the "
    "haematologist wants to wait and repeat it in four weeks.\n\n"
    "How did you cope with the waiting?"
)


def post_reply(page, text: str) -> None:
    page.get_by_role("textbox", name="Reply:", exact=True).fill(text)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()


def test_newcomer_signs_up_posts_and_is_quoted(person, smtp_server, live_server, settings, axe):
    settings.SITE_URL = live_server.url  # so the emailed link points at this server
    GroupFactory(slug="blood-disorders", name="Blood disorders")
    GroupFactory(slug="caregivers", name="Caregivers")
    UserFactory(username="sam_carer")

    lena = person()

    # A visitor arrives and signs up.
    lena.goto("/")
    inspect_page(lena, "journey-01-home-visitor", axe=axe)
    lena.get_by_role("link", name="Join", exact=True).click()
    expect(lena.get_by_role("heading", name="Join the community")).to_be_visible()
    inspect_page(lena, "journey-02-signup", axe=axe)
    lena.get_by_label("Username:", exact=True).fill("lena_m")
    lena.get_by_label("Email:", exact=True).fill("lena@example.org")
    lena.get_by_label("Password:", exact=True).fill("password123")
    lena.get_by_label("I am here as:", exact=True).select_option("caregiver")
    lena.get_by_role("button", name="Create my account").click()
    # A common password is refused; what she typed (but the password) is kept.
    expect(lena.get_by_text("Your account was not created yet.")).to_be_visible()
    expect(lena.get_by_label("Username:", exact=True)).to_have_value("lena_m")
    expect(lena.get_by_label("Email:", exact=True)).to_have_value("lena@example.org")
    expect(lena.get_by_label("I am here as:", exact=True)).to_have_value("caregiver")
    expect(lena.get_by_label("Password:", exact=True)).to_have_value("")
    inspect_page(lena, "journey-02b-signup-rejected", axe=axe)
    assert smtp_server.messages == []
    lena.get_by_label("Password:", exact=True).fill("violet-harbour-lantern-7")
    lena.get_by_role("button", name="Create my account").click()
    expect(lena.get_by_role("heading", name="Check your email")).to_be_visible()
    inspect_page(lena, "journey-03-check-your-email", axe=axe)

    # The confirmation email really went over SMTP; she opens its link.
    email = smtp_server.wait_for("lena@example.org")
    link = re.search(r"https?://\S+/accounts/confirm/\S+", text_part(email))
    assert link, text_part(email)
    assert link.group(0).startswith(live_server.url)
    lena.goto(link.group(0))
    expect(lena.get_by_text("your email address is confirmed")).to_be_visible()
    inspect_page(lena, "journey-04-email-confirmed", axe=axe)

    # She finds a group and joins it.
    lena.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    inspect_page(lena, "journey-05-groups", axe=axe)
    lena.get_by_role("link", name="Blood disorders").first.click()
    expect(lena.get_by_role("heading", name="Blood disorders", level=1)).to_be_visible()
    lena.get_by_role("button", name="Join group").click()
    expect(lena.get_by_role("button", name="Leave group")).to_be_visible()
    inspect_page(lena, "journey-06-group-joined", axe=axe)

    # Her first try has a too-short title: the form says so and keeps what she typed.
    lena.get_by_role("link", name="Start a discussion").click()
    inspect_page(lena, "journey-07-new-discussion", axe=axe)
    lena.get_by_label("Title:", exact=True).fill("Low ANC")
    lena.get_by_label("Message:", exact=True).fill(BODY)
    lena.get_by_role("button", name="Post discussion").click()
    expect(lena.get_by_text("The title needs at least 8 characters")).to_be_visible()
    expect(lena.get_by_label("Title:", exact=True)).to_have_value("Low ANC")
    expect(lena.get_by_label("Message:", exact=True)).to_have_value(BODY)
    inspect_page(lena, "journey-08-new-discussion-rejected", axe=axe)
    lena.get_by_label("Title:", exact=True).fill(TITLE)
    lena.get_by_role("button", name="Post discussion").click()
    expect(lena.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(lena.locator(".post-body strong")).to_have_text("0.6")
    discussion_url = lena.url.split("#")[0]
    inspect_page(lena, "journey-09-discussion-posted", axe=axe)

    # A second member signs in, starts a reply, reloads: the unsent text comes back.
    sam = person()
    sign_in(sam, "sam_carer")
    inspect_page(sam, "journey-10-member-signed-in", axe=axe)
    sam.goto(discussion_url)
    draft = "Waiting was the hardest part for us too. We kept a notebook of every count"
    sam.get_by_role("textbox", name="Reply:", exact=True).fill(draft)
    sam.wait_for_function(
        """() => Object.keys(localStorage).some(
            key => key.startsWith('carecommons-draft:')
                   && localStorage.getItem(key).includes('notebook'))"""
    )
    sam.reload()
    expect(sam.get_by_role("textbox", name="Reply:", exact=True)).to_have_value(draft)
    expect(sam.get_by_text("We restored the draft you had not sent yet.")).to_be_visible()
    inspect_page(sam, "journey-11-reply-draft-restored", axe=axe)
    sam.get_by_role("textbox", name="Reply:", exact=True).fill(
        draft + " and the questions we wanted to ask."
    )
    sam.get_by_role("button", name="Post reply").click()
    expect(sam.get_by_text("Your reply is posted.")).to_be_visible()
    expect(sam.locator("#reply-1")).to_contain_text("kept a notebook")
    # The draft is forgotten once the reply is posted.
    sam.reload()
    expect(sam.get_by_role("textbox", name="Reply:", exact=True)).to_have_value("")

    # Lena answers.
    lena.goto(discussion_url)
    expect(lena.locator("#reply-1")).to_contain_text("kept a notebook")
    post_reply(lena, "Thank you, a notebook is a good idea. Did the counts ever come back up?")
    expect(lena.locator("#reply-2")).to_contain_text("a notebook is a good idea")

    # Sam quotes Lena's answer with the Quote link.
    sam.goto(discussion_url)
    sam.locator("#reply-2").get_by_role("link", name="Quote").click()
    expect(sam.get_by_text("Quoting #2 by @lena_m.")).to_be_visible()
    inspect_page(sam, "journey-12-quoting", axe=axe)
    post_reply(sam, "Yes: by his second birthday they were in the normal range most of the time.")
    quoted = sam.locator("#reply-3")
    expect(quoted.locator("blockquote")).to_contain_text("In reply to @lena_m (#2)")

    # Lena comes back and sees the reply, with the quote linking to her answer.
    lena.goto(discussion_url)
    reply = lena.locator("#reply-3")
    expect(reply).to_contain_text("by his second birthday")
    quote_link = reply.get_by_role("link", name="In reply to @lena_m (#2)")
    expect(quote_link).to_be_visible()
    expect(reply.locator("blockquote")).to_contain_text("a notebook is a good idea")
    inspect_page(lena, "journey-13-sees-quoted-reply", axe=axe)
    quote_link.click()
    expect(lena).to_have_url(re.compile(r"#reply-2$"))
    expect(lena.locator("#reply-2")).to_be_in_viewport()
