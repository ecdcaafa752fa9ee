"""Personal data in a post: the privacy guard that warns before posting.

Each finding is a span (character offsets into the text, end exclusive) of one kind:
``phone``, ``email``, ``date_of_birth``, ``street_address``, ``medical_record_number``.
Lab values, years and dates that are not birth dates are deliberately left alone: a post
full of "ANC 310" and "biopsy on 3 March 2016" is what the community is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class PersonalDataKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    DATE_OF_BIRTH = "date_of_birth"
    STREET_ADDRESS = "street_address"
    MEDICAL_RECORD_NUMBER = "medical_record_number"


@dataclass(frozen=True)
class PersonalDataSpan:
    kind: PersonalDataKind
    start: int
    end: int


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_MRN = re.compile(
    r"\b(?:mrn|medical record (?:number|no\.?|#)|med(?:ical)? rec(?:ord)? (?:no\.?|#)|"
    r"record (?:number|no\.?|#)|patient (?:id|number|no\.?|#)|hospital (?:number|no\.?|id)|"
    r"nhs (?:number|no\.?)|chart (?:number|no\.?|#)|health card (?:number|no\.?))"
    r"\s*(?:is|was|:|#|=|-)?\s*(?:is\s+)?(?:#\s*)?"
    r"(?P<id>[A-Z]{0,3}[-\s]?\d(?:[\d\s-]{3,18}\d)(?:[A-Z])?)\b",
    re.IGNORECASE,
)

_DIGITS_WITH_SEPARATORS = r"\d(?:[\s.-]?\d){6,14}"
_PHONE_SHAPES = re.compile(
    r"(?<![\w+/.,])(?:"
    # International: +964 770 123 4567, +44 20 7946 0958, +1-555-123-4567
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}"
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"
    r"|\d{3}[.-]\d{3}[.-]\d{4}"
    # National trunk prefix 0: 07700 900123, 020 7946 0958, 0770 123 4567
    r"|0\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{3,4}"
    r")(?![\w/]|[.,]\d)"
)
_PHONE_CUE = re.compile(
    r"\b(?:call|ring|text|phone|cell|mobile|tel|telephone|whatsapp|viber|signal|reach|contact)"
    r"(?:\s+(?:me|us|him|her))?(?:\s+(?:at|on))?\s*(?:number)?\s*(?:is|:)?\s*$|\bnumber\s*(?:is|"
    r":)\s*$",
    re.IGNORECASE,
)
_CUED_PHONE = re.compile(r"(?<![\w.,])" + _DIGITS_WITH_SEPARATORS + r"(?![\w]|[.,]\d)")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_FULL_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?:19|20)\d{2}"
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})"
)
_DATE_OF_BIRTH = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|birth ?date|birthday|born(?:\s+on)?)\b"
    r"\s*(?:is|was|:|-)?\s*(?:on\s+)?(?P<date>" + _FULL_DATE + r")(?!\d)",
    re.IGNORECASE,
)

# Abbreviations may carry a full stop ("St."); full words never take the sentence's one.
_STREET_SUFFIX = (
    r"(?i:(?:street|avenue|road|boulevard|lane|drive|court|way|place|terrace|close|crescent|"
    r"highway|square|parkway|circle|alley|row)|(?:st|ave|rd|blvd|ln|dr|ct|pl|hwy|sq|pkwy|cir)\.?)"
)
_STREET_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:(?:north|south|east|west|[NSEW]\.?)\s+)?"
    r"(?:[A-Z][a-z'-]+|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][a-z'-]+){0,2}\s+"
    + _STREET_SUFFIX
    + r"(?![\w])(?:,?\s+(?i:apt|apartment|unit|suite|flat)\.?\s*#?\s*\w+)?",
)
_CUED_ADDRESS = re.compile(
    r"\b(?:live at|lives at|living at|address is|address:|located at|house is at|flat is at|"
    r"come to|moved to|staying at)\s+(?P<address>\d{1,5}[A-Za-z]?,?\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:street|avenue|road|boulevard|lane|drive|court|place|terrace|close|crescent|way)\b)",
    re.IGNORECASE,
)
_PO_BOX = re.compile(r"\bp\.?\s?o\.?\s+box\s+\d+\b", re.IGNORECASE)


def find_personal_data(text: str) -> list[PersonalDataSpan]:
    found: list[PersonalDataSpan] = []

    def add(kind: PersonalDataKind, start: int, end: int) -> None:
        if not any(span.start < end and start < span.end for span in found):
            found.append(PersonalDataSpan(kind, start, end))

    # Order matters: the more specific kinds claim their text first, so a record number or
    # a birth date is never reported a second time as a phone number.
    for match in _EMAIL.finditer(text):
        add(PersonalDataKind.EMAIL, match.start(), match.end())
    for match in _MRN.finditer(text):
        add(PersonalDataKind.MEDICAL_RECORD_NUMBER, match.start("id"), match.end("id"))
    for match in _DATE_OF_BIRTH.finditer(text):
        add(PersonalDataKind.DATE_OF_BIRTH, match.start("date"), match.end("date"))
    for match in _STREET_ADDRESS.finditer(text):
        add(PersonalDataKind.STREET_ADDRESS, match.start(), match.end())
    for match in _CUED_ADDRESS.finditer(text):
        add(PersonalDataKind.STREET_ADDRESS, match.start("address"), match.end("address"))
    for match in _PO_BOX.finditer(text):
        add(PersonalDataKind.STREET_ADDRESS, match.start(), match.end())
    for match in _PHONE_SHAPES.finditer(text):
        if _digit_count(match.group()) >= 9:
            add(PersonalDataKind.PHONE, match.start(), match.end())
    for match in _CUED_PHONE.finditer(text):
        if _PHONE_CUE.search(text, max(0, match.start() - 40), match.start()):
            add(PersonalDataKind.PHONE, match.start(), match.end())
    return sorted(found, key=lambda span: span.start)


def _digit_count(candidate: str) -> int:
    return sum(character.isdigit() for character in candidate)
