"""Background work. Tasks take IDs, reload and re-check before acting.

Scheduling: `tick` does everything that is due (immediate emails whose coalescing window has
passed, digests whose hour has come, outbox retries) and then enqueues itself again with
`run_after`, one minute later. `ensure_tick()` starts the chain when none is alive; a token in
`SchedulerState` makes a stray second chain (e.g. after a restart) stop itself. See
docs/notifications.md.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from carecommons.community.models import Discussion, Reply
from carecommons.notifications import emails, fanout
from carecommons.notifications.models import SchedulerState

log = logging.getLogger(__name__)
TICK = "notifications.tick"
TICK_SECONDS = 60


@task()
def fan_out_post(kind: str, post_id: int) -> int:
    model = Reply if kind == "reply" else Discussion
    post = model.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        return 0
    created = fanout.fan_out(post)
    ensure_tick()
    return created


@task()
def deliver_outbox() -> int:
    sent, _ = emails.deliver_outbox()
    return sent


def run_due_work() -> dict[str, int]:
    """Everything the tick does, callable directly (tests, `carecommons shell`)."""
    immediate = emails.send_immediate()
    digests = emails.send_digests()
    sent, failed = emails.deliver_outbox()
    return {"immediate": immediate, "digests": digests, "sent": sent, "failed": failed}


@task()
def tick(token: str) -> dict[str, int]:
    state = SchedulerState.objects.filter(name=TICK).first()
    if state is None or state.token != token:
        # Another chain took over (or the row was reset): this one ends here.
        return {}
    try:
        return run_due_work()
    finally:
        _schedule_next(token)


def _schedule_next(token: str) -> None:
    next_run = timezone.now() + timedelta(seconds=TICK_SECONDS)
    SchedulerState.objects.filter(name=TICK, token=token).update(next_run_at=next_run)
    tick.using(run_after=next_run).enqueue(token)


def ensure_tick() -> bool:
    """Start the tick chain unless one ran recently. Returns True when it started one.

    Only with a backend that can defer (the database queue): the immediate backend used in
    tests would run the chain forever inside the caller.
    """
    if not default_task_backend.supports_defer:
        return False
    now = timezone.now()
    stale = now - timedelta(seconds=TICK_SECONDS * 5)
    with transaction.atomic():
        state = SchedulerState.objects.select_for_update().filter(name=TICK).first()
        if state is not None and state.next_run_at > stale:
            return False
        token = uuid.uuid4().hex
        SchedulerState.objects.update_or_create(
            name=TICK, defaults={"token": token, "next_run_at": now}
        )
    tick.enqueue(token)
    log.info("notifications: started the tick chain %s", token)
    return True


@task()
def kick() -> bool:
    """Enqueued after a write that may need email, so the tick chain is surely running."""
    return ensure_tick()
