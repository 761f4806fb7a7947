"""The compiled handlers (`aiograpi_rest/handlers.py`) against FastAPI's own, in one process.

    .venv/bin/python bench/handlers.py            # 15 rounds of 300 calls per operation and mode
    .venv/bin/python bench/handlers.py --quick    # 3 rounds of 40 (a smoke run)

The machine's speed moves by more than the difference between two gateway runs minutes apart,
so this measures both ways in the same process, round by round: the gateway app is called as an
ASGI app (no HTTP server, so no uvicorn and no sockets on its side) against `aiograpi-rest
emulator` in its own process; each round runs the operation with the compiled handlers, with
FastAPI's handlers (the same static dispatch, the table swapped), and directly through the same
session's aiograpi client. A fourth mode is the gateway alone: the compiled handlers with the
session's client answering the operation's aiograpi call from memory (its first answer), so no
request leaves the process and what is measured is the gateway's own work. CPU per call is this
process's (`time.process_time`); the medians over the rounds are reported, and the differences
are taken within each round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import uvloop  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from aiograpi_rest import dispatch  # noqa: E402
from aiograpi_rest.app import create_app  # noqa: E402
from aiograpi_rest.config import Settings  # noqa: E402
from bench import procs, provenance  # noqa: E402
from bench.run import ACCOUNT, OPERATIONS, RESULTS, Emulator, Operation, Targets  # noqa: E402

Call = Callable[[], Awaitable[Any]]


class AsgiCaller:
    """Calls an ASGI app with one prebuilt request, as a server would hand it over."""

    def __init__(
        self, app: Any, method: str, path: str, query: dict[str, Any], form: dict | None, token: str | None
    ):
        self.app = app
        headers = [(b"host", b"gateway")]
        if token:
            headers.append((b"x-session-id", token.encode()))
        self.body = urlencode(form).encode() if form else b""
        if form:
            headers += [
                (b"content-type", b"application/x-www-form-urlencoded"),
                (b"content-length", str(len(self.body)).encode()),
            ]
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": urlencode(query).encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
        }

    async def __call__(self) -> bytes:
        done = False

        async def receive() -> dict[str, Any]:
            nonlocal done
            if done:
                await asyncio.Event().wait()  # the client never disconnects
            done = True
            return {"type": "http.request", "body": self.body, "more_body": False}

        status, chunks = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(dict(self.scope), receive, send)
        if status != 200:
            raise RuntimeError(f"{self.scope['path']} answered {status}: {b''.join(chunks)[:300]!r}")
        return b"".join(chunks)


async def cpu_per_call(call: Call, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        await call()
    return (time.process_time() - started) * 1000 / n


async def measure(
    app: Any, emulator: Emulator, op: Operation, targets: Targets, token: str, rounds: int, n: int
) -> dict[str, Any]:
    front = app._front.app  # the StaticDispatch, built by the first request
    compiled = front.table
    fastapis = {
        key: (front.guard(handler), route)
        for key, (handler, route) in dispatch.route_table(app, compiled=False).items()
    }
    gateway = AsgiCaller(
        app, op.method, op.path, op.query(targets), op.form(targets) if op.form else None, token
    )
    services = app.state.services
    record = await services.store.get_cached(token)

    async def direct() -> None:
        async with services.pool.client(record) as cl:
            await op.direct(cl, targets)

    async with services.pool.client(record) as client:
        answer = await op.direct(client, targets)

    async def remembered(*args: Any) -> Any:
        return answer

    async def own() -> bytes:
        # The session's client answers the operation's aiograpi call from memory: what is left
        # is the gateway's own work (this harness's ASGI call costs 2-3 µs of it).
        setattr(client, op.call, remembered)
        try:
            return await gateway()
        finally:
            delattr(client, op.call)

    front.table = fastapis
    assert await gateway() == (await _with(front, compiled, gateway)), "both handlers answer the same"
    assert await own() == await gateway(), "the remembered call answers as the upstream one"
    await emulator.clear_log()
    await own()
    upstream_calls_own = await emulator.calls()  # none, when the call was answered from memory
    samples: dict[str, list[float]] = {"compiled": [], "fastapi": [], "direct": [], "own": []}
    for round_ in range(rounds):
        # The order turns every round, so neither mode always runs first.
        for mode in ("compiled", "fastapi", "direct", "own")[:: 1 if round_ % 2 else -1]:
            if mode in ("direct", "own"):
                samples[mode].append(await cpu_per_call(direct if mode == "direct" else own, n))
            else:
                front.table = compiled if mode == "compiled" else fastapis
                samples[mode].append(await cpu_per_call(gateway, n))
    front.table = compiled
    med = {mode: statistics.median(v) for mode, v in samples.items()}
    saved = statistics.median(f - c for f, c in zip(samples["fastapi"], samples["compiled"], strict=True))
    over = statistics.median(c - d for c, d in zip(samples["compiled"], samples["direct"], strict=True))
    over_before = statistics.median(f - d for f, d in zip(samples["fastapi"], samples["direct"], strict=True))
    return {
        "operation": op.name,
        "rounds": rounds,
        "calls_per_round": n,
        "cpu_ms_compiled": round(med["compiled"], 3),
        "cpu_ms_fastapi": round(med["fastapi"], 3),
        "cpu_ms_direct": round(med["direct"], 3),
        "cpu_ms_own": round(med["own"], 3),
        "upstream_calls_own": upstream_calls_own,
        "saved_ms": round(saved, 3),
        "gateway_minus_direct_ms": round(over, 3),
        "gateway_minus_direct_ms_fastapi_handlers": round(over_before, 3),
    }


async def _with(front: Any, table: dict, call: Call) -> Any:
    before, front.table = front.table, table
    try:
        return await call()
    finally:
        front.table = before


async def bench(rounds: int, n: int, tmp: Path) -> list[dict[str, Any]]:
    port = procs.free_port()
    emulator = procs.Server("emulator", ["emulator"], {}, port, tmp / "emulator.log")
    control: Emulator | None = None
    try:
        emulator.wait_ready("/__emulator/accounts")
        control = Emulator(emulator)
        targets = await control.targets()
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp}/gateway.db",
            upstream=emulator.url,
            secret_key=Fernet.generate_key().decode(),
            pacing_min_interval=0,
            pacing_jitter=0,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            login = AsgiCaller(
                app, "POST", "/auth/login", {}, {"username": ACCOUNT[0], "password": ACCOUNT[1]}, None
            )
            token = json.loads(await login())
            rows = []
            for op in OPERATIONS:
                for _ in range(max(n // 4, 10)):  # warm: the client, caches, the first answers
                    await AsgiCaller(
                        app,
                        op.method,
                        op.path,
                        op.query(targets),
                        op.form(targets) if op.form else None,
                        token,
                    )()
                rows.append(await measure(app, control, op, targets, token, rounds, n))
            return rows
    finally:
        if control is not None:
            await control.http.aclose()
        emulator.stop()


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| operation | CPU ms/call, compiled handlers | FastAPI's handlers | direct aiograpi | saved per call | gateway − direct, compiled | gateway − direct, FastAPI's | gateway alone (call answered from memory) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['operation']} | {r['cpu_ms_compiled']:.3f} | {r['cpu_ms_fastapi']:.3f} | {r['cpu_ms_direct']:.3f} "
            f"| {r['saved_ms']:.3f} | {r['gateway_minus_direct_ms']:.3f} | {r['gateway_minus_direct_ms_fastapi_handlers']:.3f} "
            f"| {r['cpu_ms_own']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 rounds of 40 calls (a smoke run)")
    parser.add_argument("--rounds", type=int, help="rounds per operation (default 15; quick 3)")
    parser.add_argument("--calls", type=int, help="calls per round and mode (default 300; quick 40)")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/handlers-<time>.json)")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 15)
    calls = args.calls or (40 if args.quick else 300)
    out = args.out or RESULTS / f"handlers-{time.strftime('%Y%m%d-%H%M%S')}.json"
    return provenance.record(
        lambda tmp: {"rows": uvloop.run(bench(rounds, calls, tmp))},
        mode="quick" if args.quick else "full",
        plan={"rounds": rounds, "calls_per_round": calls},
        out=out,
        render=lambda result: markdown(result["rows"]),
        prefix="aiograpi-rest-bench-handlers-",
    )


if __name__ == "__main__":
    raise SystemExit(main())
