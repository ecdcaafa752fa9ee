"""Mentions to digest email, in a real browser and a real SMTP server.

A mentions B with the keyboard-driven autocomplete → B's header count changes without a
reload → B opens the notification and lands on the reply → B's daily digest reaches the local
SMTP server with the right links → the unsubscribe link works with no sign-in.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carecommons.notifications import emails, services
from tests.browser.conftest import inspect_page, sign_in, text_part
from tests.factories import DiscussionFactory, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.smtp]


def test_mention_count_landing_digest_and_unsubscribe(
    person, smtp_server, live_server, settings, axe
):
    settings.SITE_URL = live_server.url  # so the emailed links point at this server
    # The header polls every second here (30 s on a real site) so the test stays short.
    settings.CARECOMMONS_NOTIFICATION_POLL_SECONDS = 1
    settings.CARECOMMONS_DIGEST_HOUR = 7
    group = GroupFactory(slug="blood-disorders", name="Blood disorders")
    anna = UserFactory(username="anna_carer")
    bo = UserFactory(username="bo_mentor")
    UserFactory(username="bob_elsewhere")
    discussion = DiscussionFactory(
        author=bo, group=group, title="Waiting four weeks for a repeat count"
    )
    services.set_email_frequency(bo, "mention", "daily")
    # Anna is an established member: her earlier posts mean new posts skip first-post review.
    for number in range(3):
        DiscussionFactory(author=anna, group=group, title=f"Anna's earlier story {number}")

    b = person()
    sign_in(b, "bo_mentor")
    b.goto("/groups/")
    expect(b.locator("#notification-count")).to_have_text("")
    inspect_page(b, "notifications-01-header-before", axe=axe)

    a = person()
    sign_in(a, "anna_carer")
    a.goto(discussion.get_absolute_url())
    # A labelled textbox until the member list opens, then a combobox (see notifications.js).
    expect(a.get_by_role("textbox", name="Reply")).to_be_visible()
    composer = a.locator('textarea[name="body"]')
    composer.click()
    composer.press_sequentially("Thank you @bo")
    listbox = a.get_by_role("listbox", name="Members to mention")
    expect(listbox).to_be_visible()
    # Bo started this discussion, so Bo is ranked above a member who is not in it.
    expect(listbox.get_by_role("option").first).to_contain_text("@bo_mentor")
    expect(a.get_by_role("combobox", name="Reply")).to_have_attribute("aria-expanded", "true")
    expect(a.get_by_role("status").filter(has_text="match")).to_have_count(1)
    inspect_page(a, "notifications-02-mention-autocomplete", axe=axe, full_page=False)
    composer.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    composer.press("Enter")
    expect(listbox).to_be_hidden()
    composer.press_sequentially("for sharing what helped.")
    expect(composer).to_have_value("Thank you @bo_mentor for sharing what helped.")
    # Let the composer's own background requests (the safety preview) settle before leaving.
    a.wait_for_load_state("networkidle")
    a.get_by_role("button", name="Post reply").click()
    expect(a.get_by_text("Your reply is posted.")).to_be_visible()
    expect(a.locator("a.mention", has_text="@bo_mentor")).to_be_visible()
    a.watch.assert_clean()

    # B's header count changes by itself.
    expect(b.locator("#notification-count")).to_contain_text("1", timeout=10_000)
    inspect_page(b, "notifications-03-header-after", axe=axe)
    b.get_by_role("link", name=re.compile("Notifications")).click()
    expect(b.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    inspect_page(b, "notifications-04-centre", axe=axe)
    b.get_by_role("link", name=re.compile("anna_carer mentioned you in")).click()
    expect(b).to_have_url(re.compile(r"#reply-1$"))
    expect(b.locator("#reply-1")).to_contain_text("Thank you @bo_mentor")
    expect(b.locator("#notification-count")).to_have_text(re.compile(r"^\s*$"), timeout=10_000)
    inspect_page(b, "notifications-05-landed-on-reply", axe=axe)

    # The worker's tick sends the daily digest after its hour; here the tick is run directly.
    tz = ZoneInfo(settings.TIME_ZONE)
    tomorrow = timezone.localtime().date() + timedelta(days=1)
    at = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 8, 0, tzinfo=tz)
    from carecommons.notifications.models import Notification

    # Bo read it on the site; a digest lists unread ones, so mark it unread to see one sent.
    Notification.objects.filter(recipient=bo).update(read_at=None)
    assert emails.send_digests(at) == 1
    assert emails.send_digests(at) == 0
    assert emails.deliver_outbox(at) == (1, 0)
    message = smtp_server.wait_for(bo.email)
    assert message["Subject"] == "Daily digest: 1 new"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_part(message)
    reply_link = f"{live_server.url}/discussions/{discussion.pk}/r/1/"
    assert reply_link in text
    unsubscribe = re.search(r"Unsubscribe from these emails: (\S+)", text).group(1)
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"

    # The link alone, in a browser that has never signed in.
    stranger = person()
    stranger.goto(reply_link)
    expect(stranger.locator("#reply-1")).to_contain_text("Thank you @bo_mentor")
    stranger.goto(unsubscribe)
    expect(stranger.get_by_text("someone mentions me")).to_be_visible()
    inspect_page(stranger, "notifications-06-unsubscribe", axe=axe)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("status").filter(has_text="Done.")).to_be_visible()
    inspect_page(stranger, "notifications-07-unsubscribed", axe=axe)
    assert services.email_frequency(bo, "mention") == "never"

    b.goto("/settings/notifications/")
    expect(b.get_by_role("group", name="Someone mentions me").get_by_label("Never")).to_be_checked()
    inspect_page(b, "notifications-08-settings", axe=axe)
    b.goto("/messages/")
    inspect_page(b, "notifications-09-messages", axe=axe)
