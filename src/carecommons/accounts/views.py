from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carecommons.accounts import permissions, services
from carecommons.accounts.forms import (
    CaredPersonForm,
    ChangeEmailForm,
    DeactivateForm,
    ExpertDetailsForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    RoleChangeForm,
    SignUpForm,
)
from carecommons.accounts.models import CaredPerson, User
from carecommons.accounts.roles import Role
from carecommons.accounts.tokens import InvalidLink, read_verification_token
from carecommons.community import selectors as community
from carecommons.core import ratelimit
from carecommons.core.http import MemberRequest
from carecommons.moderation import lockout


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check("signup", ip=ratelimit.client_ip(request))
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        user = services.sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            here_as=form.cleaned_data["here_as"],
        )
        login(request, user, backend="carecommons.accounts.backends.UsernameOrEmailBackend")
        return redirect("accounts:confirm_sent")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def confirm_sent(request: MemberRequest) -> HttpResponse:
    return render(request, "accounts/confirm_sent.html")


@require_POST
@login_required
def resend_confirmation(request: MemberRequest) -> HttpResponse:
    if request.user.email_verified:
        messages.info(request, "Your email address is already confirmed.")
        return redirect("home")
    services.send_verification_email(request.user)
    messages.success(request, f"We sent a new confirmation link to {request.user.email}.")
    return redirect("accounts:confirm_sent")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = read_verification_token(token)
    except InvalidLink as problem:
        return render(
            request, "accounts/verify_failed.html", {"problem": problem.message}, status=400
        )
    services.mark_email_verified(user)
    messages.success(request, "Thank you, your email address is confirmed. You can now post.")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("home")
    return redirect("accounts:login")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Per-address rate limit and per-account progressive lock-out, checked before the
        # password is even tried.
        username = request.POST.get("username", "")
        refusal = ""
        try:
            ratelimit.check("login", ip=ratelimit.client_ip(request))
        except ratelimit.RateLimited as limited:
            refusal = limited.message
        locked = lockout.remaining_lock(username)
        if not refusal and locked:
            refusal = lockout.locked_message(locked)
        if refusal:
            form = self.get_form()
            assert isinstance(form, LoginForm)
            form.refuse(refusal)
            response = super().form_invalid(form)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        lockout.clear(form.cleaned_data.get("username", ""))
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        seconds = lockout.record_failure(self.request.POST.get("username", ""))
        if seconds:
            form.add_error(None, lockout.locked_message(seconds))
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out. See you soon.")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("home")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            ratelimit.check("password_reset", ip=ratelimit.client_ip(self.request))
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, "Your new password is set. Sign in with it now.")
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = User.objects.filter(username__iexact=username).prefetch_related("role_grants").first()
    if member is None or not member.is_active:
        raise Http404("There is no member with that username.")
    if member.username != username:
        return redirect("accounts:profile", username=member.username)
    return render(
        request,
        "accounts/profile.html",
        {
            "member": member,
            "groups": community.member_groups(member, request.user),
            "posts": community.member_recent_posts(member, request.user),
            "can_manage_roles": permissions.can_grant_roles(request.user),
            "blocked": request.user.is_authenticated and services.has_blocked(request.user, member),
        },
    )


@login_required
def account_settings(request: MemberRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user, prefix="profile")
    expert_form = (
        ExpertDetailsForm(request.POST or None, instance=user, prefix="expert")
        if user.has_role(Role.EXPERT)
        else None
    )
    if request.method == "POST":
        forms_ok = form.is_valid() and (expert_form is None or expert_form.is_valid())
        if forms_ok:
            form.save()
            if expert_form is not None:
                expert_form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "expert_form": expert_form},
        status=400 if form.errors or (expert_form and expert_form.errors) else 200,
    )


@login_required
def change_email(request: MemberRequest) -> HttpResponse:
    form = ChangeEmailForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_email(request.user, form.cleaned_data["email"])
        messages.success(
            request,
            "Your email address is changed. We sent a confirmation link to the new address.",
        )
        return redirect("accounts:settings")
    return render(
        request, "accounts/change_email.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def deactivate(request: MemberRequest) -> HttpResponse:
    form = DeactivateForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deactivate(request.user, request=request)
        logout(request)
        messages.info(request, "Your account is closed. Thank you for being part of the community.")
        return redirect("home")
    return render(
        request, "accounts/deactivate.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def manage_roles(request: MemberRequest, username: str) -> HttpResponse:
    if not permissions.can_grant_roles(request.user):
        raise Http404("There is no such page.")
    member = User.objects.filter(username=username).first()
    if member is None:
        raise Http404("There is no member with that username.")
    form = RoleChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = Role(form.cleaned_data["role"])
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["action"] == "grant":
            changed = services.grant_role(
                member, role, by=request.user, reason=reason, request=request
            )
            verb = "now holds" if changed else "already held"
        else:
            changed = services.revoke_role(
                member, role, by=request.user, reason=reason, request=request
            )
            verb = "no longer holds" if changed else "did not hold"
        messages.success(request, f"{member.username} {verb} the role {role.label}.")
        return redirect("accounts:manage_roles", username=member.username)
    return render(
        request,
        "accounts/manage_roles.html",
        {"member": member, "form": form, "held": member.badges()},
        status=400 if form.errors else 200,
    )


@login_required
def people(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "accounts/people.html",
        {"people": CaredPerson.objects.filter(owner=request.user)},
    )


def _own_person(request: MemberRequest, pk: int | None) -> CaredPerson | None:
    if pk is None:
        return None
    person = CaredPerson.objects.filter(pk=pk, owner=request.user).first()
    if person is None:
        raise Http404("There is no such person on your list.")
    return person


@login_required
def person_form(request: MemberRequest, pk: int | None = None) -> HttpResponse:
    person = _own_person(request, pk)
    form = CaredPersonForm(request.user, request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.owner = request.user
        saved.save()
        verb = "updated" if person else "added"
        messages.success(
            request,
            f"{saved.private_label} is {verb}. Posts about them show “{saved.public_label}”.",
        )
        return redirect("accounts:people")
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@login_required
def person_delete(request: MemberRequest, pk: int) -> HttpResponse:
    person = _own_person(request, pk)
    assert person is not None
    if request.method == "POST":
        label = person.private_label
        person.delete()
        messages.success(request, f"{label} is removed from your people.")
        return redirect("accounts:people")
    return render(request, "accounts/person_delete.html", {"person": person})
