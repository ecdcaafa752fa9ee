"""Thin views: parse → permission → selector/service → render (a page or an htmx fragment)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from carecommons import safety
from carecommons.accounts.models import User
from carecommons.community import permissions as community_permissions
from carecommons.community.models import Discussion, PostStatus, Reply
from carecommons.core import ratelimit
from carecommons.core.http import MemberRequest, SiteRequest, member_of
from carecommons.core.markdown import render as render_markdown
from carecommons.moderation import permissions, selectors, services
from carecommons.moderation.forms import (
    EditPostForm,
    FlagForm,
    GuidelinesForm,
    MergeForm,
    MoveForm,
    OptionalReasonForm,
    ReasonForm,
    SafetyPreviewForm,
    SavedReplyForm,
    SuspendForm,
)
from carecommons.moderation.models import SavedReply

Post = Discussion | Reply


def _not_found(message: str = "There is no such page.") -> Http404:
    return Http404(message)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


# --- guidelines -----------------------------------------------------------------------------


def guidelines(request: SiteRequest) -> HttpResponse:
    current = services.current_guidelines()
    return render(
        request,
        "moderation/guidelines.html",
        {
            "guidelines": current,
            "body_html": render_markdown(current.body),
            "has_read": services.has_read_guidelines(request.user),
            "can_edit": permissions.can_edit_guidelines(request.user),
        },
    )


@login_required
def guidelines_edit(request: MemberRequest) -> HttpResponse:
    if not permissions.can_edit_guidelines(request.user):
        raise _not_found()
    current = services.current_guidelines()
    form = GuidelinesForm(request.POST or None, initial={"body": current.body})
    if request.method == "POST" and form.is_valid():
        services.update_guidelines(
            form.cleaned_data["body"],
            by=member_of(request),
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, "The guidelines are updated. The change is in the audit log.")
        return redirect("moderation:guidelines")
    return render(
        request,
        "moderation/guidelines_edit.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def guidelines_read(request: MemberRequest) -> HttpResponse:
    services.acknowledge_guidelines(member_of(request))
    if request.htmx:
        return render(request, "moderation/_guidelines_thanks.html")
    messages.success(request, "Thank you for reading the guidelines.")
    return HttpResponseRedirect(_safe_next(request, reverse("moderation:guidelines")))


# --- flags ----------------------------------------------------------------------------------


def _readable_post(request: HttpRequest, kind: str, pk: int) -> Post:
    post = selectors.find_post(kind, pk)
    if post is None:
        raise _not_found("There is no such post. It may have been removed.")
    discussion = services.discussion_of(post)
    if not community_permissions.can_view_discussion(request.user, discussion):
        raise _not_found("There is no such post. It may have been removed.")
    if isinstance(post, Reply) and not community_permissions.can_view_reply_text(
        request.user, post
    ):
        raise _not_found("There is no such post. It may have been removed.")
    return post


@login_required
def flag(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    post = _readable_post(request, kind, pk)
    member = member_of(request)
    context: dict[str, Any] = {"post": post, "discussion": services.discussion_of(post)}
    if not permissions.can_flag(member):
        return render(request, "moderation/cannot_flag.html", context, status=403)
    suspension = services.active_suspension(member)
    if suspension is not None:
        context["suspension"] = suspension
        return render(request, "moderation/cannot_flag.html", context, status=403)
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.flag_post(
                    member,
                    post,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"].strip(),
                    ip=ratelimit.client_ip(request),
                )
            except ratelimit.RateLimited as limited:
                form.add_error(None, limited.message)
                status = 429
            else:
                messages.success(
                    request,
                    "Thank you for telling us. A moderator will look at it soon; the author is "
                    "not told who flagged it.",
                )
                return HttpResponseRedirect(services.post_url(post))
        else:
            status = 400
    context["form"] = form
    return render(request, "moderation/flag.html", context, status=status)


# --- the queue and moderator actions --------------------------------------------------------


def _moderator(request: HttpRequest) -> User:
    if not permissions.can_moderate(request.user):
        raise _not_found()
    return member_of(request)


@login_required
def queue(request: MemberRequest) -> HttpResponse:
    _moderator(request)
    items = selectors.queue()
    has_messaging, reports = selectors.message_reports()
    return render(
        request,
        "moderation/queue.html",
        {
            "items": items,
            "has_messaging": has_messaging,
            "message_reports": reports,
            "danger_count": sum(1 for item in items if item.in_danger),
            "approval_count": sum(1 for item in items if item.awaiting_approval),
        },
    )


def _forms_for(post: Post, data: Any = None, action: str = "") -> dict[str, forms.Form]:
    """One form per action; only the submitted one is bound."""
    is_discussion = isinstance(post, Discussion)
    discussion = services.discussion_of(post)

    def bound(name: str) -> Any:
        return data if action == name else None

    result: dict[str, forms.Form] = {
        "dismiss": OptionalReasonForm(bound("dismiss"), prefix="dismiss"),
        "hide": ReasonForm(bound("hide"), prefix="hide"),
        "restore": ReasonForm(bound("restore"), prefix="restore"),
        "approve": OptionalReasonForm(bound("approve"), prefix="approve"),
        "reject": ReasonForm(bound("reject"), prefix="reject"),
        "edit": EditPostForm(
            bound("edit"),
            prefix="edit",
            is_discussion=is_discussion,
            initial={"title": getattr(post, "title", ""), "body": post.body},
        ),
    }
    if is_discussion:
        result["lock"] = ReasonForm(bound("lock"), prefix="lock")
        result["pin"] = OptionalReasonForm(bound("pin"), prefix="pin")
        result["move"] = MoveForm(bound("move"), prefix="move")
        result["merge"] = MergeForm(bound("merge"), prefix="merge", duplicate=discussion)
    return result


def _render_post_page(
    request: HttpRequest, post: Post, post_forms: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    discussion = services.discussion_of(post)
    return render(
        request,
        "moderation/post.html",
        {
            "post": post,
            "kind": "r" if isinstance(post, Reply) else "d",
            "discussion": discussion,
            "forms": post_forms,
            "flags": services._open_flags(post).select_related("reporter"),
            "report": services.safety_report(post),
            "can_sanction": permissions.can_sanction(request.user, post.author),
        },
        status=status,
    )


@login_required
def post_detail(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    _moderator(request)
    post = selectors.find_post(kind, pk)
    if post is None:
        raise _not_found("There is no such post.")
    return _render_post_page(request, post, _forms_for(post))


ACTION_DONE = {
    "dismiss": "The flags are dismissed; the post stays as it was.",
    "hide": "The post is hidden and its author is told why.",
    "restore": "The post is visible again and its author is told.",
    "approve": "The post is approved and published; its author is told.",
    "reject": "The post is not approved; its author is told why.",
    "edit": "The post is edited with your reason shown under it; its author is told.",
    "lock": "The discussion is locked; its author is told why.",
    "unlock": "The discussion is unlocked; its author is told.",
    "pin": "The discussion is pinned to the top of its group.",
    "unpin": "The discussion is no longer pinned.",
    "move": "The discussion is moved; its author is told why.",
    "merge": "The discussions are merged; the author of the duplicate is told why.",
}


@require_POST
@login_required
def post_action(request: MemberRequest, kind: str, pk: int, action: str) -> HttpResponse:
    moderator = _moderator(request)
    post = selectors.find_post(kind, pk)
    if post is None:
        raise _not_found("There is no such post.")
    form_name = {"unlock": "lock", "unpin": "pin"}.get(action, action)
    post_forms = _forms_for(post, request.POST, form_name)
    form = post_forms.get(form_name)
    if form is None or action not in ACTION_DONE:
        raise _not_found("There is no such action for this post.")
    if action in {"unlock", "unpin"}:
        # The lock form asks for a reason; unlocking and unpinning need none.
        form = OptionalReasonForm(request.POST, prefix=form_name)
    if not form.is_valid():
        post_forms[form_name] = form
        return _render_post_page(request, post, post_forms, status=400)
    data = form.cleaned_data
    reason = data.get("reason", "")
    done = ACTION_DONE[action]
    if action == "dismiss":
        services.dismiss_flags(post, by=moderator, reason=reason, request=request)
    elif action == "hide":
        services.hide_post(post, by=moderator, reason=reason, request=request)
    elif action == "restore":
        services.restore_post(post, by=moderator, reason=reason, request=request)
    elif action == "approve":
        services.approve_post(post, by=moderator, reason=reason, request=request)
    elif action == "reject":
        services.reject_post(post, by=moderator, reason=reason, request=request)
    elif action == "edit":
        services.edit_post(
            post,
            by=moderator,
            body=data["body"],
            title=data.get("title"),
            reason=reason,
            request=request,
        )
    else:
        assert isinstance(post, Discussion)
        if action in {"lock", "unlock"}:
            services.set_locked(
                post, locked=action == "lock", by=moderator, reason=reason, request=request
            )
        elif action in {"pin", "unpin"}:
            services.set_pinned(
                post, pinned=action == "pin", by=moderator, reason=reason, request=request
            )
        elif action == "move":
            services.move_discussion(
                post, to=data["group"], by=moderator, reason=reason, request=request
            )
        elif action == "merge":
            services.merge_discussions(
                post, into=data["into"], by=moderator, reason=reason, request=request
            )
    messages.success(request, done)
    return HttpResponseRedirect(_safe_next(request, reverse("moderation:queue")))


@login_required
def member(request: MemberRequest, username: str) -> HttpResponse:
    moderator = _moderator(request)
    target = User.objects.filter(username__iexact=username).first()
    if target is None:
        raise _not_found("There is no member with that username.")
    allowed = permissions.can_sanction(moderator, target)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    sanction_forms: dict[str, forms.Form] = {
        "warn": ReasonForm(request.POST if action == "warn" else None, prefix="warn"),
        "suspend": SuspendForm(request.POST if action == "suspend" else None, prefix="suspend"),
        "lift": ReasonForm(request.POST if action == "lift" else None, prefix="lift"),
        "ban": ReasonForm(request.POST if action == "ban" else None, prefix="ban"),
    }
    status = 200
    if request.method == "POST":
        if not allowed:
            raise _not_found("You cannot take action on this member.")
        form = sanction_forms.get(action)
        if form is None:
            raise _not_found("There is no such action.")
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            if action == "warn":
                services.warn_member(target, by=moderator, reason=reason, request=request)
                messages.success(request, f"{target.username} is warned and told why.")
            elif action == "suspend":
                days = form.cleaned_data["days"]
                services.suspend_member(
                    target, by=moderator, reason=reason, days=days, request=request
                )
                messages.success(request, f"{target.username} is suspended for {days} days.")
            elif action == "lift":
                services.lift_suspension(target, by=moderator, reason=reason, request=request)
                messages.success(request, f"The suspension of {target.username} is lifted.")
            else:
                services.ban_member(target, by=moderator, reason=reason, request=request)
                messages.success(request, f"{target.username} is banned and told why.")
            return redirect("moderation:member", username=target.username)
        status = 400
    return render(
        request,
        "moderation/member.html",
        {
            "member": target,
            "allowed": allowed,
            "forms": sanction_forms,
            "sanctions": selectors.member_sanctions(target),
            "suspension": services.active_suspension(target),
        },
        status=status,
    )


class LogFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="Moderator (username)", max_length=150)
    action = forms.CharField(required=False, label="Action contains", max_length=80)
    target = forms.CharField(required=False, label="Object contains", max_length=300)


@login_required
def moderation_log(request: MemberRequest) -> HttpResponse:
    _moderator(request)
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.moderation_log(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


# --- mentors' tools -------------------------------------------------------------------------


def _mentor(request: HttpRequest) -> User:
    if not permissions.can_mentor(request.user):
        raise _not_found()
    return member_of(request)


@login_required
def waiting(request: MemberRequest) -> HttpResponse:
    _mentor(request)
    hours = services.community_settings().waiting_hours
    discussions = selectors.waiting_discussions(hours)
    group = request.GET.get("group", "")
    if group:
        discussions = discussions.filter(group__slug=group)
    return render(
        request,
        "moderation/waiting.html",
        {"discussions": list(discussions[:200]), "hours": hours, "group": group},
    )


@login_required
def saved_replies(request: MemberRequest) -> HttpResponse:
    mentor = _mentor(request)
    return render(
        request,
        "moderation/saved_replies.html",
        {
            "saved_replies": selectors.saved_replies_for(mentor),
            "can_share": permissions.can_share_saved_replies(mentor),
        },
    )


@login_required
def saved_reply_form(request: MemberRequest, pk: int | None = None) -> HttpResponse:
    mentor = _mentor(request)
    instance = None
    if pk is not None:
        instance = SavedReply.objects.filter(pk=pk).first()
        if instance is None or not permissions.can_change_saved_reply(mentor, instance):
            raise _not_found("There is no such saved reply.")
    can_share = permissions.can_share_saved_replies(mentor)
    form = SavedReplyForm(request.POST or None, instance=instance, can_share=can_share)
    if request.method == "POST" and form.is_valid():
        shared = bool(form.cleaned_data.get("shared"))
        if instance is None:
            owner = None if can_share and shared else mentor
        elif can_share:
            owner = None if shared else (instance.owner or mentor)
        else:
            owner = instance.owner
        services.save_reply(
            owner=owner,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            instance=instance,
        )
        messages.success(request, "The saved reply is stored.")
        return redirect("moderation:saved_replies")
    return render(
        request,
        "moderation/saved_reply_form.html",
        {"form": form, "instance": instance},
        status=400 if form.errors else 200,
    )


@login_required
def saved_reply_delete(request: MemberRequest, pk: int) -> HttpResponse:
    mentor = _mentor(request)
    instance = SavedReply.objects.filter(pk=pk).first()
    if instance is None or not permissions.can_change_saved_reply(mentor, instance):
        raise _not_found("There is no such saved reply.")
    if request.method == "POST":
        services.delete_saved_reply(instance, by=mentor)
        messages.success(request, f"“{instance.title}” is deleted.")
        return redirect("moderation:saved_replies")
    return render(request, "moderation/saved_reply_delete.html", {"instance": instance})


def _discussion_param(request: HttpRequest) -> Discussion | None:
    raw = request.GET.get("discussion", "")
    if not raw.isdigit():
        return None
    discussion = Discussion.objects.select_related("group", "author").filter(pk=int(raw)).first()
    if discussion is None or not community_permissions.can_view_discussion(
        request.user, discussion
    ):
        return None
    return discussion


@login_required
def composer_saved_replies(request: MemberRequest) -> HttpResponse:
    mentor = _mentor(request)
    discussion = _discussion_param(request)
    replies = [
        (saved, services.fill_placeholders(saved.body, discussion=discussion))
        for saved in selectors.saved_replies_for(mentor)
    ]
    return render(request, "moderation/_composer_saved_replies.html", {"replies": replies})


@login_required
def related(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    exclude = request.GET.get("exclude", "")
    found = selectors.related_discussions(
        request.user, query, exclude=int(exclude) if exclude.isdigit() else None
    )
    return render(request, "moderation/_related_results.html", {"found": found, "query": query})


@require_POST
@login_required
def helpful(request: MemberRequest, pk: int) -> HttpResponse:
    reply = _readable_post(request, "r", pk)
    assert isinstance(reply, Reply)
    if not permissions.can_mark_helpful(request.user, reply.discussion):
        raise _not_found("Only the person who asked and mentors can mark replies as helpful.")
    if reply.status != PostStatus.PUBLISHED or reply.is_deleted:
        raise _not_found("Only published replies can be marked as helpful.")
    marked = services.mark_helpful(reply, by=member_of(request))
    messages.success(
        request, "Marked as helpful. Thank you." if marked else "The helpful mark is removed."
    )
    return HttpResponseRedirect(services.post_url(reply))


def helpful_marks(request: SiteRequest, pk: int) -> HttpResponse:
    discussion = Discussion.objects.select_related("group").filter(pk=pk).first()
    if discussion is None or not community_permissions.can_view_discussion(
        request.user, discussion
    ):
        raise _not_found("There is no such discussion.")
    return render(
        request,
        "moderation/_helpful_marks.html",
        {"numbers": selectors.helpful_numbers(discussion)},
    )


# --- safety ---------------------------------------------------------------------------------


@require_POST
@login_required
def safety_preview(request: MemberRequest) -> HttpResponse:
    form = SafetyPreviewForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "moderation/_safety_notice.html",
            {"problem": "This text is too long to check; shorten it and try again."},
            status=400,
        )
    text = "\n\n".join(
        part for part in (form.cleaned_data["title"], form.cleaned_data["body"]) if part
    )
    report = safety.check(text, country=services._country(request.user)) if text else None
    return render(request, "moderation/_safety_notice.html", {"report": report})
