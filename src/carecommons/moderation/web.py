"""Is the post being written now coming from a person on the website?

The trust rules and the posting rate limit apply to what members submit through the site, not
to posts the demo loader, an import or a test factory writes through the services. Django's
`request_started`/`request_finished` signals mark the span of each web request, so the
`community.before_post` hook can tell the two apart (and knows the client's address) without
the community views passing the request along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_client_address: ContextVar[str | None] = ContextVar("moderation_client_address", default=None)


def request_started(sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
    address = (environ or {}).get("REMOTE_ADDR") or "unknown"
    _client_address.set(str(address))


def request_finished(sender: Any, **kwargs: Any) -> None:
    _client_address.set(None)


def client_address() -> str | None:
    """The address of the web request being served, or None outside a web request."""
    return _client_address.get()


@contextmanager
def web_request(address: str = "127.0.0.1") -> Iterator[None]:
    """Run a block as if a web request from `address` were being served (tests, scripts)."""
    token = _client_address.set(address)
    try:
        yield
    finally:
        _client_address.reset(token)
