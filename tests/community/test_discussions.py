from __future__ import annotations

import pytest

from carecommons.audit.models import AuditEntry
from carecommons.community.models import Discussion, Reply
from tests.factories import DiscussionFactory, ReplyFactory


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_start_discussion_renders_markdown_and_joins_group(signed_in, public_group, member):
    response = signed_in.post(
        f"/groups/{public_group.slug}/new/",
        {"title": "ANC of 310 in my one-year-old", "body": "Has anyone seen **this**?"},
    )
    discussion = Discussion.objects.get(title="ANC of 310 in my one-year-old")
    assert response.status_code == 302 and response["Location"] == discussion.get_absolute_url()
    page = signed_in.get(discussion.get_absolute_url()).content.decode()
    assert "<strong>this</strong>" in page
    assert public_group.memberships.filter(user=member).exists()


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "A long enough body text.", "Please write a title"),
        ("Short", "A long enough body text.", "needs at least 8 characters"),
        ("x" * 151, "A long enough body text.", "at most 150 characters"),
        ("A perfectly fine title", "", "Please write a message"),
        ("A perfectly fine title", "   \n   \n    ", "Please write a message"),
        ("A perfectly fine title", "y" * 20_001, "at most 20,000 characters"),
    ],
)
def test_bad_discussion_input_is_explained_and_kept(signed_in, public_group, title, body, message):
    response = signed_in.post(f"/groups/{public_group.slug}/new/", {"title": title, "body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "everything you typed is still here" in page
    if body.strip():
        assert body[:50] in page
    if title:
        assert title[:50] in page
    assert not Discussion.objects.filter(group=public_group).exists()


def test_form_states_the_limits(signed_in, public_group):
    page = signed_in.get(f"/groups/{public_group.slug}/new/").content.decode()
    assert "8–150 characters" in page and "10–20,000 characters" in page


def test_unverified_member_cannot_post_and_is_told_why(
    client, unverified, public_group, discussion
):
    client.force_login(unverified)
    response = client.get(f"/groups/{public_group.slug}/new/")
    assert response.status_code == 403
    assert "confirm your email address" in response.content.decode()
    response = client.post(f"/discussions/{discussion.pk}/reply/", {"body": "Trying to reply here"})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_visitor_is_sent_to_sign_in(client, public_group, discussion):
    response = client.get(f"/groups/{public_group.slug}/new/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(f"/discussions/{discussion.pk}/reply/", {"body": "Trying to reply here"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reply_gets_a_stable_number_and_permalink(client, other_member, discussion):
    client.force_login(other_member)
    response = client.post(
        f"/discussions/{discussion.pk}/reply/", {"body": "Our daughter had the same."}
    )
    reply = Reply.objects.get(discussion=discussion)
    assert reply.number == 1
    assert response["Location"].endswith("#reply-1")
    permalink = client.get(f"/discussions/{discussion.pk}/r/1/")
    assert permalink.status_code == 302 and permalink["Location"].endswith("?page=1#reply-1")
    discussion.refresh_from_db()
    assert discussion.reply_count == 1 and discussion.answered


def test_bad_reply_keeps_text_and_explains(client, other_member, discussion):
    client.force_login(other_member)
    response = client.post(f"/discussions/{discussion.pk}/reply/", {"body": "too short"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your reply was not posted" in page and "needs at least 10 characters" in page
    assert "too short</textarea>" in page


def test_quote_shows_in_reply_to_with_link(client, member, other_member, discussion):
    first = ReplyFactory(author=member, discussion=discussion, body="We saw ANC 310 last spring.")
    client.force_login(other_member)
    composer = client.get(f"{discussion.get_absolute_url()}?quote=1").content.decode()
    assert "Quoting" in composer and 'value="1"' in composer
    client.post(
        f"/discussions/{discussion.pk}/reply/",
        {"body": "That matches our story too.", "quote_of": "1"},
    )
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "In reply to @member_mo (#1)" in page
    assert first.get_absolute_url() in page


def test_quote_of_a_reply_in_another_discussion_is_ignored(
    client, member, other_member, discussion, public_group
):
    elsewhere = DiscussionFactory(author=member, group=public_group)
    ReplyFactory(author=member, discussion=elsewhere)
    ReplyFactory(author=member, discussion=elsewhere)
    client.force_login(other_member)
    client.post(
        f"/discussions/{discussion.pk}/reply/",
        {"body": "Quoting something far away", "quote_of": "2"},
    )
    assert Reply.objects.get(discussion=discussion).quote_of is None


def test_edit_keeps_history_and_marks_edited(signed_in, member, other_member, discussion):
    response = signed_in.post(
        f"/discussions/{discussion.pk}/edit/",
        {"title": "Toddler with very low neutrophils", "body": "Updated text for everyone."},
    )
    assert response.status_code == 302
    page = signed_in.get(discussion.get_absolute_url(), follow=True).content.decode()
    assert "Updated text for everyone." in page and ">edited<" in page
    history = signed_in.get(f"/discussions/{discussion.pk}/history/").content.decode()
    assert "Toddler with low neutrophils" in history
    assert "My son is one year old" in history


def test_reply_edit_and_history(client, other_member, discussion):
    reply = ReplyFactory(author=other_member, discussion=discussion, body="Original words of mine.")
    client.force_login(other_member)
    client.post(
        f"/discussions/{discussion.pk}/r/{reply.number}/edit/", {"body": "Corrected words of mine."}
    )
    reply.refresh_from_db()
    assert reply.body == "Corrected words of mine." and reply.edited_at
    assert (
        "Original words of mine."
        in client.get(f"/discussions/{discussion.pk}/r/1/history/").content.decode()
    )


def test_only_the_author_edits_or_deletes(client, other_member, moderator, discussion):
    reply = ReplyFactory(author=other_member, discussion=discussion)
    for user in (moderator, discussion.author):
        client.force_login(user)
        assert client.get(f"/discussions/{discussion.pk}/r/{reply.number}/edit/").status_code == 404
        assert (
            client.post(f"/discussions/{discussion.pk}/r/{reply.number}/delete/").status_code == 404
        )
    client.force_login(other_member)
    assert client.get(f"/discussions/{discussion.pk}/edit/").status_code == 404


def test_history_is_for_author_and_moderators(client, other_member, moderator, member, discussion):
    assert client.get(f"/discussions/{discussion.pk}/history/").status_code == 404
    client.force_login(other_member)
    assert client.get(f"/discussions/{discussion.pk}/history/").status_code == 404
    client.force_login(moderator)
    assert client.get(f"/discussions/{discussion.pk}/history/").status_code == 200


def test_deleted_reply_leaves_a_placeholder(client, member, other_member, discussion):
    ReplyFactory(author=other_member, discussion=discussion, body="Something I regret writing.")
    ReplyFactory(author=member, discussion=discussion, body="Thanks for sharing that.")
    client.force_login(other_member)
    assert (
        "Yes, remove it" in client.get(f"/discussions/{discussion.pk}/r/1/delete/").content.decode()
    )
    client.post(f"/discussions/{discussion.pk}/r/1/delete/")
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "This reply was removed by its author." in page
    assert "Something I regret writing." not in page
    assert "Thanks for sharing that." in page
    assert AuditEntry.objects.filter(action="community.reply_deleted_by_author").exists()


def test_deleted_discussion_is_gone_for_readers_not_for_moderators(
    client, member, moderator, discussion
):
    client.force_login(member)
    client.post(f"/discussions/{discussion.pk}/delete/")
    assert discussion.title not in client.get(discussion.group.get_absolute_url()).content.decode()
    client.logout()
    response = client.get(discussion.get_absolute_url())
    assert response.status_code == 404 and "removed by its author" in response.content.decode()
    client.force_login(moderator)
    assert client.get(discussion.get_absolute_url()).status_code == 200


def test_wrong_slug_redirects_to_canonical(client, discussion):
    response = client.get(f"/discussions/{discussion.pk}/old-title/")
    assert response.status_code == 302 and response["Location"] == discussion.get_absolute_url()


def test_long_discussion_pages_and_returning_member_lands_where_they_stopped(
    client, member, other_member, discussion
):
    for _ in range(70):
        ReplyFactory(author=other_member, discussion=discussion)
    client.force_login(member)
    page_two = client.get(discussion.get_absolute_url() + "?page=2").content.decode()
    assert (
        'id="reply-31"' in page_two
        and 'id="reply-60"' in page_two
        and 'id="reply-61"' not in page_two
    )
    ReplyFactory(author=other_member, discussion=discussion)
    ReplyFactory(author=other_member, discussion=discussion)
    response = client.get(discussion.get_absolute_url() + "?from=unread")
    assert response["Location"].endswith("?page=3#reply-61")
    home = client.get("/").content.decode()
    assert "new since your last visit" in home


def test_anonymous_post_hides_the_author_and_reveal_is_audited(
    client, member, moderator, other_member, public_group
):
    client.force_login(member)
    client.post(
        f"/groups/{public_group.slug}/new/",
        {
            "title": "Something hard to say openly",
            "body": "I am scared to tell my employer.",
            "is_anonymous": "on",
        },
    )
    discussion = Discussion.objects.get(title="Something hard to say openly")
    assert discussion.is_anonymous
    client.force_login(other_member)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "Anonymous member" in page and "member_mo" not in page
    assert client.get(f"/discussions/{discussion.pk}/reveal/").status_code == 404

    client.force_login(moderator)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "Who wrote this?" in page and "member_mo" not in page
    response = client.post(f"/discussions/{discussion.pk}/reveal/", {"reason": ""})
    assert "member_mo" not in response.content.decode(), "a reason is required"
    response = client.post(f"/discussions/{discussion.pk}/reveal/", {"reason": "Reported for spam"})
    assert "@member_mo" in response.content.decode()
    entry = AuditEntry.objects.get(action="community.anonymous_author_revealed")
    assert entry.actor == moderator and entry.reason == "Reported for spam"
    assert entry.target_id == str(discussion.pk)


def test_anonymous_option_only_where_the_group_allows(client, member, members_group):
    client.force_login(member)
    assert (
        "Post anonymously" not in client.get(f"/groups/{members_group.slug}/new/").content.decode()
    )
    client.post(
        f"/groups/{members_group.slug}/new/",
        {
            "title": "Trying to hide my name",
            "body": "This group does not allow it.",
            "is_anonymous": "on",
        },
    )
    assert not Discussion.objects.get(title="Trying to hide my name").is_anonymous


def test_expired_csrf_token_explains_and_gives_back_the_text(member, public_group):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.post(
        f"/groups/{public_group.slug}/new/",
        {
            "title": "A title that would be lost",
            "body": "Words I do not want to type again.",
            "csrfmiddlewaretoken": "stale",
        },
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form expired before it was sent" in page
    assert "Words I do not want to type again." in page
