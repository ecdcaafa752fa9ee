"""Private messages: who may write, blocks, leaving, reports and the moderators' audited read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecommons.accounts import services as accounts
from carecommons.audit.models import AuditEntry
from carecommons.messaging import selectors, services
from carecommons.messaging.models import Conversation, Message, Report
from carecommons.notifications.models import Notification
from tests.factories import DiscussionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(public_group):
    user = UserFactory(username="writer_wes")
    DiscussionFactory(author=user, group=public_group, title="My first story here")
    return user


@pytest.fixture
def reader(public_group):
    user = UserFactory(username="reader_rio")
    DiscussionFactory(author=user, group=public_group, title="Another first story")
    return user


@pytest.fixture
def conversation(writer, reader):
    return services.start_conversation(author=writer, recipients=[reader], body="Hello there!")


def test_new_member_without_a_published_post_cannot_message(client, member, reader):
    client.force_login(member)
    response = client.post("/messages/new/", {"to": reader.username, "body": "Hi, can we talk?"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "first post in the community is published" in body
    assert "Hi, can we talk?" in body
    assert not Conversation.objects.exists()


def test_staff_may_message_without_a_post(staff, reader):
    convo = services.start_conversation(
        author=staff["moderator"], recipients=[reader], body="Welcome!"
    )
    assert convo.messages.count() == 1


def test_start_conversation_notifies_and_shows_in_inbox(client, writer, reader):
    client.force_login(writer)
    response = client.post(
        "/messages/new/",
        {"to": f"@{reader.username.upper()}", "subject": "Counts", "body": "How are you doing?"},
    )
    convo = Conversation.objects.get()
    assert response["Location"] == f"/messages/{convo.pk}/"
    note = Notification.objects.get(recipient=reader)
    assert note.kind == "message" and note.url == f"/messages/{convo.pk}/"
    client.force_login(reader)
    inbox = client.get("/messages/").content.decode()
    assert "Counts" in inbox and "New" in inbox
    page = client.get(f"/messages/{convo.pk}/").content.decode()
    assert "How are you doing?" in page
    assert "New</span>" not in client.get("/messages/").content.decode()


def test_group_conversation_and_unknown_name(client, writer, reader, staff):
    client.force_login(writer)
    response = client.post(
        "/messages/new/", {"to": f"{reader.username}, nobody_by_that_name", "body": "Hi all"}
    )
    assert response.status_code == 400
    assert "No member is called nobody_by_that_name" in response.content.decode()
    response = client.post(
        "/messages/new/",
        {"to": f"{reader.username} {staff['mentor'].username}", "body": "Hi all"},
    )
    convo = Conversation.objects.get()
    assert convo.participants.count() == 3


def test_empty_and_too_many_recipients_are_400(client, writer):
    client.force_login(writer)
    response = client.post("/messages/new/", {"to": "", "body": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write the username of at least one member." in body
    assert "Write a message before sending." in body
    names = " ".join(f"p{i}" for i in range(7))
    response = client.post("/messages/new/", {"to": names, "body": "Hello"})
    assert response.status_code == 400
    assert "at most 6 people" in response.content.decode()


def test_block_stops_new_messages_both_ways(client, writer, reader, conversation):
    accounts.block(reader, writer)
    with pytest.raises(services.MessageRefused):
        services.send_message(conversation=conversation, author=writer, body="Still there?")
    with pytest.raises(services.MessageRefused):
        services.start_conversation(author=reader, recipients=[writer], body="Hello")
    client.force_login(writer)
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Please answer me"})
    assert response.status_code == 400
    assert "Please answer me" in response.content.decode()


def test_block_and_unblock_pages(client, writer, reader):
    client.force_login(writer)
    response = client.post("/messages/blocked/", {"username": "no_such_member"})
    assert response.status_code == 400
    assert "no_such_member" in response.content.decode()
    assert client.post("/messages/blocked/", {"username": writer.username}).status_code == 400
    client.post("/messages/blocked/", {"username": reader.username})
    assert accounts.has_blocked(writer, reader)
    assert reader.username in client.get("/messages/blocked/").content.decode()
    client.post(f"/messages/unblock/{reader.username}/")
    assert not accounts.has_blocked(writer, reader)
    response = client.post(f"/messages/block/{reader.username}/", {"next": "https://evil.example/"})
    assert response["Location"] == "/messages/blocked/", "no redirect to another site"
    assert accounts.has_blocked(writer, reader)


def test_rate_limited_messages_are_400_with_text_kept(
    client, writer, reader, conversation, settings
):
    settings.CARECOMMONS_RATE_LIMITS = {**settings.CARECOMMONS_RATE_LIMITS, "message": (1, 600)}
    client.force_login(writer)
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Too fast a second time"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "too often" in body and "Too fast a second time" in body


def test_leave_stops_writing_and_notifications(client, writer, reader, conversation):
    client.force_login(reader)
    client.post(f"/messages/{conversation.pk}/leave/")
    Notification.objects.all().delete()
    with pytest.raises(services.MessageRefused):
        services.send_message(conversation=conversation, author=writer, body="Anyone?")
    with pytest.raises(services.MessageRefused):
        services.send_message(conversation=conversation, author=reader, body="Back")
    assert not Notification.objects.exists()


def test_conversation_is_private_to_its_members(client, conversation, other_member, staff):
    url = f"/messages/{conversation.pk}/"
    assert "/accounts/login/" in client.get(url)["Location"]
    for user in [other_member, *staff.values()]:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
        assert client.post(f"{url}report/", {"reason": "spam spam"}).status_code == 404


def test_report_lets_moderators_read_with_an_audit_entry(
    client, writer, reader, conversation, staff
):
    client.force_login(reader)
    assert client.post(f"/messages/{conversation.pk}/report/", {"reason": "x"}).status_code == 400
    client.post(f"/messages/{conversation.pk}/report/", {"reason": "Asking me for money."})
    report = Report.objects.get()
    assert list(selectors.open_reports()) == [report]
    assert Notification.objects.filter(
        recipient=staff["moderator"], url=f"/messages/reports/{report.pk}/"
    ).exists()

    for role, user in staff.items():
        client.force_login(user)
        listing = client.get("/messages/reports/")
        detail = client.get(f"/messages/reports/{report.pk}/")
        if role in {"moderator", "admin"}:
            assert listing.status_code == 200 and detail.status_code == 200
            assert "Hello there!" in detail.content.decode()
        else:
            assert listing.status_code == 404 and detail.status_code == 404, role
    reads = AuditEntry.objects.filter(action="messaging.reported_conversation_read")
    assert reads.count() == 2

    client.force_login(staff["moderator"])
    response = client.post(f"/messages/reports/{report.pk}/", {"resolution": ""})
    assert response.status_code == 400
    client.post(f"/messages/reports/{report.pk}/", {"resolution": "Warned the member."})
    assert not selectors.open_reports().exists()


def test_reports_pages_closed_to_members_and_visitors(client, member):
    assert "/accounts/login/" in client.get("/messages/reports/")["Location"]
    client.force_login(member)
    assert client.get("/messages/reports/").status_code == 404


def test_inbox_and_conversation_have_fixed_query_budgets(client, writer, reader, staff):
    client.force_login(writer)
    first = services.start_conversation(author=writer, recipients=[reader], body="One")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # The first request of a session does one-off work (last-seen stamp); measure after it.
    count("/messages/")
    inbox_few, convo_few = count("/messages/"), count(f"/messages/{first.pk}/")
    for i in range(8):
        services.start_conversation(
            author=writer, recipients=[reader, staff["mentor"]], body=f"Message {i}"
        )
        Message.objects.create(conversation=first, author=reader, body=f"Reply {i}")
    assert count("/messages/") == inbox_few
    assert count(f"/messages/{first.pk}/") == convo_few
