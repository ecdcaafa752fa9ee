"""The calm, plain-language notice the author sees before and after posting.

Education framing only: it says what to do now and why the rule exists, never what the
person has. The fever figures come from clinical reference §5.3 (38.0 °C / 100.4 °F) and the
advice on fever medicine and the care team's 24-hour number from §5.2.
"""

from __future__ import annotations

from collections.abc import Sequence

from carecommons.safety.countries import EmergencyContacts
from carecommons.safety.emergency import EmergencyKind
from carecommons.safety.personal_data import PersonalDataKind

_OPENING = (
    "We are a community of patients and caregivers, not medical professionals, and this is "
    "not a diagnosis. But what you wrote sounds like it could need help now."
)

_PERSONAL_DATA_NAMES = {
    PersonalDataKind.PHONE: "a phone number",
    PersonalDataKind.EMAIL: "an email address",
    PersonalDataKind.DATE_OF_BIRTH: "a full date of birth",
    PersonalDataKind.STREET_ADDRESS: "a street address",
    PersonalDataKind.MEDICAL_RECORD_NUMBER: "a medical record number",
}


def _call(contacts: EmergencyContacts | None) -> str:
    if contacts is None:
        return "call your local emergency number"
    alternatives = " or ".join(contacts.alternative_numbers)
    also = f" (or {alternatives})" if alternatives else ""
    return f"call {contacts.emergency_number}{also}"


def _crisis(contacts: EmergencyContacts | None) -> str:
    if contacts is not None and contacts.crisis_line is not None:
        line = contacts.crisis_line
        return f"You can reach {line.name} on {line.number}, any time, to talk it through."
    return "A local crisis line or your doctor can help you talk it through."


def _emergency_paragraphs(
    kinds: Sequence[EmergencyKind], contacts: EmergencyContacts | None
) -> list[str]:
    call = _call(contacts)
    paragraphs = [_OPENING]
    if EmergencyKind.FEVER_WITH_LOW_COUNTS in kinds:
        paragraphs.append(
            "Fever with low neutrophil counts: when neutrophils are very low, or during "
            "chemotherapy, a temperature of 38.0 °C (100.4 °F) or higher can be the only sign "
            "of a serious infection, and care teams treat it as an emergency. Call your care "
            "team's 24-hour number now, even in the middle of the night, or go to urgent care "
            "or the emergency department and say that the counts are low. Please do not take "
            "paracetamol (acetaminophen) or ibuprofen before the temperature is measured: they "
            f"can hide a fever. If the person is very unwell, confused or hard to wake, {call}."
        )
    if EmergencyKind.BREATHING in kinds:
        paragraphs.append(f"Trouble breathing: {call} now.")
    if EmergencyKind.CHEST_PAIN in kinds:
        paragraphs.append(f"Chest pain: {call} now, and do not drive yourself to hospital.")
    if EmergencyKind.STROKE in kinds:
        paragraphs.append(
            "Possible signs of a stroke (a drooping face, a weak arm, slurred speech): "
            f"{call} now and note the time the signs started."
        )
    if EmergencyKind.SELF_HARM in kinds:
        paragraphs.append(
            "If you are thinking about ending your life or harming yourself, or you are worried "
            f"about someone who is, you are not alone. {_crisis(contacts)} If anyone is in "
            f"immediate danger, {call}."
        )
    return paragraphs


ADVICE_NUDGE = (
    "Your reply may read as medical advice. Members share experience, not medical advice: "
    'you could tell what happened to you ("when my count was low, my team …") and suggest '
    "they ask their own care team."
)


def _personal_data_paragraph(kinds: Sequence[PersonalDataKind]) -> str:
    names = [_PERSONAL_DATA_NAMES[kind] for kind in PersonalDataKind if kind in kinds]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Your post seems to contain {listed}. Other members can read it; you may want to "
        "remove it before posting."
    )


def compose_notice(
    kinds: Sequence[EmergencyKind],
    advice_nudge: bool,
    personal_data_kinds: Sequence[PersonalDataKind],
    contacts: EmergencyContacts | None,
) -> str:
    """The whole notice; an empty string when nothing fired."""
    paragraphs: list[str] = []
    if kinds:
        paragraphs.extend(_emergency_paragraphs(kinds, contacts))
    if advice_nudge:
        paragraphs.append(ADVICE_NUDGE)
    if personal_data_kinds:
        paragraphs.append(_personal_data_paragraph(personal_data_kinds))
    return "\n\n".join(paragraphs)
