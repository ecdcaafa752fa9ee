"""The bridge to the blood count companion (`carecommons.health`): read-only, owner-only.

When a member chooses to share their records, the ANC of every saved blood count for that
person becomes an `AncPoint` for `evidence.summarise_anc`. The tracker's own selectors filter on
the owner, so nobody can pull someone else's counts through here.
"""

from __future__ import annotations

from carecommons.accounts.models import CaredPerson, User
from carecommons.health import selectors as health
from carecommons.registry.evidence import AncPoint


def tracker_counts(owner: User, person: CaredPerson | None) -> list[AncPoint]:
    return [AncPoint(on=on, anc=round(anc)) for on, anc in health.anc_history(owner, person)]


def merge(*groups: list[AncPoint]) -> list[AncPoint]:
    """All points once each (the same date and value typed and saved counts once)."""
    unique = {(p.on, p.anc) for group in groups for p in group}
    return [AncPoint(on=on, anc=anc) for on, anc in sorted(unique)]
