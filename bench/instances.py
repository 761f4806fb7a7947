"""Benchmark of issue 13: two gateway instances on one PostgreSQL database, with Redis coordination
and without, and what the Redis lock costs per call.

    .venv/bin/python bench/instances.py            # full run (a few minutes): tables on stdout, JSON in bench/results/
    .venv/bin/python bench/instances.py --quick    # smoke, about 25 s
    .venv/bin/python bench/instances.py --repeats 5  # alternate with and without Redis 5 times (full: 3), medians

Starts `aiograpi-rest emulator`, creates a PostgreSQL database of its own (`--postgres`, default
AIOGRAPI_REST_TEST_DATABASE_URL; dropped at the end) and serves it from two instances with Redis
(`--redis`) and two without, pacing off. Measured:

1. `GET /user` at concurrency 16 over 16 sessions through both instances of a pair: each caller
   alternates between the two, so every session is served by both. Without Redis each call reads
   the session's stored version from PostgreSQL; with Redis the lock's script answers it.
2. The lock's cost per call: (a) in this process, one `RedisCoordinator` turn (acquire, release)
   against one `LocalCoordinator` turn; (b) end to end, `GET /user` at concurrency 1 through one
   SQLite instance served by one worker with Redis, minus the same without: such an instance
   reads no version without Redis, so the difference is the lock's round trips alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import uvloop  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from redis.asyncio import Redis  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from aiograpi_rest.sessions.coordination import KEY_PREFIX, LocalCoordinator, RedisCoordinator  # noqa: E402
from aiograpi_rest.sessions.tokens import hash_token  # noqa: E402
from bench import procs, provenance, report  # noqa: E402
from bench.load import percentile  # noqa: E402
from bench.rawhttp import RawClient  # noqa: E402
from bench.run import (  # noqa: E402
    OPERATIONS,
    RESULTS,
    SESSIONS,
    Emulator,
    Targets,
    chosen_plan,
    gateway_call,
    gateway_env,
    login_gateway,
    measure,
    median_row,
)

GET_USER = next(op for op in OPERATIONS if op.name == "GET /user")
CONCURRENCY = 16
LOCK_TARGET_MS = 1.0
REDIS = "with Redis"
NO_REDIS = "without Redis"


@dataclass(frozen=True)
class Plan:
    seconds: float  # per measured run
    max_requests: int  # per measured run
    repeats: int  # with and without Redis alternate this many times; the medians are reported
    turns: int  # coordinator turns timed in process, per kind and repeat


FULL = Plan(6.0, 4000, 3, 5000)
QUICK = Plan(0.3, 80, 1, 300)


@asynccontextmanager
async def postgres_database(server_url: str, name: str) -> AsyncIterator[str]:
    """A new database on the server of `server_url` (its URL), dropped afterwards."""

    async def admin(statement: str) -> None:
        engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()

    await admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spread_call(
    raws: list[RawClient], targets: Targets, tokens: list[str]
) -> Callable[[int], Awaitable[None]]:
    """`GET /user` from each caller to the instances in turn: one session's calls reach all of them."""
    calls = [gateway_call(raw, GET_USER, targets, tokens) for raw in raws]
    sent = [0] * len(tokens)

    async def call(index: int) -> None:
        turn = sent[index % len(sent)]
        sent[index % len(sent)] = turn + 1
        await calls[(index + turn) % len(calls)](index)

    return call


@dataclass
class Setup:
    """One way of serving the benchmark's sessions: its instances and their sessions' tokens."""

    mode: str
    database: str  # its kind, for the report
    servers: list[procs.Server]
    tokens: list[str]
    raws: list[RawClient]


async def alternate(
    setups: list[Setup], concurrency: int, plan: Plan, emulator: Emulator, targets: Targets
) -> list[dict[str, Any]]:
    """Each setup measured `plan.repeats` times, the setups alternating (in turned order every
    other repeat), so that other work on the machine weighs on all alike; one median row each."""
    runs: dict[str, list[dict[str, Any]]] = {s.mode: [] for s in setups}
    for i in range(plan.repeats):
        for setup in setups if i % 2 == 0 else setups[::-1]:
            call = spread_call(setup.raws, targets, setup.tokens[:concurrency])
            pids = [server.pid for server in setup.servers]
            runs[setup.mode].append(
                await measure(setup.mode, GET_USER, concurrency, call, plan, emulator, pids)
            )
    rows = []
    for setup in setups:
        row = median_row(runs[setup.mode])
        row["instances"] = len(setup.servers)
        row["database"] = setup.database
        row |= await pool_counters(setup.servers)
        rows.append(row)
    return rows


async def pool_counters(servers: list[procs.Server]) -> dict[str, int]:
    """Calls that found their session's client cached, and calls that rebuilt it (a miss, or a
    reload after another instance moved the record on), over the instances' whole life."""
    totals = {"pool_hits": 0, "pool_misses": 0}
    async with httpx.AsyncClient(timeout=30) as http:
        for server in servers:
            for line in (await http.get(server.url + "/metrics")).text.splitlines():
                name, _, value = line.partition(" ")
                for key in totals:
                    if name == f"aiograpi_rest_{key}_total":
                        totals[key] += int(float(value))
    return totals


async def coordinator_turns(redis_url: str, plan: Plan) -> list[dict[str, Any]]:
    """One session's turns, one after another, in this process: a turn is all the pool asks of
    its coordinator per call (Redis: the acquire script, its renewal task, the release script)."""
    local, shared = LocalCoordinator(), RedisCoordinator(redis_url)
    token_hash = "bench-" + os.urandom(8).hex()
    redis = Redis.from_url(redis_url)
    times: dict[str, list[float]] = {"LocalCoordinator": [], "RedisCoordinator": [], "Redis PING": []}

    async def ping() -> None:
        await redis.ping()

    async def turn(coordinator: LocalCoordinator) -> None:
        async with coordinator.turn(coordinator.slot(token_hash), token_hash, 0.0):
            pass

    steps: dict[str, Callable[[], Awaitable[None]]] = {
        "LocalCoordinator": lambda: turn(local),
        "RedisCoordinator": lambda: turn(shared),
        # One round trip to the same Redis, for scale: a Redis turn makes two.
        "Redis PING": ping,
    }
    try:
        for _ in range(plan.repeats):
            for name, step in steps.items():
                for _ in range(20):  # warm-up: the connection open, the scripts loaded
                    await step()
                for _ in range(plan.turns):
                    t0 = time.perf_counter()
                    await step()
                    times[name].append(time.perf_counter() - t0)
    finally:
        await shared.close()
        await redis.aclose()
    rows = []
    for name, samples in times.items():
        samples.sort()
        rows.append(
            {
                "kind": name,
                "turns": len(samples),
                "p50_ms": round(percentile(samples, 50) * 1000, 4),
                "p99_ms": round(percentile(samples, 99) * 1000, 4),
                "mean_ms": round(statistics.fmean(samples) * 1000, 4),
            }
        )
        print(f"  {name:<18} p50 {rows[-1]['p50_ms']:.3f} ms  p99 {rows[-1]['p99_ms']:.3f} ms", flush=True)
    return rows


def lock_cost(result: dict[str, Any]) -> dict[str, Any]:
    turns = {row["kind"]: row for row in result["turns"]}
    e2e = {row["mode"]: row for row in result["one_instance"]}
    with_, without = e2e[f"1 instance, {REDIS}"], e2e[f"1 instance, {NO_REDIS}"]
    return {
        "in_process_p50_ms": round(
            turns["RedisCoordinator"]["p50_ms"] - turns["LocalCoordinator"]["p50_ms"], 4
        ),
        "in_process_p99_ms": round(
            turns["RedisCoordinator"]["p99_ms"] - turns["LocalCoordinator"]["p99_ms"], 4
        ),
        "end_to_end_p50_ms": round(with_["p50_ms"] - without["p50_ms"], 3),
        "end_to_end_p99_ms": round(with_["p99_ms"] - without["p99_ms"], 3),
        "end_to_end_cpu_ms_per_req": round(with_["cpu_ms_per_req"] - without["cpu_ms_per_req"], 3),
    }


def targets_met(result: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def target(name: str, value: float, goal: str, met: bool) -> None:
        out.append({"name": name, "value": value, "goal": goal, "met": met})

    cost = result["lock_cost"]
    v = cost["in_process_p50_ms"]
    target("lock turn p50, Redis − local, in process (ms)", v, f"< {LOCK_TARGET_MS:g}", v < LOCK_TARGET_MS)
    v = cost["end_to_end_p50_ms"]
    target(
        "GET /user p50 with Redis − without, c=1, one instance (ms)",
        v,
        f"< {LOCK_TARGET_MS:g}",
        v < LOCK_TARGET_MS,
    )
    rows = result["two_instances"] + result["one_instance"]
    v = max(r["upstream_per_call"] for r in rows)
    target("upstream calls per REST call (worst run)", v, "== 1.00", v == 1.0)
    v = sum(r["errors"] for r in rows)
    target("failed requests", v, "== 0", v == 0)
    return out


async def forget_versions(redis_url: str, tokens: list[str]) -> None:
    """Drop the version keys the instances shared in Redis for these sessions: the database they
    describe is dropped with the run."""
    if tokens:
        redis = Redis.from_url(redis_url)
        try:
            await redis.delete(*(KEY_PREFIX + "v:" + hash_token(token) for token in tokens))
        finally:
            await redis.aclose()


async def wait_ready(servers: list[procs.Server]) -> None:
    """Wait for servers started together; the emulator has no /ready."""
    await asyncio.gather(
        *(
            asyncio.to_thread(s.wait_ready, "/__emulator/" if s.name == "emulator" else "/ready", 60)
            for s in servers
        )
    )


async def bench(plan: Plan, tmp: Path, postgres: str, redis_url: str) -> dict[str, Any]:
    secret_key = Fernet.generate_key().decode()
    result: dict[str, Any] = {}
    servers: list[procs.Server] = []
    setups: list[Setup] = []

    def serve(name: str, database_url: str, redis: bool) -> procs.Server:
        env = gateway_env(database_url, emulator_server.url, secret_key)
        if redis:
            env["AIOGRAPI_REST_REDIS_URL"] = redis_url
        slug = name.replace(" ", "-").replace(",", "")
        server = procs.Server(name, ["serve"], env, procs.free_port(), tmp / f"{slug}.log")
        servers.append(server)
        return server

    emulator_server = procs.Server(
        "emulator", ["emulator", "--seed", "0"], {}, procs.free_port(), tmp / "emulator.log"
    )
    servers.append(emulator_server)
    async with postgres_database(postgres, f"bench_instances_{os.getpid()}") as database:
        try:
            sqlite = {r: f"sqlite+aiosqlite:///{tmp / f'one-{r}.db'}" for r in (True, False)}
            one = {r: serve(f"1 instance, {REDIS if r else NO_REDIS}", sqlite[r], r) for r in (True, False)}
            # The first applies the migrations before the others start.
            first = serve(f"2 instances, {REDIS} (a)", database, True)
            await wait_ready([emulator_server, first, *one.values()])
            pairs = {
                True: [first, serve(f"2 instances, {REDIS} (b)", database, True)],
                False: [serve(f"2 instances, {NO_REDIS} ({x})", database, False) for x in "ab"],
            }
            await wait_ready([*pairs[True][1:], *pairs[False]])
            emulator = Emulator(emulator_server)
            targets = await emulator.targets()

            async def setup(mode: str, kind: str, instances: list[procs.Server], sessions: int) -> Setup:
                # Logged in through the first; the others find the sessions in the database.
                async with httpx.AsyncClient(base_url=instances[0].url, timeout=60) as http:
                    tokens = await login_gateway(http, sessions)
                setups.append(Setup(mode, kind, instances, tokens, [RawClient(s.url) for s in instances]))
                return setups[-1]

            two = [
                await setup(f"2 instances, {label}", "PostgreSQL", pairs[r], SESSIONS)
                for r, label in ((True, REDIS), (False, NO_REDIS))
            ]
            print(f"GET /user at {CONCURRENCY}, two instances on PostgreSQL:", flush=True)
            result["two_instances"] = await alternate(two, CONCURRENCY, plan, emulator, targets)
            singles = [await setup(one[r].name, "SQLite", [one[r]], 1) for r in (True, False)]
            print("GET /user at 1, one SQLite instance (one worker):", flush=True)
            result["one_instance"] = await alternate(singles, 1, plan, emulator, targets)
            for s in two + singles:
                for raw in s.raws:
                    await raw.aclose()
            await emulator.http.aclose()
        finally:
            for server in reversed(servers):
                server.stop()
            await forget_versions(redis_url, [t for s in setups if s.mode.endswith(REDIS) for t in s.tokens])
    with_, without = result["two_instances"]
    with_["rps_vs_without_redis"] = round(with_["rps"] / without["rps"], 3) if without["rps"] else None
    print("coordinator turns in process:", flush=True)
    result["turns"] = await coordinator_turns(redis_url, plan)
    result["lock_cost"] = lock_cost(result)
    result["targets"] = targets_met(result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke: short runs, one repeat")
    parser.add_argument("--seconds", type=float, help="time bound of each measured run (overrides the plan)")
    parser.add_argument("--repeats", type=int, help="alternate with and without Redis this many times")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("AIOGRAPI_REST_TEST_DATABASE_URL")
        or "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server's URL (its database is only connected to, to create the benchmark's)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="the Redis the instances share")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/instances-<time>.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, databases)")
    args = parser.parse_args(argv)
    plan = chosen_plan(args, QUICK, FULL)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"instances-{'quick' if args.quick else 'full'}-{stamp}.json"
    return provenance.record(
        lambda tmp: uvloop.run(bench(plan, tmp, args.postgres, args.redis)),
        mode="quick" if args.quick else "full",
        plan=plan,
        out=out,
        render=report.instances_markdown,
        keep=args.keep,
        prefix="aiograpi-rest-bench-instances-",
    )


if __name__ == "__main__":
    sys.exit(main())
