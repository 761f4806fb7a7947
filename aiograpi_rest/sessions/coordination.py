"""Whose turn it is to call Instagram for a session, and when that turn may start.

One upstream call at a time per session, paced: `LocalCoordinator` holds that in this process
(an asyncio lock and a clock per session); `RedisCoordinator` holds it across every instance
sharing one Redis (`AIOGRAPI_REST_REDIS_URL`):

- a lock per session, taken with a lease and renewed while the call runs, released on every
  path; a holder that dies blocks the others no longer than the lease;
- the pacing clock per session in Redis, on Redis's own time, so the interval holds across
  instances whose clocks disagree;
- the session's stored version, so an instance learns another one wrote the record when it takes
  the lock (`sessions.versions`), with no database query.

In one process a session's callers first queue on its local lock, so each instance has at most
one waiter per session polling Redis. While Redis is configured but down, no call is made
unserialized: taking a turn fails with a 503 and `Retry-After`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from aiograpi_rest.config import Settings
from aiograpi_rest.errors import ApiError

log = logging.getLogger("aiograpi_rest.coordination")

KEY_PREFIX = "aiograpi-rest:"
RETRY_AFTER_SECONDS = 5
# Versions are kept this long after the last write; a missing one is read from the database.
_VERSION_TTL_MS = 7 * 24 * 3600 * 1000
# A waiter polls a held lock at most this often, sooner when the lease ends sooner.
_POLL_MIN, _POLL_MAX = 0.002, 0.05


@dataclass
class Slot:
    """One session's place in this process: its lock, and (local pacing) when its next call may start."""

    lock: asyncio.Lock
    next_at: float = 0.0


@dataclass(slots=True)
class Turn:
    """A held turn: how long it waited for the pacing interval, and the stored version the
    coordinator knows (None: it does not, ask the store)."""

    waited: float = 0.0
    version: int | None = None


class LocalCoordinator:
    """Turns within this process: what a single instance needs."""

    shared = False

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        # A slot lives as long as a cached client or a waiter holds it, so an eviction never
        # splits one session into two locks.
        self._slots: weakref.WeakValueDictionary[str, Slot] = weakref.WeakValueDictionary()

    def slot(self, token_hash: str) -> Slot:
        slot = self._slots.get(token_hash)
        if slot is None:
            slot = Slot(asyncio.Lock())
            self._slots[token_hash] = slot
        return slot

    @asynccontextmanager
    async def turn(self, slot: Slot, token_hash: str, interval: float) -> AsyncIterator[Turn]:
        """Hold the session for one call; the next starts `interval` seconds after this one ends."""
        async with slot.lock:
            wait = slot.next_at - self.clock()
            if wait > 0:
                await self.sleep(wait)
            try:
                yield Turn(waited=max(wait, 0.0))
            finally:
                slot.next_at = self.clock() + interval

    async def moved(self, token_hash: str, version: int) -> None:
        """A write made the stored record `version` (nothing to tell in one process)."""

    async def ping(self) -> None:
        """Raises when turns cannot be taken."""

    async def close(self) -> None:
        pass


# KEYS: lock, pace, version. ARGV: owner, lease ms. Answers {1, ms to wait for pacing, version
# or ""} when taken, {0, ms left on the holder's lease} when not.
_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local t = redis.call('TIME')
  local now = t[1] * 1000 + math.floor(t[2] / 1000)
  local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
  return {1, math.max(0, next_at - now), redis.call('GET', KEYS[3]) or ''}
end
return {0, redis.call('PTTL', KEYS[1])}
"""
# KEYS: lock. ARGV: owner, lease ms. 1 when still held by owner (and extended).
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# KEYS: lock, pace. ARGV: owner, pacing interval ms. The pace is set even when the lease ran
# out: the call was made either way.
_RELEASE = """
if tonumber(ARGV[2]) > 0 then
  local t = redis.call('TIME')
  local now = t[1] * 1000 + math.floor(t[2] / 1000)
  redis.call('SET', KEYS[2], now + ARGV[2], 'PX', ARGV[2])
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
# KEYS: version. ARGV: version, ttl ms. Versions only move forward.
_MOVED = """
local known = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > known then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
"""


def unavailable(exc: BaseException) -> ApiError:
    return ApiError(
        503,
        f"Session coordination is unavailable: Redis did not answer ({type(exc).__name__})",
        exc_type="CoordinationUnavailable",
        hint="No call is made without its session's lock; retry after Retry-After, and check Redis.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class RedisCoordinator(LocalCoordinator):
    """Turns across every instance sharing one Redis."""

    shared = True

    def __init__(
        self,
        url: str,
        *,
        lease: float = 10.0,
        timeout: float = 2.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        super().__init__(sleep=sleep)

        # One quick retry (a pooled connection may predate a Redis restart), then the 503.
        self.redis = Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 1)
        )
        self.lease_ms = max(int(lease * 1000), 1)
        self.lost = 0  # turns whose lease ran out before the call ended
        self._acquire = self.redis.register_script(_ACQUIRE)
        self._renew = self.redis.register_script(_RENEW)
        self._release = self.redis.register_script(_RELEASE)
        self._moved = self.redis.register_script(_MOVED)

    @staticmethod
    def _keys(token_hash: str) -> tuple[str, str, str]:
        return (
            KEY_PREFIX + "lock:" + token_hash,
            KEY_PREFIX + "pace:" + token_hash,
            KEY_PREFIX + "v:" + token_hash,
        )

    @asynccontextmanager
    async def turn(self, slot: Slot, token_hash: str, interval: float) -> AsyncIterator[Turn]:
        lock_key, pace_key, version_key = keys = self._keys(token_hash)
        owner = os.urandom(12).hex()
        async with slot.lock:
            poll = _POLL_MIN
            while True:
                try:
                    answer = await self._acquire(keys=keys, args=[owner, self.lease_ms])
                except (RedisError, OSError) as exc:
                    raise unavailable(exc) from None
                if answer[0] == 1:
                    break
                left = answer[1] / 1000 if answer[1] > 0 else _POLL_MIN
                await asyncio.sleep(min(poll, left))
                poll = min(poll * 2, _POLL_MAX)
            renewal = _Renewal(self, lock_key, owner)
            try:
                wait = answer[1] / 1000
                if wait > 0:
                    await self.sleep(wait)
                version = int(answer[2]) if answer[2] else None
                yield Turn(waited=wait, version=version)
            finally:
                renewal.stop()
                try:
                    await self._release(keys=(lock_key, pace_key), args=[owner, int(interval * 1000)])
                except (RedisError, OSError) as exc:
                    # The lease ends the turn for the others in at most its length.
                    log.warning("session %s…: its lock could not be released (%s)", token_hash[:8], exc)

    async def renew(self, lock_key: str, owner: str) -> bool:
        """Extends the lease; False when the lock is no longer this turn's."""
        try:
            held = await self._renew(keys=(lock_key,), args=[owner, self.lease_ms])
        except (RedisError, OSError) as exc:
            log.warning("a session lock's lease could not be renewed (%s)", exc)
            return True
        if not held:
            self.lost += 1
            log.warning("a session lock's lease ran out during its call; another call may overlap it")
        return bool(held)

    async def moved(self, token_hash: str, version: int) -> None:
        try:
            await self._moved(keys=(self._keys(token_hash)[2],), args=[version, _VERSION_TTL_MS])
        except (RedisError, OSError) as exc:
            # Stored already; the others find out from the database within its cache time, and
            # their writes are compare-and-set either way.
            log.warning("session %s…: its new version could not be shared (%s)", token_hash[:8], exc)

    async def ping(self) -> None:
        await self.redis.ping()

    async def close(self) -> None:
        await self.redis.aclose()


class _Renewal:
    """Renews a turn's lease every third of its length until the turn ends.

    A timer rather than a task per turn: most calls end long before the first renewal is due,
    and a timer costs a fraction of a task's creation, first step and cancellation."""

    __slots__ = ("coordinator", "lock_key", "owner", "timer", "task")

    def __init__(self, coordinator: RedisCoordinator, lock_key: str, owner: str) -> None:
        self.coordinator, self.lock_key, self.owner = coordinator, lock_key, owner
        self.task: asyncio.Task[None] | None = None
        self.timer: asyncio.TimerHandle | None = None
        self._schedule()

    def _schedule(self) -> None:
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(self.coordinator.lease_ms / 3000, self._due)

    def _due(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._renew())

    async def _renew(self) -> None:
        if await self.coordinator.renew(self.lock_key, self.owner):
            self._schedule()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.task is not None:
            self.task.cancel()


def coordinator_for(settings: Settings) -> LocalCoordinator:
    """Redis when `AIOGRAPI_REST_REDIS_URL` is set, else this process alone."""
    if settings.redis_url:
        return RedisCoordinator(settings.redis_url, lease=settings.lock_lease)
    return LocalCoordinator()
