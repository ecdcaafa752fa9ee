"""The write side of moderation: flags, moderator actions, sanctions, guidelines, mentors' tools.

Every moderator action is atomic, resolves the open flags it answers, is written to the audit
log (`moderation.*` actions; before/after for edits) and tells the member what happened and why
(an in-app notification plus an email).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from carecommons import safety
from carecommons.accounts import services as accounts
from carecommons.accounts.models import User
from carecommons.accounts.roles import Role
from carecommons.audit.services import record
from carecommons.community import services as community
from carecommons.community.models import Discussion, Group, PostStatus, Reply
from carecommons.core import ratelimit
from carecommons.core.mail import queue_email
from carecommons.moderation import web
from carecommons.moderation.models import (
    PRIORITY,
    Flag,
    FlagReason,
    Guidelines,
    GuidelinesAcknowledgement,
    HelpfulMark,
    ModerationSettings,
    RateLimitSetting,
    Sanction,
    SavedReply,
)
from carecommons.notifications.services import notify

Post = Discussion | Reply

LINK = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


# --- settings -------------------------------------------------------------------------------


def community_settings() -> ModerationSettings:
    """The saved knobs. Until an administrator saves them (the demo does), approval is off.

    The admin form offers the recommended values (2 posts, links held for 7 days); the trust
    rules start once they are saved, so an import, an upgrade or another app's tests that post
    as fresh members are not held by surprise.
    """
    saved = ModerationSettings.objects.filter(pk=1).first()
    if saved is not None:
        return saved
    return ModerationSettings(pk=1, new_member_approvals=0, hold_links_from_new_members=False)


def rate_limit_override(scope: str) -> tuple[int, int] | None:
    """Feeds `core.ratelimit.limit_overrides` from the limits administrators saved."""
    row = RateLimitSetting.objects.filter(scope=scope).values_list("count", "window_minutes")
    found = row.first()
    if found is None:
        return None
    return found[0], found[1] * 60


# --- telling the member ---------------------------------------------------------------------


def tell_member(
    member: User,
    *,
    title: str,
    what: str,
    reason: str,
    url: str,
    actor: User | None = None,
    discussion: Discussion | None = None,
) -> None:
    """In-app notification and an email: what happened, why, and where to read the guidelines."""
    notify(
        member,
        "moderation",
        title=f"{title}. Reason: {reason}"[:300],
        url=url,
        actor=actor,
        discussion=discussion,
        email=False,
    )
    if not member.is_active or not member.email:
        return
    context = {
        "member": member,
        "title": title,
        "what": what,
        "reason": reason,
        "path": url,
        "guidelines_path": reverse("moderation:guidelines"),
    }
    transaction.on_commit(lambda: queue_email("moderation/email/action", member.email, context))


def post_label(post: Post) -> str:
    if isinstance(post, Reply):
        return f"your reply #{post.number} in “{post.discussion.title}”"
    return f"your discussion “{post.title}”"


def post_url(post: Post) -> str:
    if isinstance(post, Reply):
        return reverse("community:reply_permalink", args=[post.discussion_id, post.number])
    return post.get_absolute_url()


def discussion_of(post: Post) -> Discussion:
    return post.discussion if isinstance(post, Reply) else post


# --- flags ----------------------------------------------------------------------------------


def _open_flags(post: Post) -> QuerySet[Flag]:
    if isinstance(post, Reply):
        return Flag.objects.filter(reply=post, status=Flag.Status.OPEN)
    return Flag.objects.filter(discussion=post, reply__isnull=True, status=Flag.Status.OPEN)


def flag_post(
    reporter: User, post: Post, *, reason: str, details: str = "", ip: str | None = None
) -> Flag:
    """A member flags a post. Raises `ratelimit.RateLimited` when they flag too often."""
    ratelimit.check("flag", user=reporter, ip=ip)
    reply = post if isinstance(post, Reply) else None
    with transaction.atomic():
        existing = _open_flags(post).filter(reporter=reporter, reason=reason).first()
        if existing is not None:
            if details and details not in existing.details:
                existing.details = f"{existing.details}\n{details}".strip()[:1000]
                existing.save(update_fields=["details"])
            return existing
        flag = Flag.objects.create(
            discussion=discussion_of(post),
            reply=reply,
            reason=reason,
            details=details,
            reporter=reporter,
            priority=PRIORITY[FlagReason(reason)],
        )
        record(
            "moderation.flagged",
            actor=reporter,
            target=post,
            reason=details,
            data={"reason": reason, "flag": flag.pk},
        )
    return flag


def raise_flag(post: Post, reason: FlagReason, details: str) -> Flag | None:
    """The site itself puts a post in the queue (safety detector, approval rules)."""
    if _open_flags(post).filter(reporter__isnull=True, reason=reason).exists():
        return None
    try:
        with transaction.atomic():
            return Flag.objects.create(
                discussion=discussion_of(post),
                reply=post if isinstance(post, Reply) else None,
                reason=reason,
                details=details,
                priority=PRIORITY[reason],
            )
    except IntegrityError:
        return None


def _resolve(
    post: Post,
    by: User,
    resolution: str,
    status: str = Flag.Status.ACTIONED,
    reasons: list[str] | None = None,
) -> int:
    flags = _open_flags(post)
    if reasons is not None:
        flags = flags.filter(reason__in=reasons)
    return int(
        flags.update(
            status=status, resolved_at=timezone.now(), resolved_by=by, resolution=resolution[:300]
        )
    )


def dismiss_flags(
    post: Post, *, by: User, reason: str = "", request: HttpRequest | None = None
) -> int:
    """Nothing to do: the open flags on this post are closed; the post stays as it is."""
    with transaction.atomic():
        count = _resolve(post, by, reason or "Dismissed", Flag.Status.DISMISSED)
        record(
            "moderation.flags_dismissed",
            actor=by,
            target=post,
            reason=reason,
            data={"flags": count},
            request=request,
        )
    return count


# --- actions on posts -----------------------------------------------------------------------


def _set_visibility(
    post: Post,
    status: str,
    *,
    by: User,
    reason: str,
    request: HttpRequest | None,
    action: str,
    verb: str,
    consequence: str,
) -> None:
    with transaction.atomic():
        before = post.status
        community.set_status(post, status)
        _resolve(post, by, f"{action.capitalize()}: {reason}")
        record(
            f"moderation.post_{action}",
            actor=by,
            target=post,
            reason=reason,
            data={"before": {"status": before}, "after": {"status": status}},
            request=request,
        )
        tell_member(
            post.author,
            title=f"A moderator {verb} {post_label(post)}",
            what=f"A moderator {verb} {post_label(post)}. {consequence}",
            reason=reason,
            url=post_url(post),
            actor=by,
            discussion=discussion_of(post),
        )


def hide_post(post: Post, *, by: User, reason: str, request: HttpRequest | None = None) -> None:
    _set_visibility(
        post, PostStatus.HIDDEN, by=by, reason=reason, request=request,
        action="hidden", verb="hid", consequence="Other members no longer see it.",
    )  # fmt: skip


def restore_post(post: Post, *, by: User, reason: str, request: HttpRequest | None = None) -> None:
    _set_visibility(
        post, PostStatus.PUBLISHED, by=by, reason=reason, request=request,
        action="restored", verb="restored", consequence="Members can see it again.",
    )  # fmt: skip


def approve_post(
    post: Post, *, by: User, reason: str = "", request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        community.set_status(post, PostStatus.PUBLISHED)
        _resolve(post, by, "Approved")
        record("moderation.post_approved", actor=by, target=post, reason=reason, request=request)
        tell_member(
            post.author,
            title=f"{post_label(post).capitalize()} is approved",
            what=f"A moderator approved {post_label(post)}. Everyone can read it now.",
            reason=reason or "It follows the community guidelines. Thank you for posting.",
            url=post_url(post),
            actor=by,
            discussion=discussion_of(post),
        )


def reject_post(post: Post, *, by: User, reason: str, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        community.set_status(post, PostStatus.HIDDEN)
        _resolve(post, by, f"Not approved: {reason}")
        record("moderation.post_rejected", actor=by, target=post, reason=reason, request=request)
        tell_member(
            post.author,
            title=f"{post_label(post).capitalize()} was not approved",
            what=f"A moderator did not approve {post_label(post)}. Only you and the moderators "
            "can see it.",
            reason=reason,
            url=post_url(post),
            actor=by,
            discussion=discussion_of(post),
        )


def edit_note(reason: str) -> str:
    return f"\n\n*Edited by a moderator: {reason.strip()}*"


def edit_post(
    post: Post,
    *,
    by: User,
    body: str,
    reason: str,
    title: str | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Edit a post with a visible reason (added under the text); the old text stays in history."""
    with transaction.atomic():
        before: dict[str, str] = {"body": post.body}
        new_body = body.rstrip() + edit_note(reason)
        after: dict[str, str] = {"body": new_body}
        if isinstance(post, Discussion):
            before["title"] = post.title
            new_title = (title or post.title).strip()
            after["title"] = new_title
            community.edit_discussion(post, editor=by, title=new_title, body=new_body)
        else:
            community.edit_reply(post, editor=by, body=new_body)
        _resolve(post, by, f"Edited: {reason}")
        record(
            "moderation.post_edited",
            actor=by,
            target=post,
            reason=reason,
            data={"before": before, "after": after},
            request=request,
        )
        tell_member(
            post.author,
            title=f"A moderator edited {post_label(post)}",
            what=f"A moderator edited {post_label(post)}. The reason is shown under the post "
            "and your earlier text is kept in its history.",
            reason=reason,
            url=post_url(post),
            actor=by,
            discussion=discussion_of(post),
        )


# The community app has no service for these discussion flags yet; they are single-row updates
# of moderator-owned fields, kept here so every moderator write is audited in one place.


def set_locked(
    discussion: Discussion,
    *,
    locked: bool,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    with transaction.atomic():
        before = discussion.is_locked
        community.set_flags(discussion, is_locked=locked)
        _resolve(discussion, by, f"{'Locked' if locked else 'Unlocked'}: {reason}")
        record(
            "moderation.discussion_locked" if locked else "moderation.discussion_unlocked",
            actor=by,
            target=discussion,
            reason=reason,
            data={"before": {"is_locked": before}, "after": {"is_locked": locked}},
            request=request,
        )
        verb = "locked" if locked else "unlocked"
        tell_member(
            discussion.author,
            title=f"A moderator {verb} {post_label(discussion)}",
            what=f"A moderator {verb} {post_label(discussion)}."
            + (" No new replies can be added." if locked else " Members can reply again."),
            reason=reason,
            url=discussion.get_absolute_url(),
            actor=by,
            discussion=discussion,
        )


def set_pinned(
    discussion: Discussion,
    *,
    pinned: bool,
    by: User,
    reason: str = "",
    request: HttpRequest | None = None,
) -> None:
    with transaction.atomic():
        before = discussion.is_pinned
        community.set_flags(discussion, is_pinned=pinned)
        record(
            "moderation.discussion_pinned" if pinned else "moderation.discussion_unpinned",
            actor=by,
            target=discussion,
            reason=reason,
            data={"before": {"is_pinned": before}, "after": {"is_pinned": pinned}},
            request=request,
        )
        verb = "pinned" if pinned else "unpinned"
        tell_member(
            discussion.author,
            title=f"A moderator {verb} {post_label(discussion)}",
            what=f"A moderator {verb} {post_label(discussion)}"
            + (" so it is listed first in its group." if pinned else "."),
            reason=reason or "To help members find it.",
            url=discussion.get_absolute_url(),
            actor=by,
            discussion=discussion,
        )


def move_discussion(
    discussion: Discussion,
    *,
    to: Group,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    if to.pk == discussion.group_id:
        return
    with transaction.atomic():
        source = community.move_to_group(discussion, to)
        _resolve(discussion, by, f"Moved to {to.name}: {reason}")
        record(
            "moderation.discussion_moved",
            actor=by,
            target=discussion,
            reason=reason,
            data={"before": {"group": source.slug}, "after": {"group": to.slug}},
            request=request,
        )
        tell_member(
            discussion.author,
            title=f"A moderator moved {post_label(discussion)} to {to.name}",
            what=f"A moderator moved {post_label(discussion)} from {source.name} to {to.name}.",
            reason=reason,
            url=discussion.get_absolute_url(),
            actor=by,
            discussion=discussion,
        )


def merge_discussions(
    duplicate: Discussion,
    *,
    into: Discussion,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> None:
    """Fold a duplicate into another discussion.

    The duplicate's opening post and its replies become replies at the end of `into`, keeping
    their authors, dates and statuses; the duplicate is hidden and locked.
    """
    with transaction.atomic():
        folded = community.fold_into(duplicate, into)
        # Flags on the moved replies follow them; the duplicate's own flags are resolved below.
        Flag.objects.filter(discussion=duplicate, reply__isnull=False).update(discussion=into)
        community.set_status(duplicate, PostStatus.HIDDEN)
        _resolve(duplicate, by, f"Merged into “{into.title}”: {reason}")
        record(
            "moderation.discussions_merged",
            actor=by,
            target=duplicate,
            reason=reason,
            data={
                "into": into.pk,
                "into_title": into.title,
                "opening_reply": folded.opening_number,
                "moved_replies": folded.moved_replies,
            },
            request=request,
        )
        tell_member(
            duplicate.author,
            title=f"A moderator merged {post_label(duplicate)} into “{into.title}”",
            what=f"A moderator merged {post_label(duplicate)} into the discussion “{into.title}”"
            ", where your post and its replies now continue.",
            reason=reason,
            url=reverse("community:reply_permalink", args=[into.pk, folded.opening_number]),
            actor=by,
            discussion=into,
        )


# --- sanctions ------------------------------------------------------------------------------


def active_suspension(member: User) -> Sanction | None:
    now = timezone.now()
    return (
        Sanction.objects.filter(
            member=member, kind=Sanction.Kind.SUSPENSION, lifted_at__isnull=True, until__gt=now
        )
        .order_by("-until")
        .first()
    )


def warn_member(
    member: User, *, by: User, reason: str, request: HttpRequest | None = None
) -> Sanction:
    with transaction.atomic():
        sanction = Sanction.objects.create(
            member=member, kind=Sanction.Kind.WARNING, reason=reason, by=by
        )
        record("moderation.member_warned", actor=by, target=member, reason=reason, request=request)
        tell_member(
            member,
            title="A moderator sent you a warning",
            what="A moderator sent you a warning about how you take part in the community. "
            "Please read the guidelines again; further problems may lead to a suspension.",
            reason=reason,
            url=reverse("moderation:guidelines"),
            actor=by,
        )
    return sanction


def suspend_member(
    member: User, *, by: User, reason: str, days: int, request: HttpRequest | None = None
) -> Sanction:
    until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        sanction = Sanction.objects.create(
            member=member, kind=Sanction.Kind.SUSPENSION, reason=reason, by=by, until=until
        )
        record(
            "moderation.member_suspended",
            actor=by,
            target=member,
            reason=reason,
            data={"days": days, "until": until.isoformat()},
            request=request,
        )
        tell_member(
            member,
            title=f"Your account is suspended for {days} day{'s' if days != 1 else ''}",
            what=f"A moderator suspended your account until {until:%d %B %Y, %H:%M} UTC. "
            "You can still read, but you cannot post or flag until then.",
            reason=reason,
            url=reverse("moderation:guidelines"),
            actor=by,
        )
    return sanction


def lift_suspension(
    member: User, *, by: User, reason: str, request: HttpRequest | None = None
) -> int:
    with transaction.atomic():
        lifted = Sanction.objects.filter(
            member=member,
            kind=Sanction.Kind.SUSPENSION,
            lifted_at__isnull=True,
            until__gt=timezone.now(),
        ).update(lifted_at=timezone.now())
        if lifted:
            record(
                "moderation.suspension_lifted",
                actor=by,
                target=member,
                reason=reason,
                request=request,
            )
            tell_member(
                member,
                title="Your suspension is lifted",
                what="A moderator lifted the suspension on your account. You can post again.",
                reason=reason,
                url=reverse("moderation:guidelines"),
                actor=by,
            )
    return int(lifted)


def ban_member(
    member: User, *, by: User, reason: str, request: HttpRequest | None = None
) -> Sanction:
    """Closes the account for good: the member can no longer sign in; their posts stay."""
    with transaction.atomic():
        # Told first: notify() skips members whose account is already closed.
        tell_member(
            member,
            title="Your account is closed by a moderator",
            what="A moderator closed your account. You can no longer sign in.",
            reason=reason,
            url=reverse("moderation:guidelines"),
            actor=by,
        )
        sanction = Sanction.objects.create(
            member=member, kind=Sanction.Kind.BAN, reason=reason, by=by
        )
        accounts.deactivate(member, request=request)
        record("moderation.member_banned", actor=by, target=member, reason=reason, request=request)
    return sanction


# --- guidelines -----------------------------------------------------------------------------


def current_guidelines() -> Guidelines:
    return Guidelines.objects.order_by("-pk").first() or Guidelines()


def update_guidelines(
    body: str, *, by: User, reason: str = "", request: HttpRequest | None = None
) -> Guidelines:
    with transaction.atomic():
        guidelines = Guidelines.objects.order_by("-pk").first() or Guidelines()
        before = guidelines.body if guidelines.pk else ""
        guidelines.body = body
        guidelines.updated_by = by
        guidelines.updated_at = timezone.now()
        guidelines.save()
        record(
            "moderation.guidelines_edited",
            actor=by,
            target=guidelines,
            reason=reason,
            data={"before": {"body": before}, "after": {"body": body}},
            request=request,
        )
    return guidelines


def acknowledge_guidelines(member: User) -> bool:
    _, created = GuidelinesAcknowledgement.objects.get_or_create(user=member)
    return created


def has_read_guidelines(member: Any) -> bool:
    return bool(
        member.is_authenticated and GuidelinesAcknowledgement.objects.filter(user=member).exists()
    )


# --- mentors' tools -------------------------------------------------------------------------


class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_placeholders(text: str, *, discussion: Discussion | None) -> str:
    """Replace {name}, {group}, {care_request_url}, {guidelines_url}; leave anything else."""
    values = _KeepUnknown(
        care_request_url="/care/request/",
        guidelines_url=reverse("moderation:guidelines"),
        name="there",
        group="this group",
    )
    if discussion is not None:
        values["name"] = "there" if discussion.is_anonymous else discussion.author.name
        values["group"] = discussion.group.name
    return text.format_map(values) if "{" in text else text


def save_reply(
    *, owner: User | None, title: str, body: str, instance: SavedReply | None = None
) -> SavedReply:
    saved = instance or SavedReply()
    saved.owner = owner
    saved.title = title.strip()
    saved.body = body
    saved.save()
    return saved


def delete_saved_reply(saved: SavedReply, *, by: User) -> None:
    if saved.owner_id is None:
        record("moderation.saved_reply_deleted", actor=by, target=saved)
    saved.delete()


def mark_helpful(reply: Reply, *, by: User) -> bool:
    """Toggle the helpful mark; returns whether the reply is now marked."""
    with transaction.atomic():
        deleted, _ = HelpfulMark.objects.filter(reply=reply).delete()
        if deleted:
            return False
        HelpfulMark.objects.create(reply=reply, discussion_id=reply.discussion_id, marked_by=by)
        notify(
            reply.author,
            "helpful",
            title=f"Your reply in “{reply.discussion.title}” was marked helpful",
            url=post_url(reply),
            actor=by,
            discussion=reply.discussion,
        )
    return True


# --- the posting hooks ----------------------------------------------------------------------


@dataclass(frozen=True)
class TrustDecision:
    hold: bool
    reason: str = ""


def _is_trusted_by_role(member: User) -> bool:
    """Staff (mentors, moderators, experts, editors…) were chosen by administrators."""
    return bool(member.role_set())


def trust_decision(member: User, text: str) -> TrustDecision:
    """Should this member's post wait for a moderator?"""
    if _is_trusted_by_role(member):
        return TrustDecision(False)
    knobs = community_settings()
    approved = Discussion.objects.filter(author=member, status=PostStatus.PUBLISHED).count()
    if approved < knobs.new_member_approvals:
        approved += Reply.objects.filter(author=member, status=PostStatus.PUBLISHED).count()
    if approved < knobs.new_member_approvals:
        return TrustDecision(True, "new member: first posts wait for approval")
    if knobs.hold_links_from_new_members and LINK.search(text):
        joined_recently = member.date_joined > timezone.now() - timedelta(
            days=knobs.new_member_days
        )
        if joined_recently:
            return TrustDecision(True, "new member: post with a link")
    return TrustDecision(False)


def before_post(
    *, author: User, group: Group, text: str, discussion: Discussion | None, **_: Any
) -> community.PostCheck | None:
    suspension = active_suspension(author)
    if suspension is not None:
        raise community.PostRefused(
            f"Your account is suspended until {suspension.until:%d %B %Y, %H:%M} UTC, so you "
            f"cannot post. The moderator's reason: {suspension.reason}"
        )
    address = web.client_address()
    if address is None:
        # Written by the demo loader, an import or a script, not a person on the site.
        return None
    if not author.has_role(Role.MODERATOR, Role.ADMIN):
        try:
            ratelimit.check("post", user=author, ip=address)
        except ratelimit.RateLimited as limited:
            raise community.PostRefused(limited.message) from limited
    decision = trust_decision(author, text)
    if decision.hold:
        return community.PostCheck(hold_for_approval=True, reason=decision.reason)
    return None


def _country(member: User) -> str | None:
    code = (member.country or "").strip()
    if not code:
        return None
    try:
        safety.contacts_for(code)
    except safety.UnknownCountryError:
        return None
    return code


def post_text(post: Post) -> str:
    if isinstance(post, Discussion):
        return f"{post.title}\n\n{post.body}"
    return post.body


def safety_report(post: Post) -> safety.SafetyReport:
    return safety.check(post_text(post), country=_country(post.author))


def _flag_if_emergency(post: Post) -> None:
    report = safety_report(post)
    if report.emergency:
        kinds = ", ".join(str(kind) for kind in report.kinds)
        raise_flag(post, FlagReason.DANGER, f"Safety notice fired: {kinds}")


def post_created(*, post: Post, **_: Any) -> None:
    if post.status == PostStatus.PENDING:
        decision = trust_decision(post.author, post_text(post))
        raise_flag(post, FlagReason.APPROVAL, decision.reason or "held for approval")
    _flag_if_emergency(post)


def post_edited(*, post: Post, **_: Any) -> None:
    _flag_if_emergency(post)
