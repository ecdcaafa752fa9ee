from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many times `key` did `scope` in the window starting at `window_start`."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="Unix time at which the window opened.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("scope", "key", "window_start", name="one_counter_per_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.count} since {self.window_start}"
