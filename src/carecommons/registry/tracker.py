"""The bridge to the blood count companion (`carecommons.health`): read-only, owner-only.

When a member chooses to share their records, the ANC of every saved blood count for that
person becomes an `AncPoint` for `evidence.summarise_anc`. The tracker's own selectors filter on
the owner, so nobody can pull someone else's counts through here.
"""

from __future__ import annotations

from django.utils import timezone

from carecommons.accounts.models import CaredPerson, User
from carecommons.health import insight
from carecommons.health import selectors as health
from carecommons.registry.evidence import AncPoint


def tracker_counts(owner: User, person: CaredPerson | None) -> list[AncPoint]:
    key = health.ME if person is None else str(person.pk)
    subject = health.subject_for(owner, key)
    if subject is None:
        return []
    series = insight.anc_series(subject, health.records_of(owner, subject))
    return [
        AncPoint(on=timezone.localtime(record.taken_at).date(), anc=round(result.anc_per_uL))
        for record, result in series
        if result.anc_per_uL is not None
    ]


def merge(*groups: list[AncPoint]) -> list[AncPoint]:
    """All points once each (the same date and value typed and saved counts once)."""
    unique = {(p.on, p.anc) for group in groups for p in group}
    return [AncPoint(on=on, anc=anc) for on, anc in sorted(unique)]
