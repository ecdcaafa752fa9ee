from __future__ import annotations

import pytest

from carecommons.core import ratelimit
from carecommons.core.ratelimit import RateLimited, wait_phrase


@pytest.fixture
def tight(settings):
    settings.CARECOMMONS_RATE_LIMITS = {**settings.CARECOMMONS_RATE_LIMITS, "post": (2, 600)}


def test_account_is_limited_with_a_try_again_message(tight, member):
    ratelimit.check("post", user=member)
    ratelimit.check("post", user=member)
    with pytest.raises(RateLimited) as refused:
        ratelimit.check("post", user=member)
    assert "Please try again in" in refused.value.message
    assert 0 < refused.value.retry_after <= 600


def test_accounts_are_counted_separately(tight, member, other_member):
    for _ in range(2):
        ratelimit.check("post", user=member)
    ratelimit.check("post", user=other_member)


def test_an_address_gets_five_times_the_account_limit(tight, db):
    for _ in range(10):
        ratelimit.check("post", ip="203.0.113.9")
    with pytest.raises(RateLimited):
        ratelimit.check("post", ip="203.0.113.9")


def test_overrides_win(tight, member):
    def one_post_a_minute(scope):
        return (1, 60) if scope == "post" else None

    ratelimit.limit_overrides.insert(0, one_post_a_minute)
    try:
        ratelimit.check("post", user=member)
        with pytest.raises(RateLimited):
            ratelimit.check("post", user=member)
    finally:
        ratelimit.limit_overrides.remove(one_post_a_minute)


@pytest.mark.parametrize(
    ("seconds", "phrase"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (61, "2 minutes"),
        (3600, "1 hour"),
        (3700, "2 hours"),
    ],
)
def test_wait_phrase(seconds, phrase):
    assert wait_phrase(seconds) == phrase
