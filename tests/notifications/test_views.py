"""Notification pages: the centre, the header count, follow buttons, settings, unsubscribe,
the mention autocomplete; as visitors, other members and staff."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.notifications import services
from carecommons.notifications.models import EmailPreference, Follow, Notification
from tests.factories import DiscussionFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db

PRIVATE_PAGES = ["/notifications/", "/settings/notifications/", "/notifications/mentions/?q=a"]


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_badge_is_empty_for_visitors(client):
    assert client.get("/notifications/count/").status_code == 204


def _note(user, discussion=None, title="Someone replied", url="/discussions/1/r/1/"):
    return services.notify(user, "reply", title=title, url=url, discussion=discussion)


def test_centre_shows_only_my_notifications_to_every_role(client, member, staff, discussion):
    _note(member, discussion, title="For member only")
    for user in [*staff.values()]:
        client.force_login(user)
        page = client.get("/notifications/").content.decode()
        assert "For member only" not in page
    client.force_login(member)
    assert "For member only" in client.get("/notifications/").content.decode()


def test_opening_a_notification_of_someone_else_is_404(client, member, other_member):
    note = _note(member)
    client.force_login(other_member)
    assert client.get(f"/notifications/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_click_marks_read_and_lands_on_the_reply(client, member, discussion, other_member):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        reply = ReplyFactory(discussion=discussion, author=other_member, body="@member_mo see")
    note = Notification.objects.get(recipient=member, kind="mention")
    client.force_login(member)
    response = client.get(f"/notifications/{note.pk}/")
    assert response["Location"] == f"/discussions/{discussion.pk}/r/{reply.number}/"
    landing = client.get(response["Location"])
    assert landing["Location"].endswith(f"#reply-{reply.number}")
    note.refresh_from_db()
    assert note.read_at is not None


def test_centre_groups_by_discussion_and_marks_read(client, member, public_group):
    first = DiscussionFactory(author=member, group=public_group, title="First story here")
    second = DiscussionFactory(author=member, group=public_group, title="Second story here")
    for _ in range(3):
        _note(member, first)
    _note(member, second)
    client.force_login(member)
    page = client.get("/notifications/").content.decode()
    assert page.count('class="card notification-thread') == 2
    assert "3 new" in page
    response = client.post("/notifications/read/", {"discussion": first.pk})
    assert response.status_code == 302
    assert services.unread_count(member) == 1
    client.post("/notifications/read-all/")
    assert services.unread_count(member) == 0


def test_mark_read_without_a_choice_is_400(client, member):
    client.force_login(member)
    response = client.post("/notifications/read/", {"notification": "abc"})
    assert response.status_code == 400
    assert "Choose which notifications" in response.content.decode()


def test_centre_and_badge_have_fixed_query_budgets(client, member, public_group):
    client.force_login(member)
    discussion = DiscussionFactory(author=member, group=public_group)
    _note(member, discussion)
    client.get("/notifications/")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small_centre, small_badge = count("/notifications/"), count("/notifications/count/")
    for i in range(60):
        other = DiscussionFactory(author=member, group=public_group, title=f"Story {i} here")
        _note(member, other)
    assert count("/notifications/") == small_centre
    assert count("/notifications/count/") == small_badge <= 3


def test_badge_shows_the_count(client, member):
    _note(member)
    _note(member)
    client.force_login(member)
    assert (
        '<span class="notification-count">2</span>'
        in client.get("/notifications/count/").content.decode()
    )


def test_every_page_has_the_bell_and_messages_link(client, member):
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'data-poll-url="/notifications/count/"' in page
    assert 'href="/messages/"' in page
    assert "notifications/notifications.js" in page


def test_settings_save_and_bad_input_keeps_choices(client, member):
    client.force_login(member)
    page = client.get("/settings/notifications/")
    assert page.status_code == 200
    data = {
        "mention": "immediately",
        "reply": "daily",
        "discussion": "weekly",
        "group": "never",
        "member": "daily",
        "message": "hourly",
    }
    response = client.post("/settings/notifications/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a choice for" in body
    assert 'value="weekly" checked' in body.replace("checked\n", "checked") or "checked" in body
    assert not EmailPreference.objects.filter(user=member).exists()
    data["message"] = "never"
    assert client.post("/settings/notifications/", data).status_code == 302
    assert services.email_preferences(member)["reply"] == "daily"
    assert services.email_preferences(member)["message"] == "never"


def test_follow_discussion_group_member_and_undo_from_settings(
    client, member, other_member, discussion, public_group
):
    client.force_login(other_member)
    base = "/notifications/follow/"
    assert client.get(f"{base}discussion/{discussion.pk}/").status_code == 200
    client.post(f"{base}discussion/{discussion.pk}/", {"action": "mute"})
    assert Follow.objects.get(user=other_member, discussion=discussion).muted
    client.post(f"{base}group/{public_group.slug}/", {"action": "follow"})
    client.post(f"{base}member/{member.username}/", {"action": "follow"})
    page = client.get("/settings/notifications/").content.decode()
    assert discussion.title in page and public_group.name in page and member.name in page
    for follow in Follow.objects.filter(user=other_member):
        client.post(f"/settings/notifications/follows/{follow.pk}/remove/")
    assert not Follow.objects.filter(user=other_member).exists()


def test_follow_bad_action_is_400_and_unknown_target_404(client, member, discussion):
    client.force_login(member)
    response = client.post(
        f"/notifications/follow/discussion/{discussion.pk}/", {"action": "explode"}
    )
    assert response.status_code == 400
    assert "Choose follow, mute or stop following." in response.content.decode()
    assert client.get("/notifications/follow/discussion/999999/").status_code == 404
    assert client.get("/notifications/follow/planet/mars/").status_code == 404


def test_follow_htmx_returns_the_button(client, member, discussion):
    client.force_login(member)
    response = client.post(
        f"/notifications/follow/discussion/{discussion.pk}/",
        {"action": "unfollow"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Follow this discussion" in response.content.decode()


def test_unsubscribe_from_the_link_alone(client, member):
    token = services.unsubscribe_token(member, ["mention", "reply"])
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200
    assert services.email_frequency(member, "mention") == "immediately", "GET changes nothing"
    # RFC 8058 one-click: the mail program POSTs with no cookie and no CSRF token.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert services.email_frequency(member, "mention") == "never"
    assert services.email_frequency(member, "reply") == "never"
    assert services.email_frequency(member, "message") == "immediately"


def test_tampered_unsubscribe_link_is_400(client):
    response = client.get("/notifications/unsubscribe/not-a-real-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_mention_options_rank_discussion_then_group_then_others(
    client, member, public_group, discussion
):
    in_discussion = UserFactory(username="ann_in_thread")
    in_group = UserFactory(username="ann_in_group")
    UserFactory(username="ann_elsewhere")
    ReplyFactory(discussion=discussion, author=in_discussion)
    from carecommons.community import services as community

    community.join_group(in_group, public_group)
    client.force_login(member)
    response = client.get(
        "/notifications/mentions/", {"q": "ann", "discussion": discussion.pk, "listbox": "lb"}
    )
    body = response.content.decode()
    order = [body.index(name) for name in ("ann_in_thread", "ann_in_group", "ann_elsewhere")]
    assert order == sorted(order)
    assert 'role="option"' in body and 'id="lb-0"' in body


def test_mention_options_never_rank_anonymous_authors_first(
    client, member, public_group, discussion
):
    from carecommons.community import services as community

    hidden = UserFactory(username="bea_hidden")
    other = UserFactory(username="bea_aaa_other")
    community.join_group(other, public_group)
    ReplyFactory(discussion=discussion, author=hidden, is_anonymous=True)
    client.force_login(member)
    body = client.get(
        "/notifications/mentions/", {"q": "bea", "discussion": discussion.pk}
    ).content.decode()
    assert body.index("bea_aaa_other") < body.index("bea_hidden")


def test_mention_options_empty_message(client, member):
    client.force_login(member)
    body = client.get("/notifications/mentions/", {"q": "zzzz"}).content.decode()
    assert "No member with that name" in body


def test_demo_content_is_idempotent(db):
    from carecommons.demo import loader
    from carecommons.notifications import demo_content

    loader.load()
    from carecommons.accounts.models import User

    users = {u.username: u for u in User.objects.all()}
    count = Notification.objects.count()
    assert count >= 1
    assert demo_content.load(users) is None
    assert Notification.objects.count() == count
