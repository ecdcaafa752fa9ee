from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carecommons.accounts.models import User
from carecommons.core.http import SiteRequest, member_of
from carecommons.core.ratelimit import client_ip
from carecommons.messaging import permissions, selectors, services
from carecommons.messaging.forms import (
    BlockForm,
    MessageForm,
    NewConversationForm,
    ReportForm,
    ResolveForm,
)
from carecommons.messaging.models import Conversation


def _own_conversation(request: HttpRequest, pk: int) -> Conversation:
    """The conversation if the member takes part in it; a 404 for everyone else, staff
    included (moderators read only reported conversations, through the report)."""
    user = member_of(request)
    conversation = selectors.conversation_for(pk)
    if conversation is None or not permissions.is_participant(
        user, {p.user_id for p in conversation.participants.all()}
    ):
        raise Http404("There is no conversation of yours at this address.")
    return conversation


@login_required
def inbox(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    return render(
        request,
        "messaging/inbox.html",
        {
            "conversations": selectors.inbox(user)[:100],
            "can_message": permissions.can_start_messaging(
                user, has_published_post=services.has_published_post(user)
            ),
            "noindex": True,
        },
    )


@login_required
def new_conversation(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    initial = {"to": request.GET.get("to", "")}
    form = NewConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        recipients, missing = selectors.members_named(form.cleaned_data["to"])
        if missing:
            form.add_error("to", f"No member is called {', '.join(missing)}. Check the spelling.")
        else:
            try:
                conversation = services.start_conversation(
                    author=user,
                    recipients=recipients,
                    body=form.cleaned_data["body"],
                    subject=form.cleaned_data["subject"],
                    ip=client_ip(request),
                )
            except services.MessageRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "Your message is sent.")
                return redirect(conversation)
    return render(
        request,
        "messaging/new.html",
        {"form": form, "noindex": True},
        status=400 if form.errors else 200,
    )


@login_required
def conversation(request: SiteRequest, pk: int) -> HttpResponse:
    user = member_of(request)
    convo = _own_conversation(request, pk)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.send_message(
                    conversation=convo,
                    author=user,
                    body=form.cleaned_data["body"],
                    ip=client_ip(request),
                )
            except services.MessageRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect(convo)
        status = 400
    else:
        services.mark_conversation_read(convo, user)
    participants = list(convo.participants.all())
    me = next(p for p in participants if p.user_id == user.pk)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": convo,
            "participants": participants,
            "others": [p for p in participants if p.user_id != user.pk],
            "me": me,
            "chat": selectors.messages_of(convo),
            "form": form,
            "report_form": ReportForm(),
            "noindex": True,
        },
        status=status,
    )


@require_POST
@login_required
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    convo = _own_conversation(request, pk)
    if services.leave(convo, member_of(request)):
        messages.success(request, "You left the conversation. Nobody can add you back to it.")
    return redirect("messaging:inbox")


@login_required
def report(request: SiteRequest, pk: int) -> HttpResponse:
    convo = _own_conversation(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report(convo, reporter=member_of(request), reason=form.cleaned_data["reason"])
        messages.success(
            request,
            "Thank you. The moderators will read this conversation and act on it. You can "
            "also block the member or leave the conversation.",
        )
        return redirect(convo)
    return render(
        request,
        "messaging/report_form.html",
        {"conversation": convo, "form": form, "noindex": True},
        status=400 if form.errors else 200,
    )


# --- blocks --------------------------------------------------------------------------------


@login_required
def blocked(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["username"].strip().lstrip("@")
        target = User.objects.filter(username__iexact=name, is_active=True).first()
        if target is None:
            form.add_error("username", f"No member is called {name}. Check the spelling.")
        elif target.pk == user.pk:
            form.add_error("username", "You cannot block yourself.")
        else:
            services.block(user, target)
            messages.success(
                request,
                f"You blocked {target.username}. They cannot message you and you will not be "
                "notified of their posts.",
            )
            return redirect("messaging:blocked")
    return render(
        request,
        "messaging/blocked.html",
        {"form": form, "blocks": selectors.blocked_members(user), "noindex": True},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def block_member(request: HttpRequest, username: str) -> HttpResponse:
    user = member_of(request)
    target = User.objects.filter(username__iexact=username, is_active=True).first()
    if target is None or target.pk == user.pk:
        raise Http404("There is no member with that name to block.")
    services.block(user, target)
    messages.success(
        request,
        f"You blocked {target.username}. They cannot message you and you will not be notified "
        "of their posts; you can unblock them from their profile or your blocked list.",
    )
    return _back_or_blocked_list(request)


def _back_or_blocked_list(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on (same site only), else the blocked list."""
    target_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target_url, allowed_hosts={request.get_host()}):
        return redirect(target_url)
    return redirect("messaging:blocked")


@require_POST
@login_required
def unblock_member(request: HttpRequest, username: str) -> HttpResponse:
    user = member_of(request)
    target = User.objects.filter(username__iexact=username).first()
    if target is not None and services.unblock(user, target):
        messages.success(request, f"You unblocked {target.username}.")
    return _back_or_blocked_list(request)


# --- moderators ------------------------------------------------------------------------------


def _moderator(request: HttpRequest) -> User:
    user = member_of(request)
    if not permissions.can_read_reports(user):
        raise Http404("This page is for moderators.")
    return user


@login_required
def reports(request: SiteRequest) -> HttpResponse:
    _moderator(request)
    return render(
        request,
        "messaging/reports.html",
        {"reports": selectors.all_reports()[:200], "noindex": True},
    )


@login_required
def report_detail(request: SiteRequest, pk: int) -> HttpResponse:
    moderator = _moderator(request)
    found = selectors.all_reports().filter(pk=pk).first()
    if found is None:
        raise Http404("There is no report at this address.")
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resolve(found, moderator=moderator, resolution=form.cleaned_data["resolution"])
        messages.success(request, "The report is resolved.")
        return redirect("messaging:reports")
    services.read_reported(found, moderator=moderator, request=request)
    convo = selectors.conversation_for(found.conversation_id)
    return render(
        request,
        "messaging/report_detail.html",
        {
            "report": found,
            "conversation": convo,
            "participants": list(convo.participants.all()) if convo else [],
            "chat": selectors.messages_of(found.conversation),
            "form": form,
            "noindex": True,
        },
        status=400 if form.errors else 200,
    )
