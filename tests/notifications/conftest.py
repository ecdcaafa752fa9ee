from __future__ import annotations

import pytest


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the fan-out enqueue) as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


class RestartableSMTP:
    """A real aiosmtpd server on 127.0.0.1 that a test can stop and start on the same port."""

    def __init__(self) -> None:
        from tests.browser.conftest import Mailbox, free_port

        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = RestartableSMTP()
    server.start()
    # Django 6.1 sends through MAILERS; the test runner's in-memory mailer is replaced here.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    try:
        yield server
    finally:
        server.stop()
