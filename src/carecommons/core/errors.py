"""The one shape of a refusal a member is shown: an exception carrying a plain-words message."""

from __future__ import annotations


class Refused(Exception):
    """Something a member asked for cannot happen; `message` tells them why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
