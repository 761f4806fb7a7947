"""Turns across instances through Redis (`sessions.coordination`), and what a caller sees when
Redis is configured but down. Two `RedisCoordinator`s on one real Redis play two instances."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.errors import ApiError
from aiograpi_rest.sessions.coordination import KEY_PREFIX, RedisCoordinator
from tests.conftest import REDIS_URL, free_port, login, redis_answers


class Sleeps:
    """A sleep that records what it was asked to wait and waits nothing."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


@pytest.fixture
async def instances() -> AsyncIterator[tuple[RedisCoordinator, RedisCoordinator, Sleeps]]:
    if not redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    sleeps = Sleeps()
    first, second = RedisCoordinator(REDIS_URL, lease=5), RedisCoordinator(REDIS_URL, lease=5, sleep=sleeps)
    yield first, second, sleeps
    await first.close()
    await second.close()


def session() -> str:
    return os.urandom(32).hex()


async def take(coordinator: RedisCoordinator, token_hash: str, interval: float = 0.0) -> Any:
    async with coordinator.turn(coordinator.slot(token_hash), token_hash, interval) as turn:
        return turn


async def test_one_session_has_one_turn_across_instances(instances: Any) -> None:
    first, second, _ = instances
    token_hash = session()
    async with first.turn(first.slot(token_hash), token_hash, 0):
        waiting = asyncio.create_task(take(second, token_hash))
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert not waiting.done(), "the other instance waits while the turn is held"
    await asyncio.wait_for(waiting, timeout=30)  # and takes it once released
    assert await first.redis.exists(KEY_PREFIX + "lock:" + token_hash) == 0, "released"


async def test_different_sessions_do_not_wait_for_each_other(instances: Any) -> None:
    first, second, _ = instances
    held = session()
    async with first.turn(first.slot(held), held, 0):
        await asyncio.wait_for(take(second, session()), timeout=30)


async def test_the_pacing_interval_holds_across_instances(instances: Any) -> None:
    first, second, sleeps = instances
    token_hash = session()
    await take(first, token_hash, interval=60)
    turn = await take(second, token_hash)
    # Redis's clock: the second instance is told to wait what is left of the minute.
    assert 50 < turn.waited <= 60 and sleeps.asked == [turn.waited]
    assert (await take(second, session())).waited == 0, "another session is not held back"


async def test_a_turn_tells_the_newest_version_a_write_shared(instances: Any) -> None:
    first, second, _ = instances
    token_hash = session()
    assert (await take(second, token_hash)).version is None, "nothing shared yet: ask the store"
    await first.moved(token_hash, 5)
    await first.moved(token_hash, 3)  # a late, older write does not move it back
    assert (await take(second, token_hash)).version == 5


async def test_a_lease_that_is_not_renewed_ends_for_the_others(instances: Any) -> None:
    first, second, _ = instances
    token_hash = session()
    lock = KEY_PREFIX + "lock:" + token_hash
    # A holder that died: its lock, with one second of lease left, and nobody renewing it.
    await first.redis.set(lock, "dead-owner", px=1000)
    turn = await asyncio.wait_for(take(second, token_hash), timeout=30)
    assert turn is not None and await first.redis.exists(lock) == 0


async def test_a_long_call_keeps_its_lease(instances: Any) -> None:
    first, _, _ = instances
    short = RedisCoordinator(REDIS_URL, lease=0.6)
    token_hash = session()
    try:
        async with short.turn(short.slot(token_hash), token_hash, 0):
            for _ in range(20):  # well past the lease: renewed every fifth of a second
                await asyncio.sleep(0.1)
            assert await first.redis.get(KEY_PREFIX + "lock:" + token_hash) is not None
        assert short.lost == 0
    finally:
        await short.close()


async def test_without_redis_a_turn_is_refused_not_taken_alone() -> None:
    down = RedisCoordinator(f"redis://127.0.0.1:{free_port()}/0", timeout=1)
    try:
        with pytest.raises(ApiError) as refused:
            await take(down, session())
    finally:
        await down.close()
    assert refused.value.status == 503 and refused.value.exc_type == "CoordinationUnavailable"


async def test_a_call_while_redis_is_down_is_a_503_and_reaches_no_upstream(
    make_api: Any, emulator: Emulator
) -> None:
    api: httpx.AsyncClient = await make_api(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    token = await login(api)
    emulator.log.clear()
    answer = await api.get("/account", headers={"X-Session-ID": token})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    body = answer.json()
    assert body["exc_type"] == "CoordinationUnavailable" and "Redis" in body["detail"]
    assert emulator.log.calls("accounts/current_user") == [], "no call is made without its lock"
    ready = await api.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"store": "ok", "redis": "failed: ConnectionError"}
