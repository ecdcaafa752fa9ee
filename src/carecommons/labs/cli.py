"""``labs interpret [FILE|-] [--jsonl]`` and ``labs mentions [FILE|-]``.

The project's ``carecommons`` command delegates ``carecommons labs ...`` here with the
arguments after ``labs``; ``python -m carecommons.labs.cli ...`` works the same way.

Exit status: 0 when every input was readable (a case with impossible values still gives 0 and
an ``input_error`` in its output, so a batch goes on); 2 when a file or JSON text could not be
read, or the command line was wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TextIO

from carecommons.labs.engine import interpret_json
from carecommons.labs.mentions import find_mentions

EXIT_OK = 0
EXIT_UNREADABLE = 2


class _ArgumentError(Exception):
    """argparse wanted to exit; we return a status instead, so callers keep control."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _ArgumentError(status)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="carecommons labs", description="Blood count companion tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    interpret = commands.add_parser(
        "interpret", help="Interpret a case in the clinical rules' input format (JSON)."
    )
    interpret.add_argument("file", nargs="?", default="-", help="JSON file, or - for stdin")
    interpret.add_argument("--jsonl", action="store_true", help="one JSON case per line")
    mentions = commands.add_parser("mentions", help="Find lab values mentioned in text.")
    mentions.add_argument("file", nargs="?", default="-", help="text file, or - for stdin")
    return parser


def _read_input(path: str, stdin: TextIO) -> str | None:
    if path == "-":
        return stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        sys.stderr.write(f"carecommons labs: cannot read {path}: {error}\n")
        return None


def _interpret_one(text: str) -> tuple[dict[str, object] | None, str | None]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        return None, f"not readable JSON: {error}"
    if not isinstance(data, dict):
        return None, "expected a JSON object (a case in the rules' input_format)"
    return interpret_json(data), None


def _run_interpret(text: str, jsonl: bool, stdout: TextIO) -> int:
    if not jsonl:
        result, problem = _interpret_one(text)
        if result is None:
            sys.stderr.write(f"carecommons labs interpret: {problem}\n")
            return EXIT_UNREADABLE
        stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    status = EXIT_OK
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        result, problem = _interpret_one(line)
        if result is None:
            sys.stderr.write(f"carecommons labs interpret: line {line_number}: {problem}\n")
            # Keep one output line per input case so a batch stays aligned.
            result = {"line": line_number, "error": problem}
            status = EXIT_UNREADABLE
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


def _run_mentions(text: str, stdout: TextIO) -> int:
    mentions = [asdict(mention) for mention in find_mentions(text)]
    stdout.write(json.dumps({"mentions": mentions}, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run a labs command; returns the exit status instead of exiting."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        options = _build_parser().parse_args(arguments)
    except _ArgumentError as error:
        return error.status
    text = _read_input(options.file, sys.stdin)
    if text is None:
        return EXIT_UNREADABLE
    if options.command == "interpret":
        return _run_interpret(text, options.jsonl, sys.stdout)
    return _run_mentions(text, sys.stdout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
