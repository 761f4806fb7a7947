"""Several instances on one PostgreSQL database (and one Redis): what DESIGN's "More than one
instance" promises, shown with real `serve` processes against one `aiograpi-rest emulator`.

- No lost settings update: instance A changes the locale, then B the timezone, 20 rounds; every
  change is in the database and read back through both. With Redis and without (versions alone).
- One session's calls never overlap upstream, whichever instance serves them, and keep the
  pacing interval; different sessions still run at once.
- A lock holder killed mid-call blocks the others no longer than its lease.

Needs `AIOGRAPI_REST_TEST_DATABASE_URL` (CI sets it) and, for the Redis half, Redis on
127.0.0.1:6379 (CI starts it).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.coordination import KEY_PREFIX
from aiograpi_rest.sessions.store import SessionStore
from aiograpi_rest.sessions.tokens import hash_token
from tests.conftest import REDIS_URL, TEST_KEY, child_env, cli_server, free_port, pg_database, redis_answers

PACING = 0.05  # seconds between one session's calls, with Redis
LEASE = 2.0  # the lock's lease, with Redis
ROUNDS = 20


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A PostgreSQL database of this module's own: the store tests empty the run's one per test."""
    with pg_database("instances") as url:
        yield url


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instances")


@pytest.fixture(scope="module")
def emulator(workdir: Path) -> Iterator[str]:
    """`aiograpi-rest emulator` in its own process: its base URL."""
    with cli_server("emulator", cwd=workdir, probe="/__emulator/accounts") as base:
        yield base


def gateway_env(database: str, emulator: str, *, redis: bool) -> dict[str, str]:
    env = {
        "AIOGRAPI_REST_DATABASE_URL": database,
        "AIOGRAPI_REST_UPSTREAM": emulator,
        "AIOGRAPI_REST_PACING_MIN_INTERVAL": str(PACING if redis else 0),
        "AIOGRAPI_REST_PACING_JITTER": "0",
    }
    if redis:
        env |= {"AIOGRAPI_REST_REDIS_URL": REDIS_URL, "AIOGRAPI_REST_LOCK_LEASE": str(LEASE)}
    return env


@contextmanager
def gateways(workdir: Path, env: dict[str, str], count: int = 2) -> Iterator[list[str]]:
    # One after the other: the first applies the migrations before the second starts.
    with ExitStack() as stack:
        yield [
            stack.enter_context(cli_server("serve", cwd=workdir, probe="/ready", env=env))
            for _ in range(count)
        ]


@pytest.fixture(scope="module")
def with_redis(workdir: Path, database: str, emulator: str) -> Iterator[list[str]]:
    if not redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    with gateways(workdir, gateway_env(database, emulator, redis=True)) as bases:
        yield bases


@pytest.fixture(scope="module")
def without_redis(workdir: Path, database: str, emulator: str) -> Iterator[list[str]]:
    with gateways(workdir, gateway_env(database, emulator, redis=False)) as bases:
        yield bases


def login(base: str, username: str = "demo") -> str:
    answer = httpx.post(
        f"{base}/auth/login", data={"username": username, "password": "demo-password"}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def stored_settings(database: str, token: str) -> dict[str, Any]:
    store = await SessionStore.open(Settings(database_url=database, secret_key=TEST_KEY), migrate=False)
    try:
        record = await store.get(token)
    finally:
        await store.close()
    assert record is not None
    return record.settings


def emulator_calls(emulator: str, path: str) -> list[dict[str, Any]]:
    entries = httpx.get(f"{emulator}/__emulator/log", params={"path": path}, timeout=30).json()["entries"]
    return sorted(entries, key=lambda e: e["time"])


def add_fault(emulator: str, **rule: Any) -> None:
    answer = httpx.post(f"{emulator}/__emulator/faults", json=rule, timeout=30)
    assert answer.status_code in (200, 201), answer.text


@pytest.fixture
def clean_emulator(emulator: str) -> Iterator[str]:
    httpx.delete(f"{emulator}/__emulator/faults", timeout=30)
    httpx.delete(f"{emulator}/__emulator/log", timeout=30)
    yield emulator
    httpx.delete(f"{emulator}/__emulator/faults", timeout=30)


LOCALES = ("de_DE", "fr_FR", "es_ES", "it_IT")


def no_lost_update(bases: list[str], database: str, transport: httpx.Client | None = None) -> None:
    a, b = bases
    token = login(a)
    with transport or httpx.Client() as http:
        http.timeout, http.headers["X-Session-ID"] = httpx.Timeout(60), token
        # Both instances hold the session's client before the rounds start, as a busy gateway would.
        for base in bases:
            assert http.get(f"{base}/auth/settings").status_code == 200
        for round_ in range(ROUNDS):
            locale, offset = LOCALES[round_ % len(LOCALES)], 3600 * (round_ % 12 + 1)
            changed = http.patch(f"{a}/auth/settings", data={"locale": locale})
            assert changed.status_code == 200, changed.text
            changed = http.patch(f"{b}/auth/settings", data={"timezone": str(offset)})
            assert changed.status_code == 200, changed.text
            stored = asyncio.run(stored_settings(database, token))
            assert (stored["locale"], stored["timezone_offset"]) == (locale, offset), f"round {round_}"
            for base in (a, b):
                read = http.get(f"{base}/auth/settings").json()
                assert (read["locale"], read["timezone_offset"]) == (locale, offset), (
                    f"round {round_}, {base}"
                )


def test_no_update_is_lost_between_two_instances_with_redis(with_redis: list[str], database: str) -> None:
    no_lost_update(with_redis, database)


def test_no_update_is_lost_between_two_instances_without_redis(
    without_redis: list[str], database: str
) -> None:
    no_lost_update(without_redis, database)


def test_no_update_is_lost_between_the_workers_of_one_instance(
    workdir: Path, database: str, emulator: str
) -> None:
    env = gateway_env(database, emulator, redis=False)
    with cli_server("serve", "--workers", "2", cwd=workdir, probe="/ready", env=env) as base:
        # A new connection for every request, so the kernel hands them to either worker.
        no_lost_update([base, base], database, httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)))


def test_one_sessions_calls_never_overlap_upstream_and_keep_their_pacing(
    with_redis: list[str], clean_emulator: str
) -> None:
    token = login(with_redis[0])
    add_fault(clean_emulator, path="accounts/current_user", delay=0.3)

    def call(i: int) -> int:
        return httpx.get(
            f"{with_redis[i % 2]}/account", headers={"X-Session-ID": token}, timeout=120
        ).status_code

    with ThreadPoolExecutor(20) as threads:
        assert list(threads.map(call, range(20))) == [200] * 20
    calls = emulator_calls(clean_emulator, "accounts/current_user")
    assert len(calls) == 20
    for earlier, later in zip(calls, calls[1:], strict=False):
        # Each call had ended before the next arrived, by at least the pacing interval (less
        # a millisecond: Redis's clock is read in whole milliseconds).
        assert later["time"] - earlier["ended"] >= PACING - 0.001, (earlier, later)


def test_two_sessions_still_run_at_once(with_redis: list[str], clean_emulator: str) -> None:
    first, second = login(with_redis[0]), login(with_redis[1], "alice")
    # The first session's call is held upstream; the second's finishes while it still is.
    add_fault(clean_emulator, path="accounts/current_user", delay=10, times=1)
    threads = ThreadPoolExecutor(1)
    try:
        threads.submit(httpx.get, f"{with_redis[0]}/account", headers={"X-Session-ID": first}, timeout=60)
        wait_until(lambda: len(emulator_calls(clean_emulator, "accounts/current_user")) == 1)
        other = httpx.get(f"{with_redis[1]}/account", headers={"X-Session-ID": second}, timeout=60)
        assert other.status_code == 200 and other.json()["username"] == "alice"
        [in_progress, done] = emulator_calls(clean_emulator, "accounts/current_user")
        assert in_progress["ended"] == 0, "the first session's call is still upstream"
        assert done["ended"] > 0
    finally:
        threads.shutdown(wait=False)  # the held call ends on its own


def test_a_killed_lock_holder_blocks_the_others_no_longer_than_its_lease(
    workdir: Path, database: str, with_redis: list[str], clean_emulator: str
) -> None:
    from redis import Redis

    token = login(with_redis[0])
    add_fault(clean_emulator, path="accounts/current_user", delay=60, times=1)
    port = free_port()
    doomed = start(["serve", "--port", str(port)], workdir, gateway_env(database, clean_emulator, redis=True))
    redis = Redis.from_url(REDIS_URL)
    with ThreadPoolExecutor(1) as threads:
        try:
            wait_until(lambda: ready(f"http://127.0.0.1:{port}"))
            # Its call hangs upstream, holding the session's lock, until the instance is killed.
            threads.submit(
                httpx.get, f"http://127.0.0.1:{port}/account", headers={"X-Session-ID": token}, timeout=120
            )
            wait_until(lambda: len(emulator_calls(clean_emulator, "accounts/current_user")) == 1)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=30)
            killed_at, left_ms = time.time(), redis.pttl(KEY_PREFIX + "lock:" + hash_token(token))
            assert left_ms > 0, "the dead instance's lock outlives it"
            answer = httpx.get(f"{with_redis[1]}/account", headers={"X-Session-ID": token}, timeout=60)
            assert answer.status_code == 200 and answer.json()["username"] == "demo"
            [_, after] = emulator_calls(clean_emulator, "accounts/current_user")
            assert after["time"] >= killed_at + left_ms / 1000 - 0.01, "it waited for the lease to run out"
        finally:
            doomed.kill()
            doomed.wait(timeout=30)
            redis.close()


def start(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "aiograpi_rest", *args],
        cwd=cwd,
        env=child_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/ready", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Poll `condition` until it holds, up to a generous deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for a condition")
        time.sleep(0.05)
