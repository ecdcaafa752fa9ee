from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from carecommons.accounts.models import User
from tests.factories import PASSWORD, UserFactory

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_signup_logs_in_and_sends_a_confirmation_link_that_verifies(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SIGNUP,
            {
                "username": "calm_heron",
                "email": "heron@example.org",
                "password": PASSWORD,
                "here_as": "caregiver",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:confirm_sent")
    user = User.objects.get(username="calm_heron")
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert not user.email_verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["heron@example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"

    response = client.get(_link_in(message), follow=True)
    assert "Thank you, your email address is confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.django_db
def test_signup_needs_no_real_name(client):
    form = client.get(SIGNUP).content.decode()
    assert 'name="first_name"' not in form and 'name="last_name"' not in form
    assert "never need to give your real name" in form


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "member_mo"}, "username", "That username is taken"),
        ({"username": "MEMBER_MO"}, "username", "That username is taken"),
        ({"email": "MEMBER_MO@example.org"}, "email", "already uses this email"),
        ({"password": "password123"}, "password", "too common"),
        ({"password": "short"}, "password", "too short"),
        ({"username": "a b"}, "username", "Use 3 to 30 letters"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_signup_rejects_bad_input_and_keeps_what_was_typed(client, member, data, field, message):
    typed = {
        "username": "fresh_fern",
        "email": "fern@example.org",
        "password": PASSWORD,
        "here_as": "patient",
    }
    typed.update(data)
    response = client.post(SIGNUP, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Your account was not created yet" in page
    if field != "username":
        assert f'value="{typed["username"]}"' in page
    if field != "email":
        assert f'value="{typed["email"]}"' in page
    assert User.objects.filter(username="fresh_fern").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "identifier", ["member_mo", "Member_Mo", "member_mo@example.org", "MEMBER_MO@EXAMPLE.ORG"]
)
def test_login_with_username_or_email(client, member, identifier):
    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@pytest.mark.django_db
def test_wrong_password_says_so_and_keeps_the_username(client, member):
    response = client.post(LOGIN, {"username": "member_mo", "password": "wrong-password-1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "do not match an account" in page
    assert 'value="member_mo"' in page


@pytest.mark.django_db
def test_closed_account_cannot_sign_in(client):
    UserFactory(username="gone_gil", is_active=False)
    response = client.post(LOGIN, {"username": "gone_gil", "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_needs_post(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email_end_to_end(client, member):
    response = client.post("/accounts/password/reset/", {"email": "member_mo@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    new_password = "another-long-password-77"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_reveals_nothing(client):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "If an account uses that address" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_tampered_or_stale_confirmation_link_explains(client, member):
    response = client.get("/accounts/confirm/not-a-real-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
