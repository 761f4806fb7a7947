"""Benchmark: the gateway against direct aiograpi calls on one emulator, and how it scales with sessions.

    .venv/bin/python bench/run.py            # full run (a few minutes): table on stdout, JSON in bench/results/
    .venv/bin/python bench/run.py --quick    # CI smoke, about 10 s
    .venv/bin/python bench/run.py --profile  # also py-spy on the gateway and the floor during GET /user
    .venv/bin/python bench/run.py --repeats 5 # alternate gateway and direct runs 5 times (full: 3), medians

Starts `aiograpi-rest emulator` and `aiograpi-rest serve` (SQLite in a temporary folder, pacing off)
on loopback ports, logs 16 sessions in through the API, and measures each operation at concurrency 1
and 16 through the gateway and, in the same run against the same emulator, directly through
`Upstream(base_url).new_client()` (the aiograpi Client the gateway itself uses). The emulator's
request log counts upstream calls per REST call; /proc gives the servers' CPU and memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

if __package__ in (None, ""):  # run as a script: make `bench` importable
    # Appended, not prepended: PYTHONPATH may point at another checkout to measure (before/after).
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import uvloop  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from aiograpi_rest.serving import tune_gc  # noqa: E402
from aiograpi_rest.upstream import GatewayClient, Upstream, close_client  # noqa: E402
from bench import procs, profile, provenance, report, store_bench  # noqa: E402
from bench.load import LoadResult, run_load  # noqa: E402
from bench.rawhttp import RawClient  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
BARE_APP = Path(__file__).resolve().parent / "bare.py"
DISPATCH = Path(__file__).resolve().parent / "dispatch.py"
SESSIONS = 16
ACCOUNT = ("demo", "demo-password")
BARE_TOKENS = [f"igr_bench{i}" for i in range(SESSIONS)]  # bare.py's clients, by X-Session-ID
FLOOR = "bare + aiograpi"  # bare.py making the operation's aiograpi call: the gateway's floor
TARGET_USER = "travel_star"  # 135 followers: a followers page of 20 is one upstream page


class Bounds(Protocol):
    """How long one measured run may last: what `measure` reads of a plan."""

    seconds: float
    max_requests: int


@dataclass(frozen=True)
class Plan:
    seconds: float  # per measured run
    max_requests: int  # per measured run
    concurrency: tuple[int, ...]
    lookup_sizes: tuple[int, ...]
    lookup_samples: int
    cached_clients: int
    workers: tuple[int, ...]
    repeats: int  # gateway and direct runs alternate this many times; the medians are reported


FULL = Plan(6.0, 4000, (1, 16), (1, 10_000, 1_000_000), 3000, 1000, (1, 2), 3)
QUICK = Plan(0.2, 60, (1, 16), (1, 10_000), 200, 100, (1,), 1)


@dataclass(frozen=True)
class Targets:
    """What the operations act on, read from the emulator's control API."""

    user_id: str
    media_id: str


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    query: Callable[[Targets], dict[str, Any]]
    form: Callable[[Targets], dict[str, Any]] | None
    # The aiograpi call the route makes, for the direct comparison: the method and its arguments.
    call: str
    args: Callable[[Targets], tuple[Any, ...]]

    async def direct(self, cl: GatewayClient, targets: Targets) -> Any:
        return await getattr(cl, self.call)(*self.args(targets))


OPERATIONS = [
    Operation(
        "GET /user",
        "GET",
        "/user",
        lambda t: {"user_id": t.user_id},
        None,
        "user_info_v1",
        lambda t: (t.user_id,),
    ),
    Operation(
        "GET /user/followers",
        "GET",
        "/user/followers",
        lambda t: {"user_id": t.user_id, "amount": 20},
        None,
        "user_followers_v1_chunk",
        lambda t: (t.user_id, 20, ""),
    ),
    Operation(
        "POST /media/like",
        "POST",
        "/media/like",
        lambda t: {},
        lambda t: {"media_id": t.media_id},
        "media_like",
        lambda t: (t.media_id,),
    ),
]


class Emulator:
    """The emulator server's control API, seen from the benchmark."""

    def __init__(self, server: procs.Server) -> None:
        self.server = server
        self.http = httpx.AsyncClient(base_url=server.url, timeout=30)

    async def targets(self) -> Targets:
        view = (await self.http.get(f"/__emulator/users/{TARGET_USER}")).json()
        return Targets(str(view["user"]["pk"]), view["media"][0]["id"])

    async def clear_log(self) -> None:
        (await self.http.delete("/__emulator/log")).raise_for_status()

    async def calls(self) -> int:
        return len((await self.http.get("/__emulator/log")).json()["entries"])


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure(
    mode: str,
    op: Operation,
    concurrency: int,
    call: Callable[[int], Awaitable[None]],
    plan: Bounds,
    emulator: Emulator | None,
    server_pids: Sequence[int],
) -> dict[str, Any]:
    """One bounded run; CPU is the servers' (summed), or this process's for direct calls (no
    servers). `emulator` is None for the bare app, which calls nothing upstream."""
    await run_load(call, concurrency, 5.0, max(20, concurrency * 3))  # warm-up: every client built and used
    if emulator:
        await emulator.clear_log()
        em_before = procs.usage(emulator.server.pid).cpu
    before = sum(procs.usage(pid).cpu for pid in server_pids)
    own_before = _own_cpu()
    result: LoadResult = await run_load(call, concurrency, plan.seconds, plan.max_requests)
    own = _own_cpu() - own_before
    server = procs.total([procs.usage(pid) for pid in server_pids]) if server_pids else None
    cpu = server.cpu - before if server else own
    n = max(result.requests, 1)
    row = {
        "mode": mode,
        "operation": op.name,
        **result.to_json(),
        "cpu_ms_per_req": round(cpu / n * 1000, 3),
        "cpu_of": "server" if server else "caller (aiograpi in the benchmark process)",
        # What the load generator itself spent (taken from the same two cores).
        "loadgen_cpu_ms_per_req": round(own / n * 1000, 3) if server else None,
        "peak_rss_mb": round(server.peak_rss_kb / 1024, 1) if server else None,
        "gateway_processes": server.processes if server else None,
    }
    if emulator:
        upstream = await emulator.calls()
        row["upstream_calls"] = upstream
        row["upstream_per_call"] = round(upstream / n, 3)
        row["emulator_cpu_ms_per_req"] = round(
            (procs.usage(emulator.server.pid).cpu - em_before) / n * 1000, 3
        )
    print(
        f"  {mode:<14} {op.name:<20} c={concurrency:<3} {row['rps']:>7.1f} req/s  p50 {row['p50_ms']:.2f} ms  "
        f"cpu {row['cpu_ms_per_req']:.2f} ms/req",
        flush=True,
    )
    return row


_MEDIAN_FIELDS = (
    "rps",
    "p50_ms",
    "p90_ms",
    "p99_ms",
    "cpu_ms_per_req",
    "loadgen_cpu_ms_per_req",
    "emulator_cpu_ms_per_req",
    "peak_rss_mb",
)


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for repeated runs: the median of each figure, the sum of the counts."""
    row = dict(runs[0])
    for key in _MEDIAN_FIELDS:
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            row[key] = round(statistics.median(values), 3)
    for key in ("requests", "errors", "upstream_calls"):
        if key in row:
            row[key] = sum(r[key] for r in runs)
    if "upstream_calls" in row:
        row["upstream_per_call"] = round(row["upstream_calls"] / max(row["requests"], 1), 3)
    row["repeats"] = len(runs)
    return row


def gateway_call(
    raw: RawClient, op: Operation, targets: Targets, tokens: list[str]
) -> Callable[[int], Awaitable[None]]:
    form = op.form(targets) if op.form else None
    requests = [
        raw.build(op.method, op.path, op.query(targets), form, {"X-Session-ID": token}) for token in tokens
    ]

    async def call(index: int) -> None:
        status, body = await raw.send(index, requests[index % len(requests)])
        if status != 200:
            raise RuntimeError(f"{op.name} answered {status}: {body[:200]!r}")

    return call


async def answer_of(http: httpx.AsyncClient, op: Operation, targets: Targets, token: str) -> dict[str, Any]:
    """What the gateway answers `op`, for the bare app to answer the same (uvicorn adds the rest)."""
    form = op.form(targets) if op.form else None
    r = await http.request(
        op.method, op.path, params=op.query(targets), data=form, headers={"X-Session-ID": token}
    )
    headers = [[k, v] for k, v in r.headers.items() if k not in ("date", "server")]
    return {"status": r.status_code, "headers": headers, "body": r.text}


def direct_call(
    clients: list[GatewayClient], op: Operation, targets: Targets
) -> Callable[[int], Awaitable[None]]:
    locks = [asyncio.Lock() for _ in clients]

    async def call(index: int) -> None:
        # One call at a time per client, as the gateway's pool does.
        async with locks[index % len(clients)]:
            await op.direct(clients[index % len(clients)], targets)

    return call


async def login_direct(upstream: Upstream, n: int) -> list[GatewayClient]:
    async def one() -> GatewayClient:
        cl = upstream.new_client()
        await cl.login(*ACCOUNT)
        return cl

    return list(await asyncio.gather(*(one() for _ in range(n))))


async def login_gateway(http: httpx.AsyncClient, n: int) -> list[str]:
    async def one() -> str:
        r = await http.post("/auth/login", data={"username": ACCOUNT[0], "password": ACCOUNT[1]})
        r.raise_for_status()
        return r.json()

    return list(await asyncio.gather(*(one() for _ in range(n))))


def gateway_env(database_url: str, emulator_url: str, secret_key: str) -> dict[str, str]:
    """A measured gateway's settings: pacing off, so the figures are the gateway's own cost."""
    return {
        "AIOGRAPI_REST_DATABASE_URL": database_url,
        "AIOGRAPI_REST_SECRET_KEY": secret_key,
        "AIOGRAPI_REST_UPSTREAM": emulator_url,
        "AIOGRAPI_REST_PACING_MIN_INTERVAL": "0",
        "AIOGRAPI_REST_PACING_JITTER": "0",
    }


def start_gateway(
    tmp: Path, emulator_url: str, workers: int, secret_key: str, pool_size: int
) -> procs.Server:
    env = {
        **gateway_env(f"sqlite+aiosqlite:///{tmp / f'gateway-w{workers}.db'}", emulator_url, secret_key),
        "AIOGRAPI_REST_POOL_SIZE": str(pool_size),
    }
    return procs.Server(
        f"gateway (workers={workers})",
        ["serve", "--workers", str(workers)],
        env,
        procs.free_port(),
        tmp / f"gateway-w{workers}.log",
    )


async def cached_client_memory(
    gateway: procs.Server, db: Path, secret_key: str, session: dict[str, Any], n: int, workers: int
) -> dict[str, Any]:
    """Gateway RSS growth while `n` new sessions each get their client built and cached.

    Run on a fresh gateway, before any load: memory freed by earlier work would otherwise be
    reused by the new clients and hide their cost.
    """
    tokens = await store_bench.add_sessions(db, secret_key, session, n + 1)
    async with httpx.AsyncClient(base_url=gateway.url, timeout=60) as http:

        async def first_use(token: str) -> None:
            # Builds and caches the session's client; makes no upstream call.
            r = await http.get("/auth/settings", headers={"X-Session-ID": token})
            r.raise_for_status()

        for _ in range(20):  # the first requests load code and build caches: not client memory
            await first_use(tokens[0])
        before = procs.usage(gateway.pid).rss_kb
        queue = iter(tokens[1:])

        async def worker() -> None:
            for token in queue:
                await first_use(token)

        await asyncio.gather(*(worker() for _ in range(8)))
        after = procs.usage(gateway.pid).rss_kb
    growth = after - before
    return {
        "workers": workers,
        "clients": n,
        "rss_before_mb": round(before / 1024, 1),
        "rss_growth_mb": round(growth / 1024, 2),
        "kb_per_client": round(growth / n, 1),
    }


async def bench_gateway(
    tmp: Path,
    emulator: Emulator,
    workers: int,
    plan: Plan,
    targets: Targets,
    ops: list[Operation],
    direct: list[GatewayClient] | None,
    secret_key: str,
    session: dict[str, Any],
    gateway: procs.Server,
    profile_to: Path | None,
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """Every operation at every concurrency through one gateway and, when given direct clients,
    through the bare app making the same aiograpi call and directly; also each operation's
    answer, for the bare app."""
    db = tmp / f"gateway-w{workers}.db"
    memory = await cached_client_memory(gateway, db, secret_key, session, plan.cached_clients, workers)
    rows, answers = [], {}
    raw = RawClient(gateway.url)
    async with httpx.AsyncClient(base_url=gateway.url, timeout=60) as http:
        tokens = await login_gateway(http, SESSIONS)
        for op in ops:
            answers[op.name] = await answer_of(http, op, targets, tokens[0])
    floor = start_bare(tmp, ops, answers, emulator.server.url, targets) if direct else None
    floor_raw = RawClient(floor.url) if floor else None
    try:
        for op in ops:
            for c in plan.concurrency:
                mode = f"gateway w{workers}"
                call = gateway_call(raw, op, targets, tokens[:c])
                runs, floor_runs, direct_runs = [], [], []
                # Alternated, so that other work on the machine weighs on all sides alike.
                for i in range(plan.repeats):
                    # The gateway and the floor sampled in the same repeat: what differs is ours.
                    profiled = profile_to if i == 0 and op.name == "GET /user" else None
                    run = measure(mode, op, c, call, plan, emulator, [gateway.pid])
                    to = profile_file(profiled, mode, c)
                    runs.append(await sampled(run, gateway.pid, to, plan.seconds))
                    if floor and floor_raw:
                        fcall = gateway_call(floor_raw, op, targets, BARE_TOKENS[:c])
                        run = measure(FLOOR, op, c, fcall, plan, emulator, [floor.pid])
                        to = profile_file(profiled, FLOOR, c)
                        floor_runs.append(await sampled(run, floor.pid, to, plan.seconds))
                    if direct:
                        dcall = direct_call(direct[:c], op, targets)
                        direct_runs.append(await measure("direct", op, c, dcall, plan, emulator, []))
                measured = [(median_row(r), r) for r in (runs, floor_runs) if r]
                rows += [row for row, _ in measured]
                if direct_runs:
                    drow = median_row(direct_runs)
                    for row, each in measured:
                        compare_to_direct(row, drow, each, direct_runs)
                    rows.append(drow)
    finally:
        await raw.aclose()
        if floor and floor_raw:
            await floor_raw.aclose()
            floor.stop()
    return rows, memory, answers


async def sampled(
    run: Awaitable[dict[str, Any]], pid: int, to: Path | None, seconds: float
) -> dict[str, Any]:
    """`run`'s row; with `to`, also what py-spy found in `pid` meanwhile (raw stacks in `to`)."""
    if to is None:
        return await run
    sampler = profile.start(pid, seconds, to)
    row = await run
    row["profile"] = profile.finish(sampler, to, row["cpu_ms_per_req"])
    return row


def profile_file(prefix: Path | None, mode: str, c: int) -> Path | None:
    """Where the stacks of one sampled run go: `<prefix>.<mode>.c<concurrency>.pyspy.txt`."""
    if prefix is None:
        return None
    return prefix.with_name(f"{prefix.name}.{mode.replace(' ', '-')}.c{c}.pyspy.txt")


def _against(run: dict[str, Any], direct: dict[str, Any]) -> dict[str, float | None]:
    return {
        "p50_minus_direct_ms": round(run["p50_ms"] - direct["p50_ms"], 3),
        "rps_vs_direct": round(run["rps"] / direct["rps"], 3) if direct["rps"] else None,
        "cpu_minus_direct_ms": round(run["cpu_ms_per_req"] - direct["cpu_ms_per_req"], 3),
    }


def compare_to_direct(
    row: dict[str, Any],
    drow: dict[str, Any],
    runs: Sequence[dict[str, Any]] = (),
    direct_runs: Sequence[dict[str, Any]] = (),
) -> None:
    """`row` (medians) against the direct call's medians; with the runs behind both, also each
    repeat's run against the direct run it alternated with (`*_each`): how far one repeat moves."""
    row["p50_vs_direct"] = round(row["p50_ms"] / drow["p50_ms"], 2)
    row.update(_against(row, drow))
    pairs = [_against(a, b) for a, b in zip(runs, direct_runs, strict=True)]
    for key in pairs[0] if pairs else ():
        row[f"{key.removesuffix('_ms')}_each"] = [p[key] for p in pairs if p[key] is not None]


def start_bare(
    tmp: Path,
    ops: list[Operation],
    answers: dict[str, Any],
    upstream_url: str | None = None,
    targets: Targets | None = None,
) -> procs.Server:
    """bench/bare.py answering `ops` with the gateway's answers; with `upstream_url`, making each
    operation's aiograpi call first. Raises RuntimeError when it does not come up."""
    by_request = {f"{op.method} {op.path}": answers[op.name] for op in ops}
    name = FLOOR if upstream_url else "bare ASGI"
    stem = name.replace(" ", "-")
    answers_file = tmp / f"{stem}.json"
    answers_file.write_text(json.dumps(by_request))
    args = [str(answers_file)]
    if upstream_url and targets:
        args += ["--upstream", upstream_url, "--targets", f"{targets.user_id},{targets.media_id}"]
    server = procs.Server(
        name,
        args,
        {},
        procs.free_port(),
        tmp / f"{stem}.log",
        command=[sys.executable, str(BARE_APP)],
    )
    try:
        server.wait_ready("/health-of-nothing", expect=404)
    except RuntimeError:
        server.stop()
        raise
    return server


async def bench_bare(
    tmp: Path, plan: Plan, targets: Targets, ops: list[Operation], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The HTTP hop alone: the bare app answering the same requests with the same bytes."""
    rows = []
    try:
        bare = start_bare(tmp, ops, answers)
    except RuntimeError as exc:  # a checkout measured through PYTHONPATH may predate it
        print(f"  not measured: {exc}", flush=True)
        return rows
    try:
        raw = RawClient(bare.url)
        for op in ops:
            for c in plan.concurrency:
                call = gateway_call(raw, op, targets, BARE_TOKENS[:c])
                runs = [
                    await measure("bare ASGI", op, c, call, plan, None, [bare.pid])
                    for _ in range(plan.repeats)
                ]
                rows.append(median_row(runs))
        await raw.aclose()
    finally:
        bare.stop()
    return rows


async def available_operations(gateway_url: str) -> list[Operation]:
    async with httpx.AsyncClient(base_url=gateway_url) as http:
        paths = (await http.get("/openapi.json")).json()["paths"]
    ops = [op for op in OPERATIONS if op.method.lower() in paths.get(op.path, {})]
    for op in OPERATIONS:
        if op not in ops:
            print(f"  {op.name}: not served by this gateway yet, skipped")
    return ops


def find_run(runs: list[dict[str, Any]], mode: str, op: str, c: int) -> dict[str, Any] | None:
    return next((r for r in runs if (r["mode"], r["operation"], r["concurrency"]) == (mode, op, c)), None)


def targets_met(result: dict[str, Any]) -> list[dict[str, Any]]:
    runs = result["runs"]

    out: list[dict[str, Any]] = []

    def target(name: str, value: float | None, goal: str, met: bool, each: list[float] | None = None) -> None:
        """`each`: the figure of each repeat alone (the target is judged on `value`, the medians)."""
        out.append({"name": name, "value": value, "goal": goal, "met": value is not None and met})
        if each:
            out[-1]["each"] = each

    for r in runs:
        if r["mode"] != "gateway w1" or "rps_vs_direct" not in r:
            continue
        op, c = r["operation"], r["concurrency"]
        if c > 1:
            v = r["rps_vs_direct"]
            target(f"{op} req/s ÷ direct, c={c}", v, ">= 0.90", v >= 0.9, r.get("rps_vs_direct_each"))
            continue
        v = r["p50_minus_direct_ms"]
        target(f"{op} p50 − direct p50, c=1 (ms)", v, "<= 1", v <= 1, r.get("p50_minus_direct_each"))
        v = r["cpu_minus_direct_ms"]
        target(f"{op} CPU − direct CPU, c=1 (ms/req)", v, "<= 1", v <= 1, r.get("cpu_minus_direct_each"))
        bare = find_run(runs, "bare ASGI", op, 1)
        if bare:
            v = round(r["cpu_minus_direct_ms"] - bare["cpu_ms_per_req"], 3)
            each = [round(x - bare["cpu_ms_per_req"], 3) for x in r.get("cpu_minus_direct_each", [])]
            target(f"{op} CPU − direct CPU − bare HTTP hop, c=1 (ms/req)", v, "<= 0.5", v <= 0.5, each)
    dispatch = result.get("dispatch")
    if dispatch:
        costs = [row["static_dispatch_us"] for row in dispatch["rows"]]
        target("dispatch, worst of first and last mounted (µs)", max(costs), "< 20", max(costs) < 20)
        v = round(max(costs) / max(min(costs), 1e-9), 2)
        target("dispatch, last mounted ÷ first mounted (or back)", v, "<= 1.10", v <= 1.1)
    gateway_runs = [r for r in runs if r["mode"].startswith("gateway")]
    worst = max((r["upstream_per_call"] for r in gateway_runs), default=None)
    target("upstream calls per REST call (worst run)", worst, "== 1.00", worst == 1.0)
    lookups = result["lookup"]
    ratio = round(lookups[-1]["p50_ms"] / lookups[0]["p50_ms"], 2)
    target(f"lookup p50 at {lookups[-1]['sessions']:,} ÷ at 1", ratio, "<= 1.5", ratio <= 1.5)
    per_client = max(m["kb_per_client"] for m in result["cached_clients"])
    target("KB RSS per cached client (worst)", per_client, "<= 100", per_client <= 100)
    return out


def floor_figures(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per operation, the gateway against its floor (bare.py making the same aiograpi call): what
    the floor itself costs over a direct call, and what the gateway costs over the floor."""
    out = []
    for floor in (r for r in runs if r["mode"] == FLOOR):
        op, c = floor["operation"], floor["concurrency"]
        gateway = find_run(runs, "gateway w1", op, c)
        if gateway is None:
            continue
        out.append(
            {
                "operation": op,
                "concurrency": c,
                "floor_rps_vs_direct": floor.get("rps_vs_direct"),
                "gateway_rps_vs_floor": round(gateway["rps"] / floor["rps"], 3) if floor["rps"] else None,
                "floor_cpu_minus_direct_ms": floor.get("cpu_minus_direct_ms"),
                "gateway_cpu_minus_floor_ms": round(gateway["cpu_ms_per_req"] - floor["cpu_ms_per_req"], 3),
                "floor_p50_minus_direct_ms": floor.get("p50_minus_direct_ms"),
                "gateway_p50_minus_floor_ms": round(gateway["p50_ms"] - floor["p50_ms"], 3),
            }
        )
    return out


def dispatch_costs() -> dict[str, Any] | None:
    """bench/dispatch.py in a process of its own: it builds an app, which this process must not."""
    done = subprocess.run([sys.executable, str(DISPATCH)], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:  # a checkout measured through PYTHONPATH may predate the dispatch
        print("  not measured: " + (done.stderr.strip().splitlines() or ["?"])[-1], flush=True)
        return None
    return json.loads(done.stdout)


async def bench(
    plan: Plan, tmp: Path, profile_to: Path | None, only: list[str] | None = None
) -> dict[str, Any]:
    secret_key = Fernet.generate_key().decode()
    emulator_server = procs.Server(
        "emulator", ["emulator", "--seed", "0"], {}, procs.free_port(), tmp / "emulator.log"
    )
    servers = [emulator_server]
    direct: list[GatewayClient] = []
    upstream = Upstream(emulator_server.url)
    result: dict[str, Any] = {"runs": [], "cached_clients": []}
    try:
        # Started together: the gateway makes no upstream call until the first login.
        first = start_gateway(tmp, emulator_server.url, plan.workers[0], secret_key, plan.cached_clients * 2)
        servers.append(first)
        emulator_server.wait_ready("/__emulator/")
        emulator = Emulator(emulator_server)
        targets = await emulator.targets()
        direct = await login_direct(upstream, SESSIONS)
        session = {
            "settings": direct[0].get_settings(),
            "user_id": str(direct[0].user_id),
            "username": "demo",
        }
        for workers in plan.workers:
            gateway = (
                first
                if workers == plan.workers[0]
                else start_gateway(tmp, emulator_server.url, workers, secret_key, plan.cached_clients * 2)
            )
            if gateway not in servers:
                servers.append(gateway)
            gateway.wait_ready("/health")
            ops = [op for op in await available_operations(gateway.url) if not only or op.name in only]
            print(f"{gateway.name}: {gateway.url}", flush=True)
            rows, memory, answers = await bench_gateway(
                tmp,
                emulator,
                workers,
                plan,
                targets,
                ops,
                direct if workers == 1 else None,
                secret_key,
                session,
                gateway,
                profile_to if workers == 1 else None,
            )
            result["runs"] += rows
            result["cached_clients"].append(memory)
            print(f"  cached clients: {memory['kb_per_client']:.1f} KB each", flush=True)
            gateway.stop()
            if workers == plan.workers[0]:
                print("bare ASGI app (the HTTP hop alone):", flush=True)
                result["runs"] += await bench_bare(tmp, plan, targets, ops, answers)
        print("session lookup:", flush=True)
        result["lookup"] = await store_bench.lookup_latency(
            tmp / "lookup.db", secret_key, session, list(plan.lookup_sizes), plan.lookup_samples
        )
        for x in result["lookup"]:
            print(f"  {x['sessions']:>9,} sessions: p50 {x['p50_ms']:.3f} ms", flush=True)
        await emulator.http.aclose()
    finally:
        for cl in direct:
            await close_client(cl)
        await upstream.aclose()
        for server in reversed(servers):
            server.stop()
    print("dispatch:", flush=True)
    result["dispatch"] = dispatch_costs()
    for row in (result["dispatch"] or {}).get("rows", []):
        print(
            f"  {row['position']:<14} {row['operation']:<28} {row['static_dispatch_us']:.2f} µs", flush=True
        )
    result["floor"] = floor_figures(result["runs"])
    result["targets"] = targets_met(result)
    return result


def chosen_plan(args: argparse.Namespace, quick: Any, full: Any) -> Any:
    """The plan `--quick` picks, with `--seconds` and `--repeats` applied (any plan with those
    fields: this benchmark's and `instances.py`'s)."""
    plan = quick if args.quick else full
    if args.seconds:
        plan = replace(
            plan, seconds=args.seconds, max_requests=max(plan.max_requests, int(args.seconds * 1000))
        )
    if args.repeats:
        plan = replace(plan, repeats=args.repeats)
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="CI smoke: short runs, no 1,000,000 rows, no workers=2"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the gateway and the floor with py-spy during GET /user",
    )
    parser.add_argument("--seconds", type=float, help="time bound of each measured run (overrides the plan)")
    parser.add_argument("--repeats", type=int, help="alternate gateway and direct runs this many times")
    parser.add_argument("--only", help="measure only these operations, e.g. 'GET /user,POST /media/like'")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/<time>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, databases)")
    args = parser.parse_args(argv)
    plan = chosen_plan(args, QUICK, FULL)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"{'quick' if args.quick else 'full'}-{stamp}.json"
    profile_to = out.with_suffix("") if args.profile else None
    only = args.only.split(",") if args.only else None
    # The direct calls run in this process: under the collector's thresholds the gateway's
    # workers and the floor run under, so that the three differ only in their code.
    tune_gc()
    return provenance.record(
        lambda tmp: uvloop.run(bench(plan, tmp, profile_to, only)),
        mode="quick" if args.quick else "full",
        plan=plan,
        out=out,
        render=report.markdown,
        keep=args.keep,
    )


if __name__ == "__main__":
    sys.exit(main())
