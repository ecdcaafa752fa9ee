"""Web throughput of the real server against a minimal Django view (issue 2, "Performance").

1. A throwaway data directory (SQLite): migrate, collect static files and load the demo
   community (`carecommons demo --no-serve --data-dir DIR`), then add one public discussion with
   200 replies through `community.services` (`python -m bench.web prepare DIR`, a separate
   process, which also counts SQL queries per page with Django's test Client).
2. Two servers on loopback with the same gunicorn settings (2 workers x 4 threads, gthread):
   `carecommons serve` (the site) and `gunicorn bench.ceiling:application` (the ceiling).
3. Load from a second process: `wrk` when it is on PATH, else a Python thread loop. Each page
   is warmed up, then loaded for a fixed time with a fixed number of keep-alive connections.

Both servers are started in their own process groups and always stopped (try/finally).
Environment knobs: BENCH_DURATION (seconds per page, default 10), BENCH_LOAD=python to force
the Python load generator, BENCH_KEEP=1 to keep the data directory.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.table import Table

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("BENCH_DURATION", "10"))
WARMUP = 2.0
LOAD_THREADS = 2
CONNECTIONS = 8
WORKERS = 2
SERVER_THREADS = 4
REPLIES = 200
IN_PROCESS_SAMPLES = 20
BENCH_TITLE = "Bench: one long discussion with many replies"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "socket_errors": %d, "bad_status": %d, "bytes": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status,
    summary.bytes))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------- orchestration


def run() -> list[Table]:
    generator = "python" if os.environ.get("BENCH_LOAD") == "python" else _wrk_path()
    keep = os.environ.get("BENCH_KEEP") == "1"
    data_dir = Path(tempfile.mkdtemp(prefix="carecommons-bench-"))
    try:
        env = _server_env(data_dir)
        _step("loading the demo community into a fresh SQLite database")
        _check_call(
            [str(BIN / "carecommons"), "demo", "--no-serve", "--data-dir", str(data_dir)], env
        )
        _step(f"adding a discussion with {REPLIES} replies; counting queries in-process")
        prepared = json.loads(
            _check_call([sys.executable, "-m", "bench.web", "prepare", str(data_dir)], env)
            .strip()
            .splitlines()[-1]
        )
        with ExitStack() as stack:
            site_port, ceiling_port = _free_port(), _free_port()
            stack.enter_context(
                _server(
                    "site",
                    [
                        str(BIN / "carecommons"),
                        "serve",
                        "--port",
                        str(site_port),
                        "--workers",
                        str(WORKERS),
                        "--threads",
                        str(SERVER_THREADS),
                    ],
                    env,
                    site_port,
                    data_dir,
                )
            )
            stack.enter_context(
                _server(
                    "ceiling",
                    [
                        str(BIN / "gunicorn"),
                        "bench.ceiling:application",
                        "--bind",
                        f"127.0.0.1:{ceiling_port}",
                        "--workers",
                        str(WORKERS),
                        "--threads",
                        str(SERVER_THREADS),
                        "--worker-class",
                        "gthread",
                        "--graceful-timeout",
                        "5",
                        # gunicorn's default control socket (~/.gunicorn/gunicorn.ctl) is one
                        # path per machine; the ceiling leaves it to the site.
                        "--no-control-socket",
                    ],
                    env,
                    ceiling_port,
                    data_dir,
                )
            )
            site = f"http://127.0.0.1:{site_port}"
            ceiling_url = f"http://127.0.0.1:{ceiling_port}/"
            targets = [("ceiling (first)", ceiling_url, None)]
            targets += [(page["name"], site + page["path"], page) for page in prepared["pages"]]
            targets.append(("ceiling (last)", ceiling_url, None))
            for _, url, _ in targets:
                _expect_ok(url)
            measured: list[tuple[str, str, dict[str, Any] | None, Load]] = []
            for name, url, page in targets:
                _step(f"loading {name}: {DURATION:.0f} s")
                _load(generator, url, WARMUP)
                measured.append((name, url, page, _load(generator, url, DURATION)))
        return [_table(measured, prepared, generator)]
    finally:
        if keep:
            print(f"  data directory kept: {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _table(
    measured: list[tuple[str, str, dict[str, Any] | None, Load]],
    prepared: dict[str, Any],
    generator: str,
) -> Table:
    ceilings = [load.rps for name, _, page, load in measured if page is None]
    ceiling = statistics.fmean(ceilings)
    rows: list[list[Any]] = []
    raw = []
    for name, url, page, load in measured:
        path = url.split(":", 2)[2].split("/", 1)[1]
        rows.append(
            [
                name,
                "/" + path,
                round(load.rps, 1),
                round(load.p50_ms, 2),
                round(load.p95_ms, 2),
                f"{load.rps / ceiling:.3f}" if ceiling else None,
                page["queries"] if page else 0,
                round(page["in_process_ms"], 2) if page else None,
                round(page["bytes"] / 1024, 1) if page else None,
                load.errors,
            ]
        )
        raw.append({"name": name, "url": url, "load": load.__dict__, "rps": load.rps, "page": page})
    load_tool = (
        f"wrk ({generator}), {LOAD_THREADS} threads"
        if generator != "python"
        else f"a Python thread loop (wrk not used), {CONNECTIONS} threads"
    )
    notes = [
        f"Load: {load_tool}, {CONNECTIONS} keep-alive connections, {WARMUP:.0f} s warm-up then "
        f"{DURATION:.0f} s per row, loopback, anonymous visitor, GET only.",
        f"Servers: gunicorn, {WORKERS} workers x {SERVER_THREADS} threads (gthread), DEBUG off. "
        "Site = `carecommons serve` on SQLite (demo community + one discussion with "
        f"{REPLIES} replies). Ceiling = `gunicorn bench.ceiling:application`: a Django view "
        "returning 'ok' with no middleware, templates or database, same gunicorn settings.",
        "ratio = the row's req/s divided by the mean req/s of the two ceiling rows "
        f"({ceiling:,.0f}); the two ceiling rows show how much the machine drifted in the run.",
        "queries, in-proc ms, KB: measured in a separate process with Django's test Client and "
        "CaptureQueriesContext against the same database (in-proc ms = median of "
        f"{IN_PROCESS_SAMPLES} renders, no network). errors = socket errors + non-2xx/3xx.",
        f"A demo discussion with {prepared['small']['replies']} replies runs "
        f"{prepared['small']['queries']} queries; the {REPLIES}-reply one runs "
        f"{prepared['big_queries']} on page 1 (same number expected).",
        "2 cores: the load generator competes with the servers for CPU. Compare ratios within "
        "one run, never absolute numbers across runs or machines.",
    ]
    return Table(
        title="Web: requests/s and latency against a minimal Django view",
        columns=[
            "page",
            "path",
            "req/s",
            "p50 ms",
            "p95 ms",
            "ratio",
            "queries",
            "in-proc ms",
            "KB",
            "errors",
        ],
        rows=rows,
        notes=notes,
        data={"generator": generator, "ceiling_rps": ceiling, "targets": raw, "prepared": prepared},
    )


def _step(message: str) -> None:
    print(f"  web: {message}", file=sys.stderr, flush=True)


def _wrk_path() -> str:
    return shutil.which("wrk") or "python"


def _server_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "DEBUG",
            "ACCESS_LOG",
            "GUNICORN_CMD_ARGS",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env["CARECOMMONS_DATA_DIR"] = str(data_dir)
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _check_call(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stdout[-3000:]}\n"
            f"{done.stderr[-3000:]}"
        )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(
    name: str, command: list[str], env: dict[str, str], port: int, data_dir: Path
) -> Iterator[subprocess.Popen[bytes]]:
    log_path = data_dir / f"{name}-server.log"
    with log_path.open("wb") as log:
        # A session of its own: Ctrl-C in the terminal does not reach the server directly,
        # and stopping it means signalling the whole group (the arbiter and its workers).
        process = subprocess.Popen(  # noqa: S603 (our own fixed commands)
            command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_up(process, port, log_path)
            yield process
        finally:
            _stop(process)


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not listen on {port} within 30 s:\n{log_path.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _expect_ok(url: str) -> None:
    for _ in range(3):  # workers may still be booting after the arbiter listens
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http://127.0.0.1)
                if response.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            time.sleep(0.5)
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http://127.0.0.1)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}, not 200")


# --------------------------------------------------------------------------- load generators


def _load(generator: str, url: str, seconds: float) -> Load:
    if generator == "python":
        return _python_load(url, seconds)
    return _wrk_load(generator, url, seconds)


def _wrk_load(wrk: str, url: str, seconds: float) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        done = subprocess.run(  # noqa: S603 (wrk from PATH, loopback URL we built)
            [
                wrk,
                f"-t{LOAD_THREADS}",
                f"-c{CONNECTIONS}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    return Load(
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p95_ms=result["p95_us"] / 1000,
        errors=result["socket_errors"] + result["bad_status"],
    )


def _python_load(url: str, seconds: float) -> Load:
    """One keep-alive connection per thread, as many threads as wrk has connections."""
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, _, port = host_port.partition(":")
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors = [0] * CONNECTIONS
    start = threading.Barrier(CONNECTIONS + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        start.wait()
        mine = latencies[index]
        while (now := time.perf_counter()) < deadline[0]:
            try:
                connection.request("GET", "/" + path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[index] += 1
                mine.append(time.perf_counter() - now)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(value for per_thread in latencies for value in per_thread)
    return Load(
        requests=len(every),
        seconds=elapsed,
        p50_ms=_percentile(every, 50) * 1000,
        p95_ms=_percentile(every, 95) * 1000,
        errors=sum(errors),
    )


def _percentile(ordered: list[float], percent: float) -> float:
    if not ordered:
        return math.nan
    index = max(0, math.ceil(percent / 100 * len(ordered)) - 1)
    return ordered[index]


# --------------------------------------------------------------------------- prepare (child)


def prepare(data_dir: Path) -> dict[str, Any]:
    """Runs in its own process with CARECOMMONS_DATA_DIR set: seed, then measure in-process."""
    os.environ["CARECOMMONS_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecommons.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from carecommons.accounts.models import User
    from carecommons.community import services
    from carecommons.community.models import Discussion, Group, Reply

    group = (
        Group.objects.filter(visibility=Group.Visibility.PUBLIC)
        .annotate(listed=Count("discussions", filter=Q(discussions__deleted_at__isnull=True)))
        .order_by("-listed", "pk")
        .first()
    )
    if group is None:
        raise RuntimeError("the demo community has no public group")
    people = list(User.objects.filter(is_active=True).order_by("pk"))
    started = timezone.now() - timedelta(days=30)
    discussion = Discussion.objects.filter(title=BENCH_TITLE).first()
    if discussion is None:
        discussion = services.create_discussion(
            author=people[0],
            group=group,
            title=BENCH_TITLE,
            body="How did the first weeks go for you? **Counts**, sleep, school, work: all of it.",
            at=started,
        )
        posted: list[Reply] = []
        for number in range(1, REPLIES + 1):
            quote_of = posted[number - 8] if number % 10 == 0 and number > 8 else None
            posted.append(
                services.post_reply(
                    author=people[number % len(people)],
                    discussion=discussion,
                    body=_reply_body(number),
                    quote_of=quote_of,
                    at=started + timedelta(hours=number),
                )
            )
        discussion.refresh_from_db()
    per_page = int(settings.CARECOMMONS["REPLIES_PER_PAGE"])
    last_page = max(1, math.ceil(discussion.reply_count / per_page))
    base = discussion.get_absolute_url()
    small = (
        Discussion.objects.filter(
            group__visibility=Group.Visibility.PUBLIC,
            members_only=False,
            deleted_at__isnull=True,
            reply_count__gte=1,
            reply_count__lte=per_page,
        )
        .exclude(pk=discussion.pk)
        .order_by("reply_count", "pk")
        .last()
    )

    client = Client(HTTP_HOST="127.0.0.1")

    def measure(path: str) -> dict[str, Any]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # Read now: the next request's request_started signal clears the query log.
        sql = [query["sql"] for query in captured.captured_queries]
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process")
        for _ in range(3):
            client.get(path)
        timings = []
        for _ in range(IN_PROCESS_SAMPLES):
            began = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - began)
        return {
            "queries": len(sql),
            "sql": sql,
            "in_process_ms": statistics.median(timings) * 1000,
            "bytes": len(response.content),
        }

    pages = []
    for name, path in [
        ("home", "/"),
        ("group", group.get_absolute_url()),
        (f"discussion p1 ({discussion.reply_count} replies)", base),
        (f"discussion p{last_page} (last)", f"{base}?page={last_page}"),
    ]:
        pages.append({"name": name, "path": path, **measure(path)})
    small_queries = measure(small.get_absolute_url())["queries"] if small else None
    return {
        "pages": pages,
        "group": group.slug,
        "discussion_id": discussion.pk,
        "replies": discussion.reply_count,
        "big_queries": pages[2]["queries"],
        "small": {
            "path": small.get_absolute_url() if small else None,
            "replies": small.reply_count if small else None,
            "queries": small_queries,
        },
    }


def _reply_body(number: int) -> str:
    shapes = [
        "Thank you for writing this. Our week was similar: tired evenings, better mornings.",
        "We kept a small notebook of **temperatures** and questions for the clinic, which "
        "helped more than I expected.\n\n- what to ask\n- who to call at night\n- what to bring",
        "Same here. The nurse line (see https://example.org/nurse-line) was kind and quick.",
        "It took us about three weeks to find a rhythm. *Be gentle with yourself.*",
        "> it gets easier\n\nIt does, slowly. Small walks helped me most.",
    ]
    return f"{shapes[number % len(shapes)]}\n\n(reply {number})"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prepare":
        print(json.dumps(prepare(Path(sys.argv[2]))))
    else:
        print("usage: python -m bench.web prepare DATA_DIR  (or run `python -m bench`)")
        raise SystemExit(2)
