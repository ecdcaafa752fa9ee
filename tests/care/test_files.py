"""Attachment checks: the bytes decide, never the name; damaged and oversized files are refused."""

from __future__ import annotations

import pytest

from carecommons.care.files import FileRefused, check_upload
from tests.care.conftest import EXE, JPEG, PDF, png_bytes


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("report.pdf", PDF, "pdf"), ("photo.jpg", JPEG, "jpeg"), ("scan.png", png_bytes(), "png"),
     ("misnamed.txt", PDF, "pdf")],
)  # fmt: skip
def test_accepts_real_pdf_jpeg_png_whatever_the_name(name, data, kind):
    assert check_upload(name, data).kind == kind


def test_a_renamed_program_is_refused():
    with pytest.raises(FileRefused, match="not a PDF, JPEG or PNG"):
        check_upload("labs.pdf", EXE)


@pytest.mark.parametrize(
    "data",
    [PDF[:40], JPEG[:-2], png_bytes()[:40], png_bytes()[:29] + b"\x00\x00\x00\x00" + b"x" * 20],
)
def test_a_file_that_does_not_open_is_refused(data):
    with pytest.raises(FileRefused, match="cannot be opened"):
        check_upload("labs", data)


def test_too_large_and_empty_files_are_refused():
    with pytest.raises(FileRefused, match="at most 1 MB"):
        check_upload("big.pdf", PDF + b"0" * (1024 * 1024), max_bytes=1024 * 1024)
    with pytest.raises(FileRefused, match="empty"):
        check_upload("empty.pdf", b"")
