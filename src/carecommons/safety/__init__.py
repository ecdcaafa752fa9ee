"""Safety notices for posts: emergencies, medical-advice nudges and personal data.

Pure Python with no Django import, so the rules can be tested alone and tried from the
command line (`carecommons safety check`). See docs/safety.md.
"""

from carecommons.safety.advice import AdviceFinding, find_medical_advice
from carecommons.safety.countries import EmergencyContacts, UnknownCountryError, contacts_for
from carecommons.safety.emergency import EmergencyFinding, EmergencyKind, detect_emergencies
from carecommons.safety.notice import compose_notice
from carecommons.safety.personal_data import (
    PersonalDataKind,
    PersonalDataSpan,
    find_personal_data,
)
from carecommons.safety.report import SafetyReport, check

__all__ = [
    "AdviceFinding",
    "EmergencyContacts",
    "EmergencyFinding",
    "EmergencyKind",
    "PersonalDataKind",
    "PersonalDataSpan",
    "SafetyReport",
    "UnknownCountryError",
    "check",
    "compose_notice",
    "contacts_for",
    "detect_emergencies",
    "find_medical_advice",
    "find_personal_data",
]
