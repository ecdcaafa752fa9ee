"""Run the benchmarks: `python -m bench` (all, in order) or `python -m bench --only web`.

Each module named in BENCHMARKS has `run() -> list[Table]`. Tables go to stdout as Markdown
and, together, to bench/results/<UTC timestamp>.json (gitignored). A benchmark that raises is
reported, the others still run, and the exit status is 1.
To add one: write bench/<name>.py with a `run()` and append its name here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import signal
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

BENCHMARKS = ["web", "labs", "safety", "notifications", "search"]
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _terminate(signum: int, frame: FrameType | None) -> None:
    # SIGTERM takes the same path as Ctrl-C, so every `finally` that stops a server runs.
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=BENCHMARKS, help="run one benchmark")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)

    names = [args.only] if args.only else BENCHMARKS
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "benchmarks": {},
    }
    failed: list[str] = []
    try:
        for name in names:
            began = time.monotonic()
            print(f"# bench.{name}", flush=True)
            try:
                module = importlib.import_module(f"bench.{name}")
                tables = module.run()
            except Exception:
                traceback.print_exc()
                print(f"\nbench.{name} CRASHED\n", flush=True)
                failed.append(name)
                report["benchmarks"][name] = {"error": traceback.format_exc()}
                continue
            elapsed = time.monotonic() - began
            for table in tables:
                print()
                print(table.render(), flush=True)
            print(f"\n(bench.{name} took {elapsed:.0f} s)\n", flush=True)
            report["benchmarks"][name] = {
                "seconds": round(elapsed, 1),
                "tables": [table.as_dict() for table in tables],
            }
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped.", file=sys.stderr)
        return 130
    finally:
        _write(report)
    if failed:
        print(f"Crashed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _write(report: dict[str, Any]) -> None:
    if not report["benchmarks"]:
        return
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"JSON copy: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    raise SystemExit(main())
