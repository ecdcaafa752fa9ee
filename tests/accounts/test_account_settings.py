from __future__ import annotations

import pytest
from django.core import mail

from carecommons.audit.models import AuditEntry
from tests.factories import PASSWORD


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_profile_settings_save(signed_in, member):
    response = signed_in.post(
        "/accounts/settings/",
        {
            "profile-display_name": "Mo",
            "profile-bio": "Dad of two.",
            "profile-here_as": "caregiver",
            "profile-country": "GB",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio, member.here_as) == ("Mo", "Dad of two.", "caregiver")


def test_profile_settings_bad_input_keeps_text(signed_in, member):
    response = signed_in.post(
        "/accounts/settings/", {"profile-bio": "x" * 700, "profile-display_name": "Mo"}
    )
    assert response.status_code == 400
    assert "Your profile was not saved" in response.content.decode()
    assert 'value="Mo"' in response.content.decode()


def test_change_email_needs_password_and_reverifies(signed_in, member):
    response = signed_in.post("/accounts/email/", {"email": "new@example.org", "password": "wrong"})
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    assert 'value="new@example.org"' in response.content.decode()

    response = signed_in.post(
        "/accounts/email/", {"email": "new@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert not member.email_verified
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["member_mo@example.org", "new@example.org"]
    assert AuditEntry.objects.filter(action="accounts.email_changed", actor=member).exists()


def test_change_email_refuses_one_in_use(signed_in, other_member):
    response = signed_in.post(
        "/accounts/email/", {"email": "OTHER_OLU@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Another account already uses" in response.content.decode()


def test_change_password(signed_in, member):
    new = "a-brand-new-password-9"
    response = signed_in.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def test_deactivate_closes_account_and_signs_out(signed_in, member, discussion):
    response = signed_in.post("/accounts/close/", {"password": PASSWORD})
    assert response.status_code == 400, "the confirmation box is required"
    response = signed_in.post("/accounts/close/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert "_auth_user_id" not in signed_in.session
    assert AuditEntry.objects.filter(
        action="accounts.deactivated", target_id=str(member.pk)
    ).exists()
    page = signed_in.get(discussion.get_absolute_url()).content.decode()
    assert discussion.title in page, "their posts stay readable"


@pytest.mark.parametrize(
    "path",
    ["/accounts/settings/", "/accounts/email/", "/accounts/close/", "/accounts/password/change/"],
)
def test_settings_pages_need_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
