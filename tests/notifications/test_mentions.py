"""@mentions: found in text, linked in rendered posts only for members who exist."""

from __future__ import annotations

from carecommons.notifications import mentions
from tests.factories import DiscussionFactory, ReplyFactory, UserFactory


def test_usernames_found_once_each_and_email_addresses_ignored():
    text = "Thanks @Walt_mentor and @dana.r! Mail ann@example.org or ask @walt_mentor again."
    assert mentions.usernames_in(text) == ["walt_mentor", "dana.r"]


def test_linking_skips_code_and_existing_links_and_keeps_unknown_names():
    html = '<p>Hi @ann and @nobody</p><p><code>@ann</code> <a href="/x">@ann</a></p>'
    linked = mentions.link_mentions(html, {"ann": "Ann"}, lambda name: f"/u/{name}/")
    assert linked.count('class="mention"') == 1
    assert '<a class="mention" href="/u/Ann/">@Ann</a>' in linked
    assert "@nobody" in linked and "/u/nobody/" not in linked
    assert "<code>@ann</code>" in linked


def test_rank_puts_closer_members_first():
    assert mentions.rank([("zed", 2), ("amy", 0), ("bob", 1), ("abe", 2)]) == [
        "abe",
        "zed",
        "bob",
        "amy",
    ]


def test_rendered_reply_links_existing_members_only(discussion, other_member):
    reply = ReplyFactory(
        discussion=discussion,
        author=other_member,
        body="Asking @member_mo and @ghost_person here, also `@member_mo` in code.",
    )
    assert '<a class="mention" href="/u/member_mo/">@member_mo</a>' in reply.body_html
    assert "@ghost_person" in reply.body_html
    assert "/u/ghost_person/" not in reply.body_html
    assert reply.body_html.count('class="mention"') == 1


def test_discussion_body_is_linked_too(public_group, member):
    UserFactory(username="walt_mentor")
    discussion = DiscussionFactory(
        author=member, group=public_group, body="Hoping @walt_mentor can share what helped."
    )
    assert 'href="/u/walt_mentor/"' in discussion.body_html
