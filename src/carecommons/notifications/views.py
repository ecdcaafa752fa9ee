from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carecommons.accounts.models import User
from carecommons.community import permissions as community_permissions
from carecommons.community.models import Discussion, Group
from carecommons.core.http import SiteRequest, member_of
from carecommons.notifications import selectors, services
from carecommons.notifications.forms import EmailPreferencesForm, FollowActionForm
from carecommons.notifications.kinds import KINDS
from carecommons.notifications.models import Notification


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.headers.get("referer") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return HttpResponseRedirect(target)


@login_required
def centre(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    threads = selectors.centre(user)
    unread = sum(thread.unread for thread in threads)
    return render(
        request,
        "notifications/centre.html",
        {"threads": threads, "unread": unread, "noindex": True},
    )


@login_required
def go(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notification: mark it read and land on the exact reply it is about."""
    user = member_of(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    services.mark_read(user, [notification.pk])
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404("This notification has no page to open.")
    return HttpResponseRedirect(notification.url)


@require_POST
@login_required
def mark_read(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    discussion_id = request.POST.get("discussion", "")
    ids = request.POST.getlist("notification")
    if discussion_id.isdigit():
        count = services.mark_discussion_read(user, int(discussion_id))
    elif ids and all(i.isdigit() for i in ids):
        count = services.mark_read(user, [int(i) for i in ids])
    else:
        messages.error(request, "Choose which notifications to mark as read.")
        return render(
            request,
            "notifications/centre.html",
            {"threads": selectors.centre(user), "noindex": True},
            status=400,
        )
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:centre")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(member_of(request))
    messages.success(request, f"All caught up: {count} marked read.")
    return redirect("notifications:centre")


def unread_badge(request: SiteRequest) -> HttpResponse:
    """The header's count, polled by htmx. One query beyond the session and the member."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    count = services.unread_count(member_of(request))
    return render(request, "notifications/_badge.html", {"count": count})


@login_required
def mention_options(request: SiteRequest) -> HttpResponse:
    """Autocomplete options for the composer's @mention combobox (htmx partial)."""
    viewer = member_of(request)
    discussion = None
    group_id = None
    discussion_param = request.GET.get("discussion", "")
    if discussion_param.isdigit():
        found = Discussion.objects.select_related("group").filter(pk=int(discussion_param)).first()
        if found and community_permissions.can_view_discussion(viewer, found):
            discussion = found
    group_slug = request.GET.get("group", "")
    if discussion is None and group_slug:
        group_id = Group.objects.filter(slug=group_slug).values_list("pk", flat=True).first()
    candidates = selectors.mention_candidates(
        request.GET.get("q", ""), viewer=viewer, discussion=discussion, group_id=group_id
    )
    return render(
        request,
        "notifications/_mention_options.html",
        {"candidates": candidates, "listbox": request.GET.get("listbox", "mention-list")},
    )


# --- follows -----------------------------------------------------------------------------


def _follow_target(kind: str, key: str, user: Any) -> tuple[dict[str, Any], str, str]:
    """The Follow filter, the label and the page URL for a follow button."""
    if kind == "discussion":
        discussion = (
            Discussion.objects.select_related("group").filter(pk=int(key)).first()
            if key.isdigit()
            else None
        )
        if discussion is None or not community_permissions.can_view_discussion(user, discussion):
            raise Http404("There is no discussion at this address.")
        return {"discussion": discussion}, "discussion", discussion.get_absolute_url()
    if kind == "group":
        group = Group.objects.filter(slug=key).first()
        if group is None or not community_permissions.can_view_group(user, group):
            raise Http404("There is no group at this address.")
        return {"group": group}, "group", group.get_absolute_url()
    member = (
        User.objects.filter(username__iexact=key, is_active=True).first()
        if kind == "member"
        else None
    )
    if member is None:
        raise Http404("There is no member with that name.")
    return {"member": member}, member.name, reverse("accounts:profile", args=[member.username])


@login_required
def follow(request: SiteRequest, kind: str, key: str) -> HttpResponse:
    """Follow, mute or stop following; GET renders the button (loaded by htmx)."""
    user = member_of(request)
    target, label, page_url = _follow_target(kind, key, user)
    status = 200
    error = ""
    if request.method == "POST":
        form = FollowActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            if action == "unfollow":
                services.unfollow(user, **target)
            elif action == "mute" and kind == "discussion":
                services.mute_discussion(user, target["discussion"])
            elif kind == "discussion":
                services.follow_discussion(user, target["discussion"])
            elif kind == "group":
                services.follow_group(user, target["group"])
            else:
                services.follow_member(user, target["member"])
            if not request.htmx:
                messages.success(request, _follow_message(action, label))
                return _back(request, page_url)
        else:
            status = 400
            error = str(form.errors["action"][0])
    state = selectors.follow_of(user, **target)
    context = {
        "kind": kind,
        "key": key,
        "label": label,
        "state": state,
        "error": error,
        "page_url": page_url,
        "is_self": kind == "member" and target["member"].pk == user.pk,
    }
    return render(request, "notifications/_follow.html", context, status=status)


def _follow_message(action: str, label: str) -> str:
    if action == "unfollow":
        return f"You no longer follow this {label}."
    if action == "mute":
        return "Muted: you will only hear about this discussion when someone mentions you."
    return f"You follow this {label} now. Change it at any time in notification settings."


# --- settings and unsubscribe -------------------------------------------------------------


@login_required
def notification_settings(request: SiteRequest) -> HttpResponse:
    user = member_of(request)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            for kind in KINDS:
                services.set_email_frequency(user, kind, form.cleaned_data[kind])
            messages.success(request, "Your email choices are saved.")
            return redirect("notifications:settings")
    else:
        form = EmailPreferencesForm(initial=services.email_preferences(user))
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "follows": selectors.follows(user), "noindex": True},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def remove_follow(request: HttpRequest, pk: int) -> HttpResponse:
    if services.remove_follow(member_of(request), pk):
        messages.success(request, "Done: you no longer follow that.")
    return redirect("notifications:settings")


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every email. GET shows a button (mail scanners open links); POST
    unsubscribes, also as the one-click POST mail programs send (RFC 8058), so no CSRF token
    and no sign-in: the signed token is the proof."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user, kinds = found
    labels = [KINDS[k].label.lower() for k in kinds]
    done = False
    if request.method == "POST":
        services.unsubscribe(user, kinds)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"labels": labels, "done": done, "token": token, "noindex": True},
    )
