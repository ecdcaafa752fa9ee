"""Thin views: parse → permission → selector or service → render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from carecommons.accounts.models import User
from carecommons.articles import forms as column_forms
from carecommons.articles import permissions, selectors, services
from carecommons.articles.models import Question, State, Tag
from carecommons.articles.readability import PLAIN_LANGUAGE_GRADE, flesch_kincaid
from carecommons.core import ratelimit
from carecommons.core.http import SiteRequest, member_of

ARTICLES_PER_PAGE = 10
ASKED_SESSION_KEY = "articles_asked_question"


class NotFound(Http404):
    """A 404 whose message is shown to the reader on the error page."""


# --- asking -------------------------------------------------------------------------------


@never_cache
def ask(request: SiteRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = column_forms.AskForm(request.POST or None, signed_in=signed_in)
    status = 200
    if request.method == "POST":
        status = 400
        if signed_in and not permissions.can_ask(request.user):
            form.add_error(
                None,
                "Your email address is not confirmed yet, so we cannot send your question. "
                "Open the link we emailed you (or ask for a new one at the top of this page), "
                "then send it again: your text is still here.",
            )
        elif form.is_valid():
            try:
                ratelimit.check("ask", user=request.user, ip=ratelimit.client_ip(request))
            except ratelimit.RateLimited as limited:
                form.add_error(None, limited.message + " Your text is still here.")
                status = 429
            else:
                data = form.cleaned_data
                question = services.ask(
                    asker=member_of(request) if signed_in else None,
                    email=data.get("email", ""),
                    body=data["body"],
                    about=data["about"],
                    age_range=data["age_range"],
                    may_publish=data["may_publish"],
                    request=request,
                )
                request.session[ASKED_SESSION_KEY] = question.pk
                return redirect("articles:ask_thanks")
    return render(request, "articles/ask.html", {"form": form}, status=status)


@never_cache
def ask_thanks(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(ASKED_SESSION_KEY)
    question = Question.objects.filter(pk=pk).first() if pk else None
    if question is None:
        return redirect("articles:ask")
    context: dict[str, Any] = {"question": question, "noindex": True}
    if question.state != State.UNCONFIRMED:
        context["status_path"] = reverse("articles:status", args=[services.status_token(question)])
    return render(request, "articles/ask_thanks.html", context)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    question = services.question_from_token(token, confirm=True)
    if question is None:
        raise NotFound(
            "This confirmation link is not valid or has expired (links last 7 days). "
            "Please send your question again."
        )
    if question.state == State.WITHDRAWN:
        raise NotFound("This question was withdrawn.")
    if services.confirm_email(question, request=request):
        messages.success(
            request,
            "Thank you: your email address is confirmed and your question is with the editors. "
            "We emailed you this private page's link.",
        )
    return redirect("articles:status", token=services.status_token(question))


@never_cache
def status(request: HttpRequest, token: str) -> HttpResponse:
    question = services.question_from_token(token)
    if question is None:
        raise NotFound("This link is not valid. Please use the link from your latest email.")
    article = (
        getattr(question, "article", None)
        if question.state in {State.PUBLISHED, State.UPDATED}
        else None
    )
    context = {
        "question": question,
        "token": token,
        "article": article,
        "can_withdraw": permissions.asker_can(question, "withdraw"),
        "steps": _status_steps(question),
        "noindex": True,
    }
    return _no_store(render(request, "articles/status.html", context))


STEP_ORDER = [
    (State.SUBMITTED, "Received"),
    (State.TRIAGED, "Read by an editor"),
    (State.ASSIGNED, "With an expert"),
    (State.ANSWERED, "Answered"),
    (State.EDITED, "Being prepared for publication"),
    (State.PUBLISHED, "Published"),
]
STEP_OF_STATE = {
    State.UNCONFIRMED: -1,
    State.SUBMITTED: 0,
    State.TRIAGED: 1,
    State.ASSIGNED: 2,
    State.ANSWERED: 3,
    State.EDITED: 4,
    State.SCHEDULED: 4,
    State.PUBLISHED: 5,
    State.UPDATED: 5,
}


def _status_steps(question: Question) -> list[dict[str, Any]]:
    current = STEP_OF_STATE.get(State(question.state))
    if current is None:
        return []
    return [
        {
            "label": label,
            # Published is the end of the road: shown as done, not as "now".
            "done": index < current or index == len(STEP_ORDER) - 1 == current,
            "current": index == current < len(STEP_ORDER) - 1,
        }
        for index, (_, label) in enumerate(STEP_ORDER)
    ]


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    question = services.question_from_token(token)
    if question is None:
        raise NotFound("This link is not valid. Please use the link from your latest email.")
    if not permissions.asker_can(question, "withdraw"):
        messages.error(request, "This question can no longer be withdrawn.")
        return redirect("articles:status", token=token)
    try:
        services.withdraw(question, request=request)
    except services.TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, "Your question is withdrawn. Nobody on the team will see it again."
        )
    return redirect("articles:status", token=token)


# --- the desk -----------------------------------------------------------------------------


def _cannot_use_desk(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/desk_forbidden.html", status=403)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if not permissions.can_use_desk(user):
        return _cannot_use_desk(request)
    context: dict[str, Any] = {"noindex": True, "waited": selectors.waited}
    if permissions.is_editor(user):
        context["editor_sections"] = selectors.editor_queue()
    if permissions.is_expert(user):
        context["expert_sections"] = selectors.expert_queue(user)
        context["expert_answered"] = list(selectors.expert_answered(user))
    return render(request, "articles/desk.html", context)


def _desk_question(request: HttpRequest, pk: int) -> tuple[User, Question]:
    user = member_of(request)
    question = selectors.question_for_desk(pk)
    if question is None or not permissions.can_view_question(user, question):
        raise NotFound("There is no question here that you can open.")
    return user, question


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "triage": column_forms.TriageForm,
    "decline": column_forms.DeclineForm,
    "assign": column_forms.AssignForm,
    "answer": column_forms.AnswerForm,
    "send_back": column_forms.SendBackForm,
    "edit": column_forms.EditForm,
    "publish": column_forms.PublishForm,
    "update": column_forms.UpdateForm,
}


def _initial(question: Question, name: str) -> dict[str, Any]:
    if name == "edit":
        return {
            "title": question.title,
            "public_question": question.public_question or question.body,
            "answer": question.answer,
            "group": question.group_id,
            "tags": question.tag_names,
        }
    if name == "answer":
        return {"answer": question.answer}
    if name == "assign":
        return {"expert": question.expert_id}
    return {}


def _make_form(question: Question, name: str, data: Any = None) -> forms.Form:
    form_class = ACTION_FORMS[name]
    kwargs: dict[str, Any] = {"initial": _initial(question, name), "prefix": name}
    if form_class is column_forms.AssignForm:
        kwargs["experts"] = selectors.experts()
    return form_class(data, **kwargs)


def _render_desk_question(
    request: HttpRequest,
    user: User,
    question: Question,
    bound: forms.Form | None = None,
    bound_name: str = "",
    status: int = 200,
) -> HttpResponse:
    names = [
        name
        for name in permissions.available_actions(user, question)
        if name in ACTION_FORMS and name != "schedule"
    ]
    action_forms = {
        name: bound if name == bound_name and bound is not None else _make_form(question, name)
        for name in names
    }
    editing = action_forms.get("edit")
    preview_text = question.public_question or question.body
    if editing is not None and editing.is_bound:
        preview_text = str(editing["public_question"].value() or "")
    context = {
        "question": question,
        "forms": action_forms,
        "bound_name": bound_name,
        "is_editor": permissions.is_editor(user),
        "suggestions": selectors.suggested_experts(question) if "assign" in action_forms else [],
        "preview_text": preview_text,
        "answer_readability": flesch_kincaid(question.answer) if question.answer else None,
        "plain_grade": PLAIN_LANGUAGE_GRADE,
        "waited": selectors.waited(question.state_changed_at),
        "cannot_publish": (
            permissions.is_editor(user)
            and question.state == State.EDITED
            and not question.may_publish
        ),
        "noindex": True,
    }
    return _no_store(render(request, "articles/desk_question.html", context, status=status))


@login_required
def desk_question(request: HttpRequest, pk: int) -> HttpResponse:
    user, question = _desk_question(request, pk)
    services.record_desk_view(user, question, request=request)
    return _render_desk_question(request, user, question)


@require_POST
@login_required
def desk_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, question = _desk_question(request, pk)
    if action not in ACTION_FORMS:
        raise NotFound("There is no such action.")
    allowed = permissions.can_act(user, question, action) or (
        action == "publish" and permissions.can_act(user, question, "schedule")
    )
    if not allowed:
        return render(
            request,
            "articles/desk_forbidden.html",
            {"question": question, "action": action},
            status=403,
        )
    form = _make_form(question, action, request.POST)
    if form.is_valid():
        try:
            message = _run(action, question, user, form.cleaned_data, request)
        except services.TransitionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, message)
            if action == "answer":
                return redirect("articles:desk")
            return redirect("articles:desk_question", pk=question.pk)
    return _render_desk_question(request, user, question, form, action, status=400)


def _run(
    action: str, question: Question, user: User, data: dict[str, Any], request: HttpRequest
) -> str:
    comment = data.get("comment", "")
    if action == "triage":
        services.triage(question, by=user, comment=comment, request=request)
        return "Triaged. Next, assign it to an expert."
    if action == "decline":
        services.decline(question, by=user, reason=data["reason"], request=request)
        return "Declined. The asker has been emailed your reason."
    if action == "assign":
        services.assign(question, by=user, expert=data["expert"], comment=comment, request=request)
        return f"Assigned to {data['expert'].name}. They have been notified."
    if action == "answer":
        services.answer(question, by=user, text=data["answer"], comment=comment, request=request)
        return "Thank you: your answer is with the editor."
    if action == "send_back":
        services.send_back(question, by=user, comment=comment, request=request)
        return "Sent back to the expert with your note."
    if action == "edit":
        services.edit(
            question,
            by=user,
            title=data["title"],
            public_question=data["public_question"],
            answer_text=data["answer"],
            group=data["group"],
            tag_names=data["tags"],
            comment=comment,
            request=request,
        )
        return "Saved. Check the highlights once more, then publish."
    if action == "publish":
        services.publish(
            question, by=user, at=data.get("publish_at"), comment=comment, request=request
        )
        if question.state == State.SCHEDULED:
            return f"Scheduled for {question.publish_at:%d %B %Y, %H:%M}."
        return "Published. The asker has been emailed a link."
    services.update(
        question, by=user, note=data["note"], answer_text=data.get("answer"), request=request
    )
    return "The correction is published with today's date."


# --- reading ------------------------------------------------------------------------------


def article_list(request: HttpRequest) -> HttpResponse:
    tag = None
    tag_slug = request.GET.get("tag")
    if tag_slug:
        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise NotFound("There is no tag by that name.")
    page = Paginator(selectors.published_articles(tag), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "tag": tag, "tags": list(selectors.tags_in_use())}
    return render(request, "articles/article_list.html", context)


def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = selectors.get_article(pk)
    if article is None:
        raise NotFound("There is no published article at this address.")
    if slug != article.slug:
        return redirect(article, permanent=True)
    context = {
        "article": article,
        "discussion": article.discussion,
        "replies": selectors.recent_replies(article),
        "readability": flesch_kincaid(article.answer),
        "plain_grade": PLAIN_LANGUAGE_GRADE,
    }
    return render(request, "articles/article_detail.html", context)


def expert_profile(request: HttpRequest, username: str) -> HttpResponse:
    expert = selectors.get_expert(username)
    if expert is None:
        raise NotFound("There is no expert with that name.")
    page = Paginator(selectors.expert_articles(expert), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/expert.html", {"expert": expert, "page": page})
