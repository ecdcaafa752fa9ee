from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from carecommons.community import permissions, selectors, services
from carecommons.community.forms import DiscussionForm, EditReplyForm, ReplyForm, RevealForm
from carecommons.community.models import Discussion, Group, PostStatus, Reply
from carecommons.core.http import SiteRequest, member_of

REPLIES_PER_PAGE = settings.CARECOMMONS["REPLIES_PER_PAGE"]
PENDING_MESSAGE = (
    "Thank you. Your post is waiting for a moderator to approve it, as every new member's "
    "first posts do. You can see it already; others will once it is approved."
)
DISCUSSIONS_PER_PAGE = settings.CARECOMMONS["DISCUSSIONS_PER_PAGE"]


class NotFound(Http404):
    """A 404 whose message is shown to the reader on the error page."""


def _readable_group(request: HttpRequest, slug: str) -> Group:
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        raise NotFound("There is no group at this address. It may have been renamed.")
    if not permissions.can_view_group(request.user, group):
        raise NotFound("This group is for signed-in members. Sign in to read it.")
    return group


def _readable_discussion(request: HttpRequest, pk: int) -> Discussion:
    discussion = selectors.get_discussion(pk)
    if discussion is None:
        raise NotFound("There is no discussion at this address. It may have been removed.")
    if not permissions.can_view_discussion(request.user, discussion):
        if discussion.is_deleted:
            raise NotFound("This discussion was removed by its author.")
        raise NotFound("This discussion is for signed-in members. Sign in to read it.")
    return discussion


def _page_of(number: int) -> int:
    return max(1, (number - 1) // REPLIES_PER_PAGE + 1)


def group_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.visible_groups(request.user)
    return render(request, "community/group_list.html", {"groups": groups})


def group_detail(request: SiteRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    unanswered = request.GET.get("filter") == "unanswered"
    discussions = selectors.group_discussions(request.user, group, unanswered=unanswered)
    page = Paginator(discussions, DISCUSSIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "page": page,
        "unanswered": unanswered,
        "is_member": selectors.is_member(request.user, group),
        "can_start": permissions.can_start_discussion(request.user, group),
        "noindex": not group.is_public,
    }
    if request.htmx:
        return render(request, "community/group_detail.html#discussion-list", context)
    return render(request, "community/group_detail.html", context)


@require_POST
@login_required
def join_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if services.join_group(member_of(request), group):
        messages.success(
            request, f"You joined {group.name}. Its new discussions show on your home page."
        )
    return redirect(group)


@require_POST
@login_required
def leave_group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if services.leave_group(member_of(request), group):
        messages.success(request, f"You left {group.name}. You can join again at any time.")
    return redirect(group)


def start_discussion(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_start_discussion(request.user, group):
        return render(request, "community/cannot_post.html", {"group": group}, status=403)
    author = member_of(request)
    form = DiscussionForm(
        request.POST or None, allow_anonymous=group.allow_anonymous, author=author
    )
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.create_discussion(
                author=author,
                group=group,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                is_anonymous=form.cleaned_data.get("is_anonymous", False),
                members_only=form.cleaned_data["members_only"],
                about=form.cleaned_data.get("about"),
            )
        except services.PostRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if discussion.status == PostStatus.PENDING:
                messages.success(request, PENDING_MESSAGE)
            else:
                messages.success(request, "Your discussion is posted. You will see replies here.")
            return redirect(discussion)
    status = 400 if form.errors else 200
    return render(
        request, "community/discussion_form.html", {"group": group, "form": form}, status=status
    )


def discussion_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    if slug != discussion.slug:
        return HttpResponseRedirect(discussion.get_absolute_url())
    last_read = selectors.read_position(request.user, discussion)
    if request.GET.get("from") == "unread":
        target = min(last_read + 1, discussion.last_reply_number)
        if target >= 1:
            url = f"{discussion.get_absolute_url()}?page={_page_of(target)}#reply-{target}"
            return HttpResponseRedirect(url)
        return HttpResponseRedirect(discussion.get_absolute_url())
    return _render_discussion(
        request,
        discussion,
        ReplyForm(
            allow_anonymous=discussion.group.allow_anonymous,
            initial={"quote_of": request.GET.get("quote")},
        ),
        last_read,
    )


def _render_discussion(
    request: HttpRequest,
    discussion: Discussion,
    form: ReplyForm,
    last_read: int,
    status: int = 200,
    page_number: str | int | None = None,
) -> HttpResponse:
    paginator = Paginator(selectors.discussion_replies(discussion), REPLIES_PER_PAGE)
    page = paginator.get_page(page_number or request.GET.get("page"))
    replies = list(page.object_list)
    withheld = {
        reply.number
        for reply in replies
        if not permissions.can_view_reply_text(request.user, reply)
    }
    if request.user.is_authenticated and replies:
        services.mark_read(member_of(request), discussion, replies[-1].number, known=last_read)
    quoting = None
    quote_number = form["quote_of"].value()
    if quote_number:
        quoting = (
            Reply.objects.filter(discussion=discussion, number=quote_number)
            .select_related("author")
            .first()
        )
    context = {
        "discussion": discussion,
        "group": discussion.group,
        "page": page,
        "replies": replies,
        "withheld": withheld,
        "form": form,
        "quoting": quoting,
        "last_read": last_read,
        "can_reply": permissions.can_reply(request.user, discussion),
        "is_moderator": permissions.is_moderator(request.user),
        "noindex": not permissions.is_publicly_indexable(discussion),
    }
    return render(request, "community/discussion_detail.html", context, status=status)


def post_reply(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    if request.method != "POST":
        return HttpResponseRedirect(discussion.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(discussion.get_absolute_url())
    if not permissions.can_reply(request.user, discussion):
        return render(
            request, "community/cannot_post.html", {"group": discussion.group}, status=403
        )
    author = member_of(request)
    form = ReplyForm(request.POST, allow_anonymous=discussion.group.allow_anonymous, author=author)
    if form.is_valid():
        quote_of = None
        if form.cleaned_data.get("quote_of"):
            quote_of = Reply.objects.filter(
                discussion=discussion,
                number=form.cleaned_data["quote_of"],
                deleted_at__isnull=True,
            ).first()
        try:
            reply = services.post_reply(
                author=author,
                discussion=discussion,
                body=form.cleaned_data["body"],
                quote_of=quote_of,
                is_anonymous=form.cleaned_data.get("is_anonymous", False),
                about=form.cleaned_data.get("about"),
            )
        except services.PostRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if reply.status == PostStatus.PENDING:
                messages.success(request, PENDING_MESSAGE)
            else:
                messages.success(request, "Your reply is posted.")
            return HttpResponseRedirect(_reply_url(discussion, reply.number))
    last_page = _page_of(max(discussion.last_reply_number, 1))
    return _render_discussion(request, discussion, form, 0, status=400, page_number=last_page)


def _reply_url(discussion: Discussion, number: int) -> str:
    return f"{discussion.get_absolute_url()}?page={_page_of(number)}#reply-{number}"


def reply_permalink(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    if not Reply.objects.filter(discussion=discussion, number=number).exists():
        raise NotFound(f"This discussion has no reply number {number}.")
    return HttpResponseRedirect(_reply_url(discussion, number))


@login_required
def edit_discussion(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    if not permissions.can_edit(request.user, discussion):
        raise NotFound("You can only edit your own posts.")
    initial = {"title": discussion.title, "body": discussion.body}
    form = DiscussionForm(request.POST or None, initial=initial)
    del form.fields["members_only"]
    if request.method == "POST" and form.is_valid():
        services.edit_discussion(
            discussion,
            editor=member_of(request),
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, "Your changes are saved. Earlier versions are kept in its history."
        )
        return redirect(discussion)
    return render(
        request,
        "community/discussion_form.html",
        {"group": discussion.group, "form": form, "editing": discussion},
        status=400 if form.errors else 200,
    )


@login_required
def edit_reply(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    reply = get_object_or_404(Reply, discussion=discussion, number=number)
    if not permissions.can_edit(request.user, reply):
        raise NotFound("You can only edit your own posts.")
    form = EditReplyForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        services.edit_reply(reply, editor=member_of(request), body=form.cleaned_data["body"])
        messages.success(
            request, "Your reply is updated. The earlier version is kept in its history."
        )
        return HttpResponseRedirect(_reply_url(discussion, number))
    return render(
        request,
        "community/reply_form.html",
        {"discussion": discussion, "reply": reply, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def delete_post(request: HttpRequest, pk: int, number: int = 0) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    post: Discussion | Reply = (
        get_object_or_404(Reply, discussion=discussion, number=number) if number else discussion
    )
    if not permissions.can_delete(request.user, post):
        raise NotFound("You can only remove your own posts.")
    if request.method == "POST":
        if isinstance(post, Reply):
            services.delete_reply(post, by=member_of(request))
            messages.success(request, "Your reply is removed. The discussion stays readable.")
            return HttpResponseRedirect(_reply_url(discussion, number))
        services.delete_discussion(post, by=member_of(request))
        messages.success(request, "Your discussion is removed.")
        return redirect(discussion.group)
    return render(
        request, "community/confirm_delete.html", {"discussion": discussion, "post": post}
    )


def post_history(request: HttpRequest, pk: int, number: int = 0) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    post: Discussion | Reply = (
        get_object_or_404(Reply, discussion=discussion, number=number) if number else discussion
    )
    if not permissions.can_see_history(request.user, post):
        raise NotFound("Only the author and moderators can see the edit history.")
    return render(
        request,
        "community/history.html",
        {"discussion": discussion, "post": post, "revisions": post.revisions.all()},
    )


@login_required
def reveal_author(request: HttpRequest, pk: int, number: int = 0) -> HttpResponse:
    discussion = _readable_discussion(request, pk)
    post: Discussion | Reply = (
        get_object_or_404(Reply, discussion=discussion, number=number) if number else discussion
    )
    if not permissions.can_reveal_anonymous(request.user) or not post.is_anonymous:
        raise NotFound("There is nothing to reveal here.")
    form = RevealForm(request.POST or None)
    author = None
    if request.method == "POST" and form.is_valid():
        author = services.reveal_anonymous_author(
            post, by=member_of(request), reason=form.cleaned_data["reason"], request=request
        )
    return render(
        request,
        "community/reveal.html",
        {"discussion": discussion, "post": post, "form": form, "author": author},
    )


def home(request: HttpRequest) -> HttpResponse:
    discussions = selectors.discussion_list(
        request.user, selectors.visible_discussions(request.user)
    )
    page = Paginator(discussions, DISCUSSIONS_PER_PAGE).get_page(request.GET.get("page"))
    groups = selectors.visible_groups(request.user)
    return render(
        request,
        "community/home.html",
        {"page": page, "groups": groups, "signup_url": reverse("accounts:signup")},
    )
