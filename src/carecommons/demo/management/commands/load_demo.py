from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from carecommons.demo.loader import load


class Command(BaseCommand):
    help = "Load the demo community (safe to run again: nothing is duplicated or overwritten)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load()
        if report.users_created or report.discussions_created:
            self.stdout.write(
                f"Demo community loaded: {report.users_created} members, "
                f"{report.groups_created} groups, {report.discussions_created} discussions, "
                f"{report.replies_created} replies."
            )
        else:
            self.stdout.write("Demo community already loaded; nothing was changed.")
        for line in report.extras:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"\nDemo logins (all share one password: {settings.DEMO_PASSWORD})")
        width = max(len(username) for username, _ in report.logins)
        for username, role in report.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role}")
