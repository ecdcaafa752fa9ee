"""Signed, expiring links for email verification. No table: the signature is the proof."""

from __future__ import annotations

from django.core import signing

from carecommons.accounts.models import User
from carecommons.core.errors import Refused

VERIFY_SALT = "carecommons.accounts.verify-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 3


class InvalidLink(Refused):
    """The confirmation link cannot be used; `message` says why and what to do next."""


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFY_SALT)


def read_verification_token(token: str) -> User:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidLink(
            "This confirmation link has expired. Sign in and ask for a new one."
        ) from None
    except signing.BadSignature:
        raise InvalidLink(
            "This confirmation link is not valid. Check that it was copied whole."
        ) from None
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or user.email.lower() != payload.get("e"):
        raise InvalidLink("This link was for an email address that is no longer on the account.")
    return user
