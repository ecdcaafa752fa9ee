"""Moderation, mentoring and safety in a real browser, as members, mentors and moderators do it.

- a new member's first post waits for approval; a moderator approves it;
- a member flags a reply; a moderator hides it with a reason; the author is told;
- a mentor answers a waiting discussion with a saved reply;
- an emergency-like post shows the notice as it is typed and after posting, and lands at the
  top of the moderation queue.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carecommons.community.models import Discussion, PostStatus, Reply
from carecommons.moderation import services
from carecommons.moderation.models import Flag, FlagReason, ModerationSettings, SavedReply
from tests.browser.conftest import inspect_page, sign_in
from tests.factories import DiscussionFactory, GroupFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def group(db):
    return GroupFactory(slug="blood-disorders", name="Blood disorders")


@pytest.fixture
def moderator(db):
    return UserFactory(username="mod_marguerite", roles=["moderator"])


def test_new_members_first_post_waits_and_a_moderator_approves_it(person, group, moderator, axe):
    ModerationSettings.objects.create(pk=1)  # the recommended values: 2 posts wait
    UserFactory(username="newcomer_nell")
    nell = person()
    sign_in(nell, "newcomer_nell")
    nell.goto(f"/groups/{group.slug}/new/")
    expect(
        nell.get_by_role("heading", name="Before your first post: our guidelines")
    ).to_be_visible()
    inspect_page(nell, "moderation-01-composer-with-guidelines", axe=axe)
    nell.get_by_role("button", name="I have read the guidelines").click()
    expect(nell.get_by_text("Thank you for reading the guidelines")).to_be_visible()
    nell.locator("#id_title").fill("Hello from a new caregiver")
    nell.get_by_role("textbox", name="Message").fill(
        "My husband's counts are low and I am learning."
    )
    nell.get_by_role("button", name="Post discussion").click()
    expect(nell.get_by_text("waiting for a moderator to approve it")).to_be_visible()
    inspect_page(nell, "moderation-02-post-waiting", axe=axe)
    post = Discussion.objects.get(title="Hello from a new caregiver")
    assert post.status == PostStatus.PENDING

    max_ = person()
    sign_in(max_, moderator.username)
    max_.get_by_role("navigation", name="Staff").get_by_role("link", name="Moderation").click()
    item = max_.locator(f"#queue-d-{post.pk}")
    expect(item.get_by_text("Waiting for approval").first).to_be_visible()
    inspect_page(max_, "moderation-03-queue-approval", axe=axe)
    item.get_by_role("button", name="Approve").click()
    expect(max_.get_by_text("The post is approved and published")).to_be_visible()
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.author.notifications.filter(kind="moderation", title__contains="approved").exists()


def test_member_flags_a_reply_and_a_moderator_hides_it_with_a_reason(person, group, moderator, axe):
    asker = UserFactory(username="asker_ana")
    advisor = UserFactory(username="advisor_abe")
    discussion = DiscussionFactory(
        author=asker, group=group, title="Counts dropped again this week"
    )
    reply = ReplyFactory(
        author=advisor, discussion=discussion, body="You should double your dose tonight."
    )

    ana = person()
    sign_in(ana, "asker_ana")
    ana.goto(discussion.get_absolute_url())
    ana.get_by_role("link", name="Flag reply 1").click()
    inspect_page(ana, "moderation-04-flag-form", axe=axe)
    ana.get_by_label("Medical misinformation").check()
    ana.get_by_label("Anything a moderator should know?").fill("It tells me to change my dose.")
    ana.get_by_role("button", name="Send to the moderators").click()
    expect(ana.get_by_text("Thank you for telling us")).to_be_visible()

    max_ = person()
    sign_in(max_, moderator.username)
    max_.goto("/moderation/")
    item = max_.locator(f"#queue-r-{reply.pk}")
    expect(item.get_by_text("It tells me to change my dose.")).to_be_visible()
    item.get_by_role("link", name="Hide, edit or more…").click()
    inspect_page(max_, "moderation-05-post-actions", axe=axe)
    # A reason is required: an empty one is refused and nothing changes.
    max_.get_by_role("button", name="Hide", exact=True).click()
    expect(max_.get_by_text("Please give a reason")).to_be_visible()
    max_.locator("#id_hide-reason").fill("Tells someone to change a dose; please share experience")
    max_.get_by_role("button", name="Hide", exact=True).click()
    expect(max_.get_by_text("The post is hidden and its author is told why")).to_be_visible()
    reply.refresh_from_db()
    assert reply.status == PostStatus.HIDDEN
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()

    abe = person()
    sign_in(abe, "advisor_abe")
    told = advisor.notifications.get(kind="moderation")
    assert "Tells someone to change a dose" in told.title
    abe.goto(discussion.get_absolute_url())
    expect(abe.get_by_text("Hidden by a moderator: members do not see this reply.")).to_be_visible()
    inspect_page(abe, "moderation-06-author-sees-hidden-reply", axe=axe)


def test_mentor_answers_a_waiting_discussion_with_a_saved_reply(person, group, axe):
    UserFactory(username="mentor_walt", roles=["mentor"])
    asker = UserFactory(username="quiet_quinn", display_name="Quinn")
    waiting = DiscussionFactory(
        author=asker,
        group=group,
        title="Nobody has answered my question yet",
        at=timezone.now() - timedelta(hours=30),
    )
    SavedReply.objects.create(
        owner=None,
        title="Welcome",
        body="Welcome, {name}. You can ask for an appointment at {care_request_url}.",
    )

    walt = person()
    sign_in(walt, "mentor_walt")
    walt.get_by_role("navigation", name="Staff").get_by_role("link", name="Mentoring").click()
    expect(walt.get_by_role("heading", name="Waiting for an answer")).to_be_visible()
    inspect_page(walt, "moderation-07-waiting-queue", axe=axe)
    walt.get_by_role("link", name=waiting.title).click()
    walt.get_by_text("Insert a saved reply").click()
    walt.get_by_role("button", name="Insert “Welcome”").click()
    box = walt.get_by_role("textbox", name="Reply")
    expect(box).to_have_value("Welcome, Quinn. You can ask for an appointment at /care/request/.")
    inspect_page(walt, "moderation-08-saved-reply-inserted", axe=axe)
    walt.get_by_role("button", name="Post reply").click()
    expect(walt.get_by_text("Your reply is posted.")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.answered
    assert Reply.objects.get(discussion=waiting).body.startswith("Welcome, Quinn.")


def test_emergency_post_shows_the_notice_and_tops_the_queue(person, group, moderator, axe):
    ModerationSettings.objects.create(pk=1, new_member_approvals=0)
    parent = UserFactory(username="parent_pia", country="IQ")
    other = UserFactory(username="other_oz")
    older = DiscussionFactory(author=other, group=group, title="Selling supplements here")
    services.flag_post(parent, older, reason=FlagReason.SPAM)

    pia = person()
    sign_in(pia, "parent_pia")
    pia.goto(f"/groups/{group.slug}/new/")
    pia.locator("#id_title").fill("Fever tonight and his counts are low")
    pia.get_by_role("textbox", name="Message").fill(
        "My son's ANC is 310 and he has a fever of 38.7 tonight. What should we do?"
    )
    preview = pia.locator("#safety-preview")
    expect(preview.get_by_role("heading", name="This may be urgent")).to_be_visible()
    expect(preview).to_contain_text("911")
    inspect_page(pia, "moderation-09-emergency-preview", axe=axe)
    pia.get_by_role("button", name="Post discussion").click()
    expect(pia.get_by_role("heading", name="Only you see this: this may be urgent")).to_be_visible()
    inspect_page(pia, "moderation-10-emergency-after-posting", axe=axe)
    urgent = Discussion.objects.get(title="Fever tonight and his counts are low")

    max_ = person()
    sign_in(max_, moderator.username)
    max_.goto("/moderation/")
    first = max_.locator(".queue-item").first
    expect(first).to_have_id(f"queue-d-{urgent.pk}")
    expect(first.get_by_text("Someone may be in danger").first).to_be_visible()
    inspect_page(max_, "moderation-11-queue-danger-first", axe=axe)
