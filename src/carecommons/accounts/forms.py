from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.forms.utils import ErrorDict
from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.accounts.roles import Role
from carecommons.core.mail import queue_email


class SignUpForm(forms.Form):
    username = forms.CharField(
        max_length=30,
        help_text="Public. A nickname is fine: you never need to give your real name.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        help_text="Private. Used to confirm your account and for notices you choose.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; avoid common passwords.",
    )
    here_as = forms.ChoiceField(
        label="I am here as",
        choices=[("", "Prefer not to say"), *User.HereAs.choices],
        required=False,
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        field = User._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Please choose another.")
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Sign in, or reset your password."
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Username or email",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": (
            "That username or email and password do not match an account. "
            "Check both, or reset your password."
        ),
        "inactive": "This account has been closed.",
    }

    def refuse(self, message: str) -> None:
        """Mark the form invalid with `message` without trying the password (lock-out)."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, message)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email handed to the worker instead of sent in-request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        path = f"/accounts/reset/{context['uid']}/{context['token']}/"
        queue_email("accounts/email/password_reset", to_email, {"user": user, "path": path})


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["display_name", "bio", "here_as", "country"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 600})}
        help_texts = {"bio": "Up to 600 characters. Shown on your public profile."}


class ExpertDetailsForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["credentials", "specialty", "institution"]


class ChangeEmailForm(forms.Form):
    email = forms.EmailField(label="New email address")
    password = forms.CharField(
        label="Your current password", strip=False, widget=forms.PasswordInput
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email.lower() == self.user.email.lower():
            raise forms.ValidationError("That is already your email address.")
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Another account already uses this email address.")
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class DeactivateForm(forms.Form):
    password = forms.CharField(
        label="Your current password", strip=False, widget=forms.PasswordInput
    )
    confirm = forms.BooleanField(
        label="I understand I will no longer be able to sign in with this account."
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    action = forms.ChoiceField(choices=[("grant", "Grant"), ("revoke", "Revoke")])
    reason = forms.CharField(max_length=300, required=False)


class CaredPersonForm(forms.ModelForm[CaredPerson]):
    class Meta:
        model = CaredPerson
        fields = ["relationship", "nickname", "date_of_birth", "duffy_status"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        labels = {"relationship": "Who is it?"}

    def __init__(self, owner: User, *args: Any, **kwargs: Any) -> None:
        self.owner = owner
        super().__init__(*args, **kwargs)

    def clean_relationship(self) -> str:
        relationship: str = self.cleaned_data["relationship"]
        if relationship == CaredPerson.Relationship.SELF:
            others = CaredPerson.objects.filter(owner=self.owner, relationship=relationship)
            if others.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError("You are already on your list as “Me”.")
        return relationship

    def clean_date_of_birth(self) -> date | None:
        born: date | None = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born.year < today.year - 120:
            raise forms.ValidationError("Please check the year: that is more than 120 years ago.")
        return born
