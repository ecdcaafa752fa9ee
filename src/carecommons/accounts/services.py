"""The write side of accounts: every change to a member goes through here."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from carecommons.accounts.models import Block, RoleGrant, User
from carecommons.accounts.roles import Role
from carecommons.accounts.tokens import make_verification_token
from carecommons.audit.services import record
from carecommons.core.mail import queue_email


def sign_up(*, username: str, email: str, password: str, here_as: str = "") -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, email=email.strip(), password=password, here_as=here_as
        )
        transaction.on_commit(lambda: send_verification_email(user))
    return user


def send_verification_email(user: User) -> None:
    link = reverse("accounts:verify_email", args=[make_verification_token(user)])
    queue_email("accounts/email/verify", user.email, {"user": user, "path": link})


def mark_email_verified(user: User) -> bool:
    """Return True when this call verified the address (False if it already was)."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return True


def change_email(user: User, new_email: str) -> None:
    old = user.email
    with transaction.atomic():
        user.email = new_email.strip()
        user.email_verified_at = None
        user.save(update_fields=["email", "email_verified_at"])
        record("accounts.email_changed", actor=user, target=user)
    queue_email("accounts/email/email_changed", old, {"user": user})
    send_verification_email(user)


def deactivate(user: User, *, request: HttpRequest | None = None) -> None:
    """Closes the account: the member can no longer sign in; their posts stay under their name."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        record("accounts.deactivated", actor=user, target=user, request=request)


def grant_role(
    user: User, role: Role, *, by: User, reason: str = "", request: HttpRequest | None = None
) -> bool:
    with transaction.atomic():
        _, created = RoleGrant.objects.get_or_create(
            user=user, role=role, defaults={"granted_by": by}
        )
        if created:
            if role == Role.ADMIN:
                User.objects.filter(pk=user.pk).update(is_staff=True)
            record(
                "accounts.role_granted",
                actor=by,
                target=user,
                reason=reason,
                data={"role": str(role)},
                request=request,
            )
    return created


def revoke_role(
    user: User, role: Role, *, by: User, reason: str = "", request: HttpRequest | None = None
) -> bool:
    with transaction.atomic():
        deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            if role == Role.ADMIN:
                User.objects.filter(pk=user.pk).update(is_staff=False, is_superuser=False)
            record(
                "accounts.role_revoked",
                actor=by,
                target=user,
                reason=reason,
                data={"role": str(role)},
                request=request,
            )
    return bool(deleted)


def block(blocker: User, blocked: User) -> bool:
    if blocker.pk == blocked.pk:
        return False
    _, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return created


def unblock(blocker: User, blocked: User) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


def has_blocked(blocker: User, blocked: User) -> bool:
    """Has `blocker` blocked `blocked`? (Use it before notifying or delivering a message.)"""
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()
