"""Request types for views, so the type checker knows what middleware put on a request."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from carecommons.accounts.models import User


class SiteRequest(HttpRequest):
    user: User | AnonymousUser
    htmx: HtmxDetails


class MemberRequest(HttpRequest):
    """A request from a signed-in member (views behind `login_required`)."""

    user: User
    htmx: HtmxDetails


def member_of(request: HttpRequest) -> User:
    """The signed-in member making this request; refuses anyone else."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied("Sign in first.")
    return user
