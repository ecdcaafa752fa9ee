"""The posting hooks: approval for new members, links, rate limit, suspension, safety flag."""

from __future__ import annotations

import pytest
from django.core import mail

from carecommons.community.models import PostStatus
from carecommons.community.services import PostRefused
from carecommons.moderation import services
from carecommons.moderation.models import Flag, FlagReason, RateLimitSetting
from tests.factories import DiscussionFactory, UserFactory


def test_new_members_first_posts_wait_then_publish(knobs, newcomer, public_group, web_post):
    first = web_post(
        author=newcomer,
        group=public_group,
        title="Hello from a parent",
        body="Our son has low counts.",
    )
    assert first.status == PostStatus.PENDING
    flag = Flag.objects.get(discussion=first)
    assert flag.reason == FlagReason.APPROVAL and flag.reporter is None
    public_group.refresh_from_db()
    assert public_group.discussion_count == 0


def test_count_is_configurable_and_zero_switches_it_off(knobs, newcomer, public_group, web_post):
    knobs.new_member_approvals = 0
    knobs.save()
    post = web_post(
        author=newcomer,
        group=public_group,
        title="Hello from a parent",
        body="Our son has low counts.",
    )
    assert post.status == PostStatus.PUBLISHED


def test_after_enough_approved_posts_a_member_posts_freely(
    knobs, newcomer, public_group, moderator, web_post
):
    knobs.new_member_approvals = 1
    knobs.save()
    first = web_post(
        author=newcomer,
        group=public_group,
        title="Hello from a parent",
        body="Our son has low counts.",
    )
    services.approve_post(first, by=moderator)
    second = web_post(author=newcomer, discussion=first, body="Thank you all for the welcome.")
    assert second.status == PostStatus.PUBLISHED
    # …but a link from someone who joined days ago still waits.
    third = web_post(author=newcomer, discussion=first, body="See https://example.org/cheap-pills")
    assert third.status == PostStatus.PENDING
    assert Flag.objects.get(reply=third).details == "new member: post with a link"


def test_staff_and_scripted_posts_are_not_held(knobs, staff, newcomer, public_group, web_post):
    mentor_post = web_post(
        author=staff["mentor"], group=public_group, title="Mentor hello", body="Welcome, everyone."
    )
    assert mentor_post.status == PostStatus.PUBLISHED
    # The demo loader, imports and factories write outside a web request.
    scripted = DiscussionFactory(author=newcomer, group=public_group)
    assert scripted.status == PostStatus.PUBLISHED


def test_posting_is_rate_limited_with_a_clear_message(knobs, member, discussion, web_post):
    RateLimitSetting.objects.create(settings_row=knobs, scope="post", count=2, window_minutes=10)
    knobs.new_member_approvals = 0
    knobs.save()
    web_post(author=member, discussion=discussion, body="First reply from me.")
    web_post(author=member, discussion=discussion, body="Second reply from me.")
    with pytest.raises(PostRefused) as refused:
        web_post(author=member, discussion=discussion, body="Third reply from me.")
    assert "Please try again in" in refused.value.message


def test_admin_edited_limit_feeds_the_shared_limiter(knobs):
    from carecommons.core import ratelimit

    assert ratelimit.limit_for("flag") == (20, 3600)
    RateLimitSetting.objects.create(settings_row=knobs, scope="flag", count=3, window_minutes=5)
    assert ratelimit.limit_for("flag") == (3, 300)


def test_a_suspended_member_cannot_post(member, moderator, discussion):
    services.suspend_member(member, by=moderator, reason="Repeated insults", days=3)
    with pytest.raises(PostRefused) as refused:
        DiscussionFactory(author=member, group=discussion.group)
    assert (
        "suspended until" in refused.value.message and "Repeated insults" in refused.value.message
    )


def test_emergency_post_gets_a_danger_flag_at_the_top(
    member, public_group, other_member, discussion
):
    services.flag_post(other_member, discussion, reason=FlagReason.SPAM)
    urgent = DiscussionFactory(
        author=member,
        group=public_group,
        title="Fever tonight",
        body="My son's ANC is 310 and he has a fever of 38.7 tonight.",
    )
    flag = Flag.objects.get(discussion=urgent)
    assert flag.reason == FlagReason.DANGER and "fever-with-low-counts" in flag.details
    from carecommons.moderation.selectors import queue

    assert queue()[0].discussion == urgent


def test_editing_a_post_into_an_emergency_flags_it(member, discussion):
    from carecommons.community.services import edit_discussion

    edit_discussion(
        discussion,
        editor=member,
        title=discussion.title,
        body="I can't breathe and my lips are turning blue.",
    )
    assert Flag.objects.filter(discussion=discussion, reason=FlagReason.DANGER).exists()


def test_pending_post_notice_and_approval_tell_the_author(
    client, knobs, newcomer, public_group, moderator, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    response = client.post(
        f"/groups/{public_group.slug}/new/",
        {"title": "Hello from a new parent", "body": "Our daughter is 2 and her ANC was 900."},
        follow=True,
    )
    assert "waiting for a moderator" in response.content.decode()
    post = newcomer.discussions.get()
    assert post.status == PostStatus.PENDING
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/post/d/{post.pk}/approve/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert newcomer.notifications.filter(kind="moderation").exists()
    assert any("approved" in message.subject for message in mail.outbox)


def test_new_member_post_via_web_waits_only_on_the_site(client, knobs, public_group):
    lone = UserFactory(username="lone_lu")
    client.force_login(lone)
    client.post(
        f"/groups/{public_group.slug}/new/",
        {"title": "First time posting here", "body": "Hello, I am new and a bit lost."},
    )
    assert lone.discussions.get().status == PostStatus.PENDING


def test_approval_is_off_until_an_administrator_saves_the_settings(
    newcomer, public_group, web_post
):
    post = web_post(
        author=newcomer,
        group=public_group,
        title="Hello from a parent",
        body="Our son has low counts.",
    )
    assert post.status == PostStatus.PUBLISHED
    assert services.community_settings().new_member_approvals == 0
