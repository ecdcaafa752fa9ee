"""Flags, guidelines, mentors' tools, safety preview, lock-out and the queue's query budget."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecommons.audit.models import AuditEntry
from carecommons.moderation import services
from carecommons.moderation.models import (
    Flag,
    GuidelinesAcknowledgement,
    HelpfulMark,
    RateLimitSetting,
    SavedReply,
)
from tests.factories import PASSWORD, DiscussionFactory, ReplyFactory

# --- flags ----------------------------------------------------------------------------------


def test_member_flags_a_reply(client, member, reply):
    client.force_login(member)
    assert client.get(f"/moderation/flag/r/{reply.pk}/").status_code == 200
    response = client.post(
        f"/moderation/flag/r/{reply.pk}/", {"reason": "misinformation", "details": "Dose advice"}
    )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.reply, flag.reporter, flag.reason) == (reply, member, "misinformation")


def test_flag_other_needs_details_and_keeps_text(client, member, reply):
    client.force_login(member)
    response = client.post(f"/moderation/flag/r/{reply.pk}/", {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "Please tell the moderators" in response.content.decode()
    response = client.post(
        f"/moderation/flag/r/{reply.pk}/", {"reason": "nonsense", "details": "kept words"}
    )
    assert response.status_code == 400
    assert "kept words" in response.content.decode()
    assert not Flag.objects.exists()


def test_flag_is_rate_limited(client, member, reply, knobs):
    RateLimitSetting.objects.create(settings_row=knobs, scope="flag", count=1, window_minutes=60)
    client.force_login(member)
    client.post(f"/moderation/flag/r/{reply.pk}/", {"reason": "spam"})
    response = client.post(
        f"/moderation/flag/r/{reply.pk}/", {"reason": "harassment", "details": "typed"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please try again in" in page and "typed" in page


def test_flag_access(client, unverified, member, discussion, reply, moderator):
    assert client.get(f"/moderation/flag/d/{discussion.pk}/").status_code == 302
    client.force_login(unverified)
    assert (
        client.post(f"/moderation/flag/d/{discussion.pk}/", {"reason": "spam"}).status_code == 403
    )
    services.hide_post(reply, by=moderator, reason="x")
    client.force_login(member)
    assert client.get(f"/moderation/flag/r/{reply.pk}/").status_code == 404
    assert client.get("/moderation/flag/r/99999/").status_code == 404
    assert not Flag.objects.filter(reporter__isnull=False).exists()


def test_suspended_member_cannot_flag(client, member, moderator, discussion):
    services.suspend_member(member, by=moderator, reason="Cool off", days=1)
    client.force_login(member)
    response = client.post(f"/moderation/flag/d/{discussion.pk}/", {"reason": "spam"})
    assert response.status_code == 403
    assert "suspended" in response.content.decode()


def test_flag_and_moderate_links_on_the_discussion_page(
    client, member, other_member, moderator, discussion, reply
):
    client.force_login(member)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert f"/moderation/flag/r/{reply.pk}/" in page
    assert f"/moderation/flag/d/{discussion.pk}/" not in page  # own post
    assert "/moderation/post/" not in page
    client.force_login(moderator)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert f"/moderation/post/r/{reply.pk}/" in page


# --- the queue ------------------------------------------------------------------------------


def test_queue_orders_danger_first_then_oldest(
    client, moderator, member, other_member, public_group
):
    old = DiscussionFactory(author=member, group=public_group, title="An old spam report here")
    services.flag_post(other_member, old, reason="spam")
    Flag.objects.update(created_at=timezone.now() - timedelta(days=3))
    harassment = DiscussionFactory(author=member, group=public_group, title="Unkind words thread")
    services.flag_post(other_member, harassment, reason="harassment")
    danger = DiscussionFactory(
        author=member, group=public_group, title="Help tonight", body="I want to end my life."
    )
    client.force_login(moderator)
    page = client.get("/moderation/").content.decode()
    assert (
        page.index("Help tonight")
        < page.index("Unkind words thread")
        < page.index("An old spam report")
    )
    assert "Someone may be in danger" in page
    assert Flag.objects.get(discussion=danger).reporter is None


def test_queue_has_a_fixed_query_budget(
    client, moderator, member, other_member, public_group, knobs
):
    RateLimitSetting.objects.create(settings_row=knobs, scope="flag", count=500, window_minutes=60)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/moderation/")
        assert response.status_code == 200
        return len(queries)

    client.force_login(moderator)
    client.get("/moderation/")
    for _ in range(3):
        post = DiscussionFactory(author=member, group=public_group)
        services.flag_post(other_member, post, reason="spam")
    few = count()
    for _ in range(25):
        post = DiscussionFactory(author=member, group=public_group)
        services.flag_post(other_member, post, reason="harassment")
        reply = ReplyFactory(author=member, discussion=post)
        services.flag_post(other_member, reply, reason="other", details="Look")
    assert count() == few
    assert few <= 8


def test_queue_lists_reported_private_messages(client, moderator, member, other_member, discussion):
    from carecommons.messaging import services as messaging

    ReplyFactory(author=member, discussion=discussion)  # messaging asks for a published post
    conversation = messaging.start_conversation(
        author=member, recipients=[other_member], body="Hello there, how are you?"
    )
    report = messaging.report(conversation, reporter=other_member, reason="Asking for my address")
    client.force_login(moderator)
    page = client.get("/moderation/").content.decode()
    assert "Reported private messages" in page
    assert "Asking for my address" in page and report.get_absolute_url() in page


# --- guidelines -----------------------------------------------------------------------------


def test_admin_edits_guidelines_and_the_log_keeps_before_after(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/guidelines/edit/",
        {"body": "## Be kind\n\nShare experience, please, always.", "reason": "Shorter"},
    )
    assert response.status_code == 302
    assert "Be kind" in client.get("/guidelines/").content.decode()
    entry = AuditEntry.objects.get(action="moderation.guidelines_edited")
    assert entry.data["after"]["body"].startswith("## Be kind")


def test_guidelines_edit_errors_keep_text(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/guidelines/edit/", {"body": "too short text"})
    assert response.status_code == 400
    assert "too short text" in response.content.decode()


def test_guidelines_shown_in_composer_until_read(client, member, discussion, public_group):
    client.force_login(member)
    page = client.get(f"/groups/{public_group.slug}/new/").content.decode()
    assert "Before your first post: our guidelines" in page
    assert "members share experience, not medical advice" in page
    response = client.post("/guidelines/read/", {"next": discussion.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == discussion.get_absolute_url()
    assert GuidelinesAcknowledgement.objects.filter(user=member).exists()
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "Before your first post" not in page
    assert "members share experience, not medical advice" in page


def test_footer_links_the_guidelines(client, db):
    assert 'href="/guidelines/"' in client.get("/").content.decode()


def test_guidelines_read_refuses_offsite_next(client, member):
    client.force_login(member)
    response = client.post("/guidelines/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/guidelines/"


# --- safety ---------------------------------------------------------------------------------


def test_safety_preview_uses_the_members_country(client, member):
    member.country = "IQ"
    member.save()
    client.force_login(member)
    response = client.post("/safety/preview/", {"body": "I can't breathe and my chest hurts."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "911" in page and "This may be urgent" in page


def test_safety_preview_nudge_privacy_and_quiet(client, member):
    client.force_login(member)
    nudge = client.post(
        "/safety/preview/", {"body": "You should stop taking your pills."}
    ).content.decode()
    assert "suggest they ask their own care team" in nudge
    privacy = client.post(
        "/safety/preview/", {"body": "Call me on 555-123-4567 any time."}
    ).content.decode()
    assert "phone" in privacy.lower()
    quiet = client.post("/safety/preview/", {"body": "My fever broke last week."}).content.decode()
    assert quiet.strip() == ""
    too_long = client.post("/safety/preview/", {"body": "x" * 50_000})
    assert too_long.status_code == 400
    assert client.get("/safety/preview/").status_code == 405


def test_safety_preview_needs_sign_in(client, db):
    assert client.post("/safety/preview/", {"body": "I can't breathe"}).status_code == 302


def test_author_sees_the_notice_after_posting_and_others_do_not(
    client, member, other_member, public_group
):
    urgent = DiscussionFactory(
        author=member,
        group=public_group,
        title="Fever and low counts",
        body="My son's ANC is 310 and he has a fever of 38.7 tonight.",
    )
    client.force_login(member)
    page = client.get(urgent.get_absolute_url()).content.decode()
    assert "Only you see this: this may be urgent" in page and "38.0" in page
    client.force_login(other_member)
    assert "Only you see this" not in client.get(urgent.get_absolute_url()).content.decode()


# --- mentors --------------------------------------------------------------------------------


def test_waiting_queue_oldest_first_per_group(
    client, staff, member, other_member, public_group, knobs
):
    now = timezone.now()
    old = DiscussionFactory(
        author=member, group=public_group, title="Oldest unanswered", at=now - timedelta(hours=40)
    )
    newer = DiscussionFactory(
        author=member, group=public_group, title="Newer unanswered", at=now - timedelta(hours=20)
    )
    DiscussionFactory(
        author=member, group=public_group, title="Too fresh to list", at=now - timedelta(hours=1)
    )
    answered = DiscussionFactory(
        author=member, group=public_group, title="Answered already", at=now - timedelta(hours=30)
    )
    ReplyFactory(author=other_member, discussion=answered)
    self_reply = DiscussionFactory(
        author=member,
        group=public_group,
        title="Only the author replied",
        at=now - timedelta(hours=30),
    )
    ReplyFactory(author=member, discussion=self_reply)
    client.force_login(staff["mentor"])
    page = client.get("/mentors/waiting/").content.decode()
    assert page.index(old.title) < page.index("Only the author replied") < page.index(newer.title)
    assert "Too fresh to list" not in page and "Answered already" not in page
    knobs.waiting_hours = 48
    knobs.save()
    assert old.title not in client.get("/mentors/waiting/").content.decode()


def test_saved_replies_personal_and_shared(client, staff, discussion):
    mentor, moderator = staff["mentor"], staff["moderator"]
    client.force_login(moderator)
    client.post(
        "/mentors/saved-replies/new/",
        {"title": "Welcome", "body": "Welcome, {name}! See {care_request_url}.", "shared": "on"},
    )
    client.force_login(mentor)
    client.post(
        "/mentors/saved-replies/new/",
        {"title": "Mine", "body": "From me to {name} in {group}.", "shared": "on"},
    )
    assert SavedReply.objects.get(title="Welcome").owner is None
    assert SavedReply.objects.get(title="Mine").owner == mentor  # mentors cannot share
    panel = client.get(
        f"/mentors/saved-replies/insert/?discussion={discussion.pk}"
    ).content.decode()
    assert "Welcome, member_mo! See /care/request/." in panel
    assert "From me to member_mo in Blood disorders." in panel
    client.force_login(moderator)
    panel = client.get("/mentors/saved-replies/insert/").content.decode()
    assert "From me to" not in panel  # personal replies stay personal


def test_saved_reply_bad_braces_are_400(client, staff):
    client.force_login(staff["mentor"])
    response = client.post(
        "/mentors/saved-replies/new/", {"title": "Broken", "body": "Hello {name"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "unbalanced" in page and "Hello {name" in page


def test_related_discussion_search(client, member, discussion, public_group):
    DiscussionFactory(author=member, group=public_group, title="Neutropenia and travel insurance")
    client.force_login(member)
    page = client.get(f"/mentors/related/?q=travel&exclude={discussion.pk}").content.decode()
    assert "Neutropenia and travel insurance" in page and "data-insert-text" in page
    assert "No discussion title" in client.get("/mentors/related/?q=zzzz").content.decode()


def test_mark_reply_helpful(client, member, other_member, staff, discussion, reply):
    client.force_login(other_member)
    assert client.post(f"/mentors/helpful/{reply.pk}/").status_code == 404
    client.force_login(member)
    assert client.post(f"/mentors/helpful/{reply.pk}/").status_code == 302
    assert HelpfulMark.objects.filter(reply=reply).exists()
    marks = client.get(f"/mentors/helpful-marks/{discussion.pk}/").content.decode()
    assert f'id="helpful-{reply.number}"' in marks
    client.force_login(staff["mentor"])
    client.post(f"/mentors/helpful/{reply.pk}/")
    assert not HelpfulMark.objects.exists()


# --- sign-in, sign-up and password reset limits ---------------------------------------------


def test_progressive_lockout_after_failed_logins(client, member):
    for _ in range(4):
        response = client.post(
            "/accounts/login/", {"username": member.username, "password": "wrong"}
        )
        assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": member.username, "password": "wrong"})
    assert "try again in 1 minute" in response.content.decode()
    response = client.post("/accounts/login/", {"username": member.username, "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many unsuccessful sign-ins" in page and member.username in page


def test_successful_login_clears_failures(client, member):
    from carecommons.moderation.lockout import lock_seconds

    client.post("/accounts/login/", {"username": member.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": member.username, "password": PASSWORD})
    assert response.status_code == 302
    assert [lock_seconds(n) for n in (4, 5, 6, 7, 30)] == [0, 60, 120, 240, 3600]


def test_signup_is_rate_limited_and_keeps_the_form(client, knobs):
    RateLimitSetting.objects.create(settings_row=knobs, scope="signup", count=1, window_minutes=60)
    data = {
        "username": "first_fay",
        "email": "fay@example.org",
        "password": "violet-harbour-lantern-7",
    }
    assert client.post("/accounts/signup/", data).status_code == 302
    client.logout()
    data = {
        "username": "second_sid",
        "email": "sid@example.org",
        "password": "violet-harbour-lantern-7",
    }
    # Sign-up counts per address, which gets five times the account limit.
    for _ in range(5):
        client.logout()
        data["username"] = data["username"] + "x"
        data["email"] = "x" + data["email"]
        response = client.post("/accounts/signup/", data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please try again in" in page and data["username"] in page


def test_password_reset_is_rate_limited(client, member, knobs):
    RateLimitSetting.objects.create(
        settings_row=knobs, scope="password_reset", count=1, window_minutes=60
    )
    statuses = [
        client.post("/accounts/password/reset/", {"email": member.email}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_login_rate_limit_per_address(client, member, knobs):
    RateLimitSetting.objects.create(settings_row=knobs, scope="login", count=1, window_minutes=15)
    statuses = [
        client.post("/accounts/login/", {"username": f"nobody{i}", "password": "x"}).status_code
        for i in range(6)
    ]
    assert statuses[-1] == 429


# --- demo -----------------------------------------------------------------------------------


def test_demo_content_is_idempotent(db, staff, member, other_member, public_group):
    from carecommons.moderation import demo_content

    users = {"ines_siteadmin": staff["admin"], "walt_mentor": staff["mentor"]}
    first = demo_content.load(users)
    assert first and "guidelines" in first and "shared saved replies" in first
    assert demo_content.load(users) is None
    assert SavedReply.objects.filter(owner=None).count() == 4
