"""Moderation fixtures: posts written as if from the website (where the trust rules apply)."""

from __future__ import annotations

import pytest

from carecommons.community import services as community
from carecommons.moderation.models import ModerationSettings
from carecommons.moderation.web import web_request
from tests.factories import ReplyFactory, UserFactory


@pytest.fixture
def knobs(db):
    return ModerationSettings.objects.create(pk=1)


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer_nell")


@pytest.fixture
def web_post():
    """Write a post through the services as a web request from 10.0.0.7 would."""

    def write(**kwargs):
        with web_request("10.0.0.7"):
            if "discussion" in kwargs:
                return community.post_reply(**kwargs)
            return community.create_discussion(**kwargs)

    return write


@pytest.fixture
def reply(discussion, other_member):
    return ReplyFactory(
        author=other_member, discussion=discussion, body="You should stop taking it now."
    )
