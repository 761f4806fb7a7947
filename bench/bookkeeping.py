"""What the gateway's bookkeeping costs per request: the access line, the metrics, reading a form.

    .venv/bin/python bench/bookkeeping.py          # CPU µs per request, each way, medians of 7
    .venv/bin/python bench/bookkeeping.py --quick  # one round of 2,000 (a smoke run)

The access line is timed as `serve` configures logging (`logs.setup_logging`, text and JSON),
written to /dev/null, with Python's default record attributes (`logging.logThreads` and the
others on, the caller's frame looked up) and as `logs.stderr_handler` sets them; the metrics
through `labels()` on every request and through `Metrics.count`; the urlencoded body of
`POST /media/like` read by Starlette's `FormParser` and by `urlencoded.parse`. Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from starlette.datastructures import Headers  # noqa: E402
from starlette.formparsers import FormParser  # noqa: E402

from aiograpi_rest import urlencoded  # noqa: E402
from aiograpi_rest.logs import setup_logging  # noqa: E402
from aiograpi_rest.observability import Metrics  # noqa: E402

FULL, QUICK = (20_000, 7), (2_000, 1)  # calls per round, rounds
# What the logging module starts with, read before `logs.stderr_handler` switches it off.
PYTHON_DEFAULTS = {
    name: getattr(logging, name)
    for name in ("_srcfile", "logThreads", "logProcesses", "logMultiprocessing", "logAsyncioTasks")
    if hasattr(logging, name)
}
FIELDS = {"request_id": "3f9c2a1b7d4e6f80", "method": "GET", "route": "/user", "status": 200}


def cpu_us(call: Callable[[], object], plan: tuple[int, int]) -> float:
    """Median over the plan's rounds of the CPU µs per call."""
    calls, rounds = plan
    each = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(calls):
            call()
        each.append((time.process_time() - started) * 1e6 / calls)
    return round(statistics.median(each), 2)


def access_line(fmt: str, python_defaults: bool, plan: tuple[int, int]) -> float:
    setup_logging("INFO", fmt)
    if python_defaults:
        for name, value in PYTHON_DEFAULTS.items():
            setattr(logging, name, value)
    handler = logging.getLogger().handlers[0]
    handler.setStream(open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
    log = logging.getLogger("aiograpi_rest.access")
    fields = {**FIELDS, "duration_ms": 3.21}
    args = (FIELDS["request_id"], "GET", "/user", 200, 3.21)
    return cpu_us(lambda: log.info("%s %s %s %s %.1fms", *args, extra={"fields": fields}), plan)


def metrics(cached: bool, plan: tuple[int, int]) -> float:
    m = Metrics()
    if cached:
        return cpu_us(lambda: m.count("/user", "GET", 200, 0.0032), plan)
    return cpu_us(
        lambda: (
            m.requests.labels("/user", "GET", "200").inc(),
            m.latency.labels("/user", "GET").observe(0.0032),
        ),
        plan,
    )


LIKE_BODY = b"media_id=3141592653589793238_25025320"
FORM_HEADERS = Headers({"content-type": "application/x-www-form-urlencoded"})


def _done(coroutine: Any) -> Any:
    # FormParser is async but never waits on a body given whole: run it to its end at once.
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("the form parser waited")


def starlette_form() -> Any:
    async def body() -> AsyncIterator[bytes]:
        yield LIKE_BODY

    return _done(FormParser(FORM_HEADERS, body()).parse())


def form(ours: bool, plan: tuple[int, int]) -> float:
    assert urlencoded.parse(LIKE_BODY) == starlette_form()
    return cpu_us((lambda: urlencoded.parse(LIKE_BODY)) if ours else starlette_form, plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one round of 2,000 calls (a smoke run)")
    plan = QUICK if parser.parse_args(argv).quick else FULL
    result = {
        "calls_per_round": plan[0],
        "rounds": plan[1],
        "access_line_us": {
            f"{fmt}, {'python defaults' if defaults else 'as configured'}": access_line(fmt, defaults, plan)
            for fmt in ("text", "json")
            for defaults in (True, False)
        },
        "metrics_us": {"labels() per request": metrics(False, plan), "Metrics.count": metrics(True, plan)},
        "form_us": {"Starlette's FormParser": form(False, plan), "urlencoded.parse": form(True, plan)},
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
