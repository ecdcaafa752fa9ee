"""Where a count lies when a report gives only a bound ("<0.1 K/uL").

A censored result has no exact value but may still fix a category (clinical-rules.json
anc_derivation.rule_6, clinical-reference.md §1.3): "<100/µL" is profound neutropenia whatever
the exact figure. Counts are kept as non-negative intervals so that a product such as
WBC "<0.5 K/uL" × 50 % is still an honest bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from carecommons.labs.values import Comparator

# Far above any real count: stands in for "no upper bound" when asking for a category.
_UNBOUNDED = Decimal(10) ** 12
# Categories change only at whole-number thresholds, so a nudge this small finds the
# category just inside an open end of the interval.
_NUDGE = Decimal("1e-9")

CategoryT = TypeVar("CategoryT")


@dataclass(frozen=True, slots=True)
class Bound:
    """A non-negative interval; ``high`` None means unbounded above."""

    low: Decimal
    low_inclusive: bool
    high: Decimal | None
    high_inclusive: bool

    @classmethod
    def exact(cls, value: Decimal) -> Bound:
        return cls(value, True, value, True)

    @classmethod
    def from_comparator(
        cls, value: Decimal, comparator: Comparator | None, ceiling: Decimal | None = None
    ) -> Bound:
        """The interval meant by "<x", "<=x", ">x", ">=x" or a plain x.

        ``ceiling`` caps open-ended values that cannot go higher (a percentage stops at 100).
        """
        if comparator is None:
            return cls.exact(value)
        if comparator in ("<", "<="):
            return cls(Decimal(0), True, value, comparator == "<=")
        return cls(value, comparator == ">=", ceiling, ceiling is not None)

    @property
    def is_exact(self) -> bool:
        return self.high is not None and self.low == self.high

    def times(self, other: Bound) -> Bound:
        if (self.is_exact and self.low == 0) or (other.is_exact and other.low == 0):
            return Bound.exact(Decimal(0))
        low_reaches_zero = (self.low == 0 and self.low_inclusive) or (
            other.low == 0 and other.low_inclusive
        )
        high = None if self.high is None or other.high is None else self.high * other.high
        return Bound(
            self.low * other.low,
            (self.low_inclusive and other.low_inclusive) or low_reaches_zero,
            high,
            self.high_inclusive and other.high_inclusive,
        )

    def plus(self, other: Bound) -> Bound:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Bound(
            self.low + other.low,
            self.low_inclusive and other.low_inclusive,
            high,
            self.high_inclusive and other.high_inclusive,
        )

    def scaled(self, factor: Decimal) -> Bound:
        high = None if self.high is None else self.high * factor
        return Bound(self.low * factor, self.low_inclusive, high, self.high_inclusive)

    def lowest_point(self) -> Decimal:
        return self.low if self.low_inclusive else self.low + _NUDGE

    def highest_point(self) -> Decimal:
        if self.high is None:
            return _UNBOUNDED
        return self.high if self.high_inclusive else max(self.high - _NUDGE, self.low)

    def fixed_category(self, categorise: Callable[[Decimal], CategoryT]) -> CategoryT | None:
        """The category when every value in the interval shares it, else None.

        Valid for categories that are monotone in the count, as all of ours are.
        """
        lowest = categorise(self.lowest_point())
        if lowest == categorise(self.highest_point()):
            return lowest
        return None
