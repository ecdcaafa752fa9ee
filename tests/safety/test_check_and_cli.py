"""The check() entry point, its JSON form, and the command line."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from carecommons.safety import check
from carecommons.safety.cli import main


def test_json_form_has_exactly_the_documented_keys() -> None:
    text = "Fever 38.9, ANC 200. Call me at 555-123-4567. You should stop taking it."
    report = check(text)
    phone_start = text.index("555")
    data = report.to_dict()
    assert list(data) == ["emergency", "kinds", "advice_nudge", "personal_data", "notice"]
    assert data["emergency"] is True
    assert data["kinds"] == ["fever-with-low-counts"]
    assert data["advice_nudge"] is True
    assert data["personal_data"] == [
        {"kind": "phone", "start": phone_start, "end": phone_start + len("555-123-4567")}
    ]
    assert json.loads(report.to_json()) == data


def test_quiet_text_gives_an_empty_report() -> None:
    assert check("Welcome to the group!").to_dict() == {
        "emergency": False,
        "kinds": [],
        "advice_nudge": False,
        "personal_data": [],
        "notice": "",
    }


def test_cli_reads_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = tmp_path / "post.txt"
    post.write_text("I can't breathe.", encoding="utf-8")
    assert main(["check", str(post), "--country", "nz"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kinds"] == ["breathing"]
    assert "call 111" in data["notice"]


def test_cli_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("email: a@example.com"))
    assert main(["check", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["personal_data"][0]["kind"] == "email"


def test_cli_refuses_an_unknown_country(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("hello", encoding="utf-8")
    assert main(["check", str(post), "--country", "XX"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown country code 'XX'" in captured.err


def test_cli_reports_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_module_runs_as_a_script() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "carecommons.safety.cli", "check", "-", "--country", "IQ"],
        input="My husband's ANC is 400 and he has a fever of 38.5.",
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(completed.stdout)
    assert data["emergency"] is True
    assert "911" in data["notice"]
