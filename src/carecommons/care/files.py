"""Checks on uploaded lab reports: plain Python, no Django.

A file is accepted only when its bytes are a PDF, JPEG or PNG that looks whole; the name the
browser sent and the type it claimed are never trusted. Without an imaging library we check
the structure each format guarantees: PDF header and end-of-file marker, JPEG start and end
markers, PNG signature with a header chunk whose checksum is right and an end chunk.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
KINDS = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FileRefused(ValueError):
    """The file cannot be stored; the message says why in words a member understands."""


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # "pdf", "jpeg" or "png"
    content_type: str
    extension: str


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    return None


def _opens(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return b"%%EOF" in data[-2048:] and b"obj" in data
    if kind == "jpeg":
        return data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9") and len(data) > 4
    # PNG: the first chunk is a 13-byte IHDR with a valid CRC and non-zero size; IEND is present.
    if len(data) < 33:
        return False
    length, chunk_type = struct.unpack(">I4s", data[8:16])
    if chunk_type != b"IHDR" or length != 13:
        return False
    body = data[16:29]
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(b"IHDR" + body) != crc:
        return False
    width, height = struct.unpack(">II", body[:8])
    return width > 0 and height > 0 and b"IEND" in data[-16:]


def check_upload(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Accept a PDF, JPEG or PNG lab report, or raise `FileRefused` with a clear reason."""
    label = name or "The file"
    if not data:
        raise FileRefused(f"{label} is empty. Choose the file again.")
    if len(data) > max_bytes:
        raise FileRefused(
            f"{label} is {len(data) / 1024 / 1024:.1f} MB; files can be at most "
            f"{max_bytes // 1024 // 1024} MB. A photo of the page or a smaller scan works well."
        )
    kind = _sniff(data[:16])
    if kind is None:
        raise FileRefused(
            f"{label} is not a PDF, JPEG or PNG file. Only lab reports in those formats can be "
            "attached (renaming a file does not change what it is)."
        )
    if not _opens(kind, data):
        raise FileRefused(
            f"{label} looks like a {kind.upper()} but cannot be opened: it may be damaged or "
            "incomplete. Save or scan it again and attach the new copy."
        )
    return CheckedFile(kind=kind, content_type=KINDS[kind], extension=EXTENSIONS[kind])
