"""Care fixtures: specialties, a caregiver abroad with her husband, requests made by services."""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest

from carecommons.accounts.models import CaredPerson
from carecommons.care import services
from carecommons.care.models import CoordinatorDesk, Desk, Specialty
from tests.factories import UserFactory


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    body = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + body + struct.pack(">I", zlib.crc32(b"IHDR" + body))
    raw = zlib.compress(b"\x00" + b"\x00\x00\x00" * width)
    idat = (
        struct.pack(">I", len(raw)) + b"IDAT" + raw + struct.pack(">I", zlib.crc32(b"IDAT" + raw))
    )
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + iend


PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 40
    + (b"\xff\xd9")
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


@pytest.fixture
def hematology(db):
    return Specialty.objects.create(name="Hematology")


@pytest.fixture
def pediatric(db):
    return Specialty.objects.create(name="Pediatric hematology", needs_exam_first=True)


@pytest.fixture
def warda(db):
    return UserFactory(username="warda_w", country="IQ", here_as="caregiver")


@pytest.fixture
def husband(warda):
    return CaredPerson.objects.create(
        owner=warda, relationship="husband", nickname="Karim", date_of_birth=date(1984, 5, 1)
    )


@pytest.fixture
def intl_coordinator(db):
    user = UserFactory(username="samir_c", roles=["coordinator"])
    CoordinatorDesk.objects.create(coordinator=user, desk=Desk.INTERNATIONAL)
    return user


def details(specialty, **overrides):
    values = {
        "specialty": specialty,
        "reason": "Low neutrophils for months; we would like a second opinion by video.",
        "visit_type": "video",
        "country": "IQ",
        "time_zone": "Asia/Baghdad",
        "language": "Arabic",
        "needs_interpreter": True,
        "second_opinion": True,
        "availability": ["weekday_afternoon"],
    }
    values.update(overrides)
    return services.RequestDetails(**values)


@pytest.fixture
def care_request(warda, husband, hematology, intl_coordinator):
    return services.create_request(warda, details(hematology, about=husband))


@pytest.fixture
def home_request(member, hematology):
    return services.create_request(
        member, details(hematology, country="US", time_zone="America/Chicago", language="English")
    )
