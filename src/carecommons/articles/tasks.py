"""Background work for the column. Tasks take IDs, reload and re-check before acting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.tasks import Task, default_task_backend, task

from carecommons.articles import services


@task()
def publish_scheduled(question_id: int) -> bool:
    """Publish a scheduled question once its time has come (a no-op if it changed since)."""
    return services.publish_due(question_id)


def schedule_task(job: Task[Any, Any], at: datetime, *args: Any) -> bool:
    """Enqueue `job` to run at `at`. False when the backend cannot defer (the test backend).

    The database backend the worker uses (`django_tasks_db`) supports `run_after`. The
    immediate backend used in tests runs tasks at once and cannot wait; there the task is not
    enqueued and tests run `publish_scheduled` themselves once the time has passed.
    """
    if not default_task_backend.supports_defer:
        return False
    job.using(run_after=at).enqueue(*args)
    return True
