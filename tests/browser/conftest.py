"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Every page a browser test visits goes through `inspect_page`: axe-core (no serious or critical
violation), screenshots at 1280 and 360 px under test-artifacts/screenshots/, no horizontal
overflow on a phone, the stylesheet and scripts loaded, and no console error, uncaught script
error or dialog on the page.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI") == "true"
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# Moderate and minor axe findings do not fail a test; they are listed here for people to read.
AXE_LOG = REPO / "test-artifacts" / "axe-moderate-and-minor.txt"
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}
BLOCKING_IMPACTS = {"serious", "critical"}
# A tiny transparent PNG served for every image a post asks for, so no payload reaches the
# network and a missing image never shows up as a console error.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = (
        f"{CHROMIUM} is missing: browser tests need Debian's chromium "
        "(apt-get install -y chromium)."
    )
    if IN_CI:
        pytest.fail(message + " CI must run the browser tests, so this is a failure.")
    else:
        pytest.skip(message + " Skipped locally; CI fails instead.")


@pytest.fixture(scope="package")
def browser():
    """One chromium for all browser tests, closed when the last test of this folder is done.

    Playwright's sync API keeps an event loop running in the test thread, so Django would
    refuse the tests' (synchronous, safe) ORM calls: DJANGO_ALLOW_ASYNC_UNSAFE is set in
    os.environ for exactly as long as the browser lives. It is not set for the whole session:
    subprocesses started by other tests (`check --deploy`) would inherit it and fail.
    """
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI machines and a busy 2-core laptop are slow, and a wait only costs
    # time when something is wrong.
    expect.set_options(timeout=15_000)

    AXE_LOG.unlink(missing_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@dataclass
class PageWatch:
    """What went wrong on a page while a test drove it."""

    origin: str
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(
                f"uncaught script error on {page.url}: {error.stack}"
            ),
        )
        page.on("dialog", self._on_dialog)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        # Failed loads are judged by _on_response (a 400 form page or the 404 page is fine).
        if message.text.startswith("Failed to load resource"):
            return
        self.problems.append(f"console error: {message.text} ({message.location})")

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r}")
        self.problems.append(f"a {dialog.type} dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def _on_response(self, response) -> None:
        request = response.request
        if request.resource_type in {"stylesheet", "script", "font"} and response.status >= 400:
            self.problems.append(f"{request.resource_type} {request.url} -> {response.status}")

    def _on_request_failed(self, request) -> None:
        # ERR_ABORTED is the browser cancelling its own request because the page moved on (a
        # click during a background refresh or a lazy-loaded box); the server did nothing wrong.
        # Real failures (refused connection, reset, a server error) are still problems, and
        # error statuses are judged by _on_response.
        if "ERR_ABORTED" in (request.failure or ""):
            return
        if request.url.startswith(self.origin) and request.resource_type != "image":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def assert_clean(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "Problems on the page:\n" + "\n".join(problems)


def _keep_on_loopback(origin: str):
    def handle(route) -> None:
        request = route.request
        if request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=PIXEL_PNG)
        elif request.url.startswith(origin):
            route.continue_()
        else:
            route.abort()

    return handle


@pytest.fixture
def person(browser, live_server):
    """Factory: one person's browser (its own context, so its own cookies and storage).

    Returns a page whose problems (console errors, dialogs, missing assets) are collected in
    `page.watch`; anything left unchecked fails the test at teardown.
    """
    contexts = []
    watches: list[PageWatch] = []

    def make(**options):
        context = browser.new_context(viewport=WIDE, base_url=live_server.url, **options)
        context.set_default_timeout(20_000)
        context.route("**/*", _keep_on_loopback(live_server.url))
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(origin=live_server.url)
        page.watch.attach(page)
        watches.append(page.watch)
        return page

    yield make
    for context in contexts:
        context.close()
    leftovers = [problem for watch in watches for problem in watch.problems]
    assert not leftovers, "Problems on a page after the test's last check:\n" + "\n".join(leftovers)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').strip()[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more nodes")
    return "\n".join(lines)


def assert_accessible(page, axe=None, context: dict | None = None) -> list[dict]:
    """Run axe-core on the page; fail on any serious or critical violation.

    Returns the milder violations so a caller can report them.
    """
    if axe is None:
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
    violations = axe.run(page, context=context).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    milder = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if milder:
        AXE_LOG.parent.mkdir(parents=True, exist_ok=True)
        with AXE_LOG.open("a", encoding="utf-8") as log:
            log.write(f"{page.url}\n{format_violations(milder)}\n\n")
    if blocking:
        print(f"axe violations on {page.url}:\n{format_violations(violations)}")
    assert not blocking, f"axe-core on {page.url}:\n{format_violations(blocking)}"
    return milder


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# The innermost elements that stick out of a phone screen, or whose text does.
TOO_WIDE = """() => {
  const sticksOut = el => el.getBoundingClientRect().right > window.innerWidth + 1
    || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible');
  return [...document.querySelectorAll('body *')]
    .filter(el => sticksOut(el) && ![...el.children].some(sticksOut))
    .slice(0, 8)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ': '
               + (el.textContent || '').trim().slice(0, 80));
}"""


def screenshot_both_widths(page, name: str, *, full_page: bool = True) -> list[Path]:
    """Save <name>-1280.png and <name>-360.png; fail if the page overflows at 360 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    original = page.viewport_size or WIDE
    try:
        for size in (WIDE, NARROW):
            page.set_viewport_size(size)
            path = SCREENSHOTS / f"{_slug(name)}-{size['width']}.png"
            page.screenshot(path=str(path), full_page=full_page)
            paths.append(path)
            if size is NARROW:
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, (
                    f"{page.url} is {overflow}px wider than a 360px screen ({path.name}); "
                    f"too wide: {page.evaluate(TOO_WIDE)}"
                )
    finally:
        page.set_viewport_size(original)
    return paths


def assert_assets_loaded(page) -> None:
    loaded = page.evaluate(
        """() => ({
            css: [...document.styleSheets].some(
                s => s.href && s.href.includes('/static/carecommons/site.css')
                     && s.cssRules.length > 0),
            htmx: typeof window.htmx !== 'undefined',
        })"""
    )
    assert loaded == {"css": True, "htmx": True}, f"static files missing on {page.url}: {loaded}"


def inspect_page(page, name: str, *, axe=None, full_page: bool = True) -> None:
    """Everything checked on each page a test visits."""
    page.wait_for_load_state("load")
    assert_assets_loaded(page)
    assert_accessible(page, axe)
    screenshot_both_widths(page, name, full_page=full_page)
    page.watch.assert_clean()


def sign_in(page, username: str, password: str | None = None) -> None:
    """Sign in through the login form, as a member would."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Username or email:", exact=True).fill(username)
    page.get_by_label("Password:", exact=True).fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    account_nav = page.get_by_role("navigation", name="Your account")
    expect(account_nav.get_by_role("link", name=username)).to_be_visible()


# --- a real SMTP server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Collects every message the local SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, timeout: float = 10.0) -> Message:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages:
                    if to in message["X-Envelope-To"]:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(m["To"], m["Subject"]) for m in self.messages]
                    raise AssertionError(f"no email to {to} within {timeout}s; got {seen}")
                self._arrived.wait(remaining)


def text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text part in {message['Subject']!r}")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; the app's default mailer sends to it."""
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield mailbox
    finally:
        controller.stop()
