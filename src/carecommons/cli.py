"""The `carecommons` command: one entry point for running, operating and trying the platform.

carecommons demo [--port N] [--data-dir DIR]   set up and serve the demo community
carecommons serve [--host H] [--port N]        serve the site (gunicorn)
carecommons worker                             run background tasks (email, fan-out …)
carecommons labs interpret|mentions …          the blood count engine from the shell
carecommons safety check …                     the safety detectors from the shell
carecommons <django command> …                 migrate, createsuperuser, check …
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

MINIMUM_PYTHON = (3, 12)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecommons.settings")
    import django

    django.setup()


def _serve(host: str, port: int, workers: int, threads: int) -> int:
    from gunicorn.app.base import BaseApplication

    from carecommons.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
            self.cfg.set("accesslog", os.environ.get("ACCESS_LOG", None) or None)
            self.cfg.set("graceful_timeout", 5)
            # gunicorn's runtime control socket lives at one shared path per user; two sites
            # (or a site and a benchmark) on one machine would delete each other's.
            self.cfg.set("control_socket_disable", True)

        def load(self) -> object:
            return application

    Server().run()
    return 0


def _demo(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="carecommons demo", description="Serve the demo community."
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where the database and files live (default ./var)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="set up and load the demo, then stop"
    )
    args = parser.parse_args(argv)
    if args.data_dir is not None:
        os.environ["CARECOMMONS_DATA_DIR"] = str(args.data_dir.expanduser().resolve())
    os.environ.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Data directory: {settings.DATA_DIR}")
    call_command("migrate", interactive=False, verbosity=0)
    print("Database is up to date.")
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo")
    if args.no_serve:
        return 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "carecommons.cli", "worker"], env=os.environ.copy()
    )
    print(f"\nServing on http://{args.host}:{args.port}/  (Ctrl+C stops the site and the worker)")
    print(f"Emails are written to {settings.EMAIL_OUTBOX_DIR} (no SMTP server is configured).\n")
    try:
        return _serve(args.host, args.port, workers=2, threads=4)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=10)


def _serve_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="carecommons serve", description="Serve the site.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    args = parser.parse_args(argv)
    _setup_django()
    return _serve(args.host, args.port, args.workers, args.threads)


def main(argv: Sequence[str] | None = None) -> int:
    if sys.version_info < MINIMUM_PYTHON:
        print("carecommons needs Python 3.12 or newer (3.13 recommended).", file=sys.stderr)
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    rest = args[1:]
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    if command == "demo":
        return _demo(rest)
    if command == "serve":
        return _serve_command(rest)
    if command == "worker":
        _setup_django()
        from django.core.management import call_command

        call_command("db_worker", *rest)
        return 0
    if command == "labs":
        from carecommons.labs.cli import main as labs_main

        return labs_main(rest)
    if command == "safety":
        from carecommons.safety.cli import main as safety_main

        return safety_main(rest)
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carecommons", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
