"""``labs interpret`` and ``labs mentions`` (the command-line contract of issue 7)."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from carecommons.labs.cli import main

COMPARISON_KEYS = {
    "anc_per_uL",
    "neutropenia",
    "ctcae_grade",
    "febrile_neutropenia_alert",
    "fever_criterion_met",
    "anc_lln_per_uL",
    "young_infant_fever_flag",
}

CASE = {
    "age": 1,
    "values": {"WBC": "3.1 K/uL", "Neutrophils %": "10"},
    "temperatures": [{"value": 101, "unit": "F", "time": "2024-03-01T21:00"}],
}


def run_cli(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    status = main(argv)
    return status, out.getvalue()


def test_interpret_prints_every_comparison_key_and_sourced_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    status, output = run_cli(["interpret", "-"], json.dumps(CASE), monkeypatch)
    assert status == 0
    result = json.loads(output)
    assert result.keys() >= COMPARISON_KEYS
    assert result["anc_per_uL"] == 310
    assert result["neutropenia"] == "severe"
    assert result["febrile_neutropenia_alert"] is True
    assert result["findings"]
    for finding in result["findings"]:
        assert finding["section"].startswith("§")
        assert finding["section"] in finding["text"]


def test_interpret_reads_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    status, output = run_cli(["interpret", str(path)], "", monkeypatch)
    assert status == 0
    assert json.loads(output)["ctcae_grade"] == 4


def test_unreadable_json_exits_2_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run_cli(["interpret"], "{not json", monkeypatch)
    assert status == 2
    assert output == ""
    assert "not readable JSON" in capsys.readouterr().err


def test_json_that_is_not_an_object_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["interpret"], "[1, 2]", monkeypatch)[0] == 2


def test_missing_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["interpret", str(tmp_path / "absent.json")], "", monkeypatch)[0] == 2


def test_bad_values_exit_0_with_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    status, output = run_cli(
        ["interpret"], json.dumps({"age": 3, "values": {"ANC": "-1 K/uL"}}), monkeypatch
    )
    assert status == 0
    assert json.loads(output)["input_error"] == "negative_value"


def test_jsonl_batch_goes_on_past_a_bad_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join([json.dumps(CASE), "{oops", "", json.dumps({"age": 3, "values": {}})])
    status, output = run_cli(["interpret", "--jsonl", "-"], lines, monkeypatch)
    assert status == 2
    results = [json.loads(line) for line in output.splitlines()]
    assert len(results) == 3
    assert results[0]["anc_per_uL"] == 310
    assert results[1] == {"line": 2, "error": results[1]["error"]}
    assert results[2]["input_error"] == "missing_counts"


def test_jsonl_all_readable_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    status, output = run_cli(["interpret", "--jsonl"], json.dumps(CASE) + "\n", monkeypatch)
    assert status == 0
    assert len(output.splitlines()) == 1


def test_mentions_command(monkeypatch: pytest.MonkeyPatch) -> None:
    status, output = run_cli(["mentions", "-"], "LYM 4.2 but 82 % and ANC 0.31 K/uL", monkeypatch)
    assert status == 0
    mentions = json.loads(output)["mentions"]
    assert [m["analyte"] for m in mentions] == ["lymphocytes", "lymphocytes", "ANC"]
    assert set(mentions[0]) == {
        "analyte", "kind", "value_text", "unit_text", "per_uL", "start", "end"
    }  # fmt: skip
    assert mentions[2]["per_uL"] == 310


def test_wrong_command_line_returns_2_instead_of_exiting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["explode"], "", monkeypatch)[0] == 2
    assert run_cli([], "", monkeypatch)[0] == 2


def test_help_returns_0(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["--help"], "", monkeypatch)[0] == 0


def test_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "carecommons.labs.cli", "interpret", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["anc_per_uL"] == 310
