"""Notification fan-out and email batch throughput.

In a child process with a throwaway SQLite data directory: migrate, create members, then
1. fan-out: one reply in a discussion followed by N members → notifications per second
   (the worker's `fanout.fan_out`, the same code the task runs);
2. email batch: build one coalesced email per member (`emails.send_immediate`) and deliver
   the outbox to a real local SMTP server (aiosmtpd) → emails per second, both steps.
Compare ratios within one run; absolute numbers depend on the machine and its load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.table import Table

FOLLOWERS = [100, 1000, 5000]
EMAILS = 500


def run() -> list[Table]:
    data_dir = Path(tempfile.mkdtemp(prefix="carecommons-bench-notifications-"))
    env = {**os.environ, "CARECOMMONS_DATA_DIR": str(data_dir)}
    env.pop("PYTEST_CURRENT_TEST", None)
    output = subprocess.run(
        [sys.executable, "-m", "bench.notifications", "child"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    fan_rows = [
        [f"{r['followers']:,} followers", r["created"], f"{r['seconds']:.3f}", f"{r['rate']:,.0f}"]
        for r in result["fan_out"]
    ]
    mail = result["email"]
    tables = [
        Table(
            title="Notification fan-out (worker side)",
            columns=["discussion", "notifications", "seconds", "notifications/s"],
            rows=fan_rows,
            notes=[
                "One reply; followers read in chunks of 1,000, notifications bulk-inserted "
                "in batches of 500. SQLite, one process.",
                f"Queries in the reply request itself: {result['request_queries']} with 2 "
                f"followers, {result['request_queries_large']} with 2,000 (fan-out is a task).",
            ],
            data=result,
        ),
        Table(
            title="Email batch throughput",
            columns=["step", "emails", "seconds", "emails/s"],
            rows=[
                [
                    "build (coalesce + render + outbox row)",
                    mail["built"],
                    f"{mail['build_seconds']:.3f}",
                    f"{mail['build_rate']:,.0f}",
                ],
                [
                    "deliver over SMTP (aiosmtpd, one connection)",
                    mail["sent"],
                    f"{mail['send_seconds']:.3f}",
                    f"{mail['send_rate']:,.0f}",
                ],
            ],
            notes=["One coalesced email per member, each with 3 notifications."],
        ),
    ]
    return tables


def child() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecommons.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, TestCase
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from carecommons.accounts.models import User
    from carecommons.community import services as community
    from carecommons.community.models import Group
    from carecommons.notifications import emails, fanout, services
    from carecommons.notifications.models import Follow, Notification, OutgoingEmail

    call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    crowd = User.objects.bulk_create(
        [
            User(username=f"bench{i}", email=f"bench{i}@example.org", email_verified_at=now)
            for i in range(max(FOLLOWERS))
        ]
    )
    author = User.objects.create_user("bench_author", "author@example.org", "x-long-password-1")
    author.email_verified_at = now
    author.save()
    group = Group.objects.create(slug="bench", name="Bench", description="Bench group")

    fan_out = []
    for size in FOLLOWERS:
        discussion = community.create_discussion(
            author=crowd[0], group=group, title=f"Bench discussion {size}", body="Bench body text"
        )
        Follow.objects.bulk_create(
            [Follow(user=u, discussion=discussion) for u in crowd[:size]], ignore_conflicts=True
        )
        reply = community.post_reply(author=author, discussion=discussion, body="A bench reply")
        began = time.perf_counter()
        created = fanout.fan_out(reply)
        seconds = time.perf_counter() - began
        fan_out.append(
            {"followers": size, "created": created, "seconds": seconds, "rate": created / seconds}
        )

    # Request-side query counts with 2 and 2,000 followers.
    client = Client()
    client.force_login(author)
    counts = []
    request_settings = override_settings(
        ALLOWED_HOSTS=["testserver"],
        CARECOMMONS_RATE_LIMITS={"post": (1000, 600), "message": (1000, 600)},
    )
    request_settings.enable()
    for size in (2, 2000):
        discussion = community.create_discussion(
            author=crowd[0], group=group, title=f"Request bench {size}", body="Bench body text"
        )
        Follow.objects.bulk_create(
            [Follow(user=u, discussion=discussion) for u in crowd[:size]], ignore_conflicts=True
        )
        client.post(f"/discussions/{discussion.pk}/reply/", {"body": "Warm-up reply here"})
        with (
            CaptureQueriesContext(connection) as queries,
            TestCase.captureOnCommitCallbacks(execute=False),
        ):
            response = client.post(
                f"/discussions/{discussion.pk}/reply/", {"body": "Measured reply"}
            )
        assert response.status_code == 302, response.status_code
        counts.append(len(queries))
    request_settings.disable()

    Notification.objects.all().delete()
    for user in crowd[:EMAILS]:
        for n in range(3):
            services.notify(user, "reply", title=f"Reply {n}", url=f"/discussions/1/r/{n + 1}/")
    due = timezone.now() + timedelta(seconds=services.coalesce_seconds() + 1)
    began = time.perf_counter()
    built = 0
    while True:
        step = emails.send_immediate(due)
        if not step:
            break
        built += step
    build_seconds = time.perf_counter() - began

    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            began = time.perf_counter()
            sent = 0
            while True:
                step, _failed = emails.deliver_outbox(due)
                if not step:
                    break
                sent += step
            send_seconds = time.perf_counter() - began
    finally:
        controller.stop()
    assert OutgoingEmail.objects.filter(status="sent").count() == sent
    return {
        "fan_out": fan_out,
        "request_queries": counts[0],
        "request_queries_large": counts[1],
        "email": {
            "built": built,
            "build_seconds": build_seconds,
            "build_rate": built / build_seconds if build_seconds else 0,
            "sent": sent,
            "send_seconds": send_seconds,
            "send_rate": sent / send_seconds if send_seconds else 0,
        },
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        print(json.dumps(child()))
    else:
        for table in run():
            print(table.render())
