"""`carecommons safety check [FILE|-] [--country CC]`: try the safety rules on any text.

Prints one JSON object (see SafetyReport.to_dict). Exit status 0 on success, 2 on a usage
error such as an unknown country code or an unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carecommons.safety.countries import UnknownCountryError
from carecommons.safety.report import check

_USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carecommons safety",
        description="Run the emergency, medical-advice and personal-data detectors on a text.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_command = commands.add_parser("check", help="check a text and print the JSON report")
    check_command.add_argument(
        "file", nargs="?", default="-", help="a UTF-8 text file, or - for standard input (default)"
    )
    check_command.add_argument(
        "--country",
        help="the member's ISO 3166-1 alpha-2 country code (e.g. US, GB, IQ) for emergency numbers",
    )
    return parser


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit_request:
        return exit_request.code if isinstance(exit_request.code, int) else _USAGE_ERROR
    try:
        text = _read(arguments.file)
    except (OSError, UnicodeDecodeError) as error:
        print(f"carecommons safety: cannot read {arguments.file}: {error}", file=sys.stderr)
        return _USAGE_ERROR
    try:
        report = check(text, arguments.country)
    except UnknownCountryError as error:
        print(f"carecommons safety: {error}", file=sys.stderr)
        return _USAGE_ERROR
    print(report.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
