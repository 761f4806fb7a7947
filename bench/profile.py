"""Sampling the gateway with py-spy while a run is under way, and the costs it found."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

_LINE = re.compile(r":\d+\)$")

# Where the gateway's time goes, named by the first matching frame from the leaf up. Samples of
# threads waiting for work (aiosqlite's and the thread pool's) are idle, not costs.
IDLE = re.compile(
    r"_connection_worker_thread \(aiosqlite/core\.py:\d+\)|Condition\.wait \(threading|_worker \("
)
COSTS = [
    ("failed `import sniffio` in httpcore, per lock", re.compile(r"current_async_library")),
    (
        "session lookup (the store: SQLite on the loop's thread, SQLAlchemy, aiosqlite)",
        re.compile(r"SessionStore\.|sqlite_reads|aiosqlite|sqlalchemy"),
    ),
    ("thread-pool hop for a sync dependency", re.compile(r"run_in_threadpool|to_thread|run_sync_in_worker")),
    ("pool: lock, pacing, settings write-back", re.compile(r"ClientPool\.")),
    ("cookie jar of aiograpi's httpx clients", re.compile(r"cookiejar|Cookies\.")),
    ("HTTP client to the emulator (httpx, httpcore, h11)", re.compile(r"[(/](httpx|httpcore|h11|anyio)/")),
    ("aiograpi: build the request, parse the answer", re.compile(r"aiograpi/")),
    (
        "response serialization",
        re.compile(r"serialize_response|ModelField\.serialize|FastJSONResponse|jsonable_encoder"),
    ),
    (
        "the handler outside the endpoint: parameters, dependencies, the session's entry and exit",
        re.compile(r"solve_dependencies|aiograpi_rest/(deps|handlers)\.py"),
    ),
    ("route matching (FastAPI)", re.compile(r"\bmatches \(|_match \(|Router\.__call__")),
    ("access log line and metrics", re.compile(r"logging/|prometheus_client")),
    ("middleware stack (Starlette/FastAPI)", re.compile(r"Middleware\.__call__|wrapped_app|telemetry")),
    ("uvicorn HTTP protocol", re.compile(r"httptools_impl|uvicorn/")),
    # No Python frame above the loop: uvloop's own C code, and also time spent waiting in
    # epoll_pwait that py-spy's sampling without pausing the process counts as busy (a `--native`
    # sample of the gateway at c=1 found 79 of 119 such samples there). perf counts uvloop's code
    # at 0.05 ms per request in the gateway and the floor alike.
    ("event loop: uvloop's C code and waits sampled as busy", re.compile(r"Runner\.run|uvloop")),
]


def _py_spy() -> str:
    beside = Path(sys.executable).parent / "py-spy"
    found = shutil.which("py-spy") or (str(beside) if beside.exists() else None)
    if found is None:
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install -e '.[test]'")
    return found


def start(pid: int, seconds: float, out: Path) -> subprocess.Popen:
    """Sample every thread of `pid` (and its workers) for `seconds`, into py-spy's collapsed format."""
    args = [_py_spy(), "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "--rate", "250"]
    args += ["--duration", str(math.ceil(seconds)), "--format", "raw", "--output", str(out)]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(sampler: subprocess.Popen, out: Path, cpu_ms_per_req: float, top: int = 15) -> dict[str, Any]:
    """The summary of what `start` sampled, each cost also in ms of gateway CPU per request."""
    _, err = sampler.communicate(timeout=60)
    if sampler.returncode != 0 or not out.exists():
        return {"error": err.decode(errors="replace")[-500:]}
    summary = summarize(out, top)
    for cost in summary["costs"]:
        cost["ms_per_req"] = round(cost["percent"] / 100 * cpu_ms_per_req, 3)
    return summary


def _function(frame: str) -> str:
    # "name (path/to/module.py:123)" -> "name (module.py)": one entry per function, not per line.
    name, _, where = frame.partition(" (")
    return f"{name} ({Path(_LINE.sub('', where.rstrip(')'))).name})" if where else name


def summarize(path: Path, top: int = 15) -> dict[str, Any]:
    """Busy samples by cost (`COSTS`), and self and inclusive shares per function, from py-spy's
    `--format raw` output."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    costs: Counter[str] = Counter()
    total = idle = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        raw = stack.split(";")[1:]  # the first frame names the process
        if not raw or IDLE.search(raw[-1]):
            idle += n
            continue
        total += n
        costs[_cost(raw)] += n
        frames = [_function(f) for f in raw]
        own[frames[-1]] += n
        for f in set(frames):
            inclusive[f] += n

    def share(counter: Counter[str]) -> list[dict[str, Any]]:
        return [{"function": f, "percent": round(100 * n / total, 1)} for f, n in counter.most_common(top)]

    return {
        "samples": total,
        "idle_samples": idle,
        "costs": share(costs),
        "self": share(own),
        "inclusive": share(inclusive),
        "file": str(path),
    }


def _cost(frames: list[str]) -> str:
    for frame in reversed(frames):
        for label, pattern in COSTS:
            if pattern.search(frame):
                return label
    return "other"
