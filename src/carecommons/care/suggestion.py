"""The visit-type suggestion rule (docs/care.md): plain Python, no Django.

The first rule that applies decides, and its reason is shown to the coordinator:

1. The patient lives outside the home country → video. Records can be reviewed and a first
   conversation held without travel; an in-person visit can follow if the team needs one.
2. It is a second opinion → video. A second opinion starts from the existing records.
3. The specialty usually needs a physical examination at the first visit → in person.
4. The member asked for an in-person visit → in person.
5. Otherwise → video: it is quicker to arrange and spares a trip with a sick person.

A phone preference is treated as video for the suggestion (video can fall back to phone).
The coordinator may recommend something else; the form then asks for a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

VIDEO = "video"
IN_PERSON = "in_person"


@dataclass(frozen=True)
class Suggestion:
    visit_type: str
    reason: str


def suggest_visit_type(
    *,
    international: bool,
    second_opinion: bool,
    specialty_needs_exam: bool,
    preferred: str,
) -> Suggestion:
    if international:
        return Suggestion(VIDEO, "The patient lives outside the home country: start by video.")
    if second_opinion:
        return Suggestion(VIDEO, "A second opinion starts from the records: video fits.")
    if specialty_needs_exam:
        return Suggestion(IN_PERSON, "This specialty usually needs an examination at first.")
    if preferred == IN_PERSON:
        return Suggestion(IN_PERSON, "The member asked to be seen in person.")
    return Suggestion(VIDEO, "Nothing calls for a trip: video is quicker to arrange.")
