"""Live aiograpi clients, one per session: cached, serialized, paced and persisted.

- A bounded LRU keeps built clients; a hit costs no construction and no upstream call.
- One call at a time per session (aiograpi keeps per-client state, and Instagram punishes
  parallel bursts from one account); different sessions run in parallel. The lock is per
  process: several workers each hold their own client for a session.
- Pacing replaces aiograpi's hidden sleeps (switched off in `upstream.GatewayClient`): a call
  on a session starts no sooner than `pacing_min_interval` (+ up to `pacing_jitter`) seconds after
  the previous call on it ended.
- After each call the settings (cookies and auth headers rotate) are written back only when
  they changed. When that write fails the call's answer still goes out (its upstream action
  happened; a 500 would invite a duplicate retry): the failure is logged with the request id
  and counted, and the cached client is dropped so the next call starts from what is stored.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from aiograpi_rest.upstream import GatewayClient, Upstream, close_client

log = logging.getLogger("aiograpi_rest.pool")


class _Record(Protocol):
    token_hash: str
    settings: dict
    proxy: str | None
    password: str | None
    username: str
    updated_at: datetime


class _Store(Protocol):
    async def update(self, token_hash: str, **fields: Any) -> Any: ...


@dataclass
class _Live:
    client: GatewayClient
    settings: dict
    version: datetime | None
    lock: asyncio.Lock
    next_call_at: float = 0.0


@dataclass
class PoolStats:
    hits: int = 0
    misses: int = 0
    evictions: int = 0
    persisted: int = 0
    persist_failures: int = 0
    relogins: int = 0
    paced: int = 0  # calls that waited for their pacing interval
    pacing_wait_seconds: float = 0.0


class ClientPool:
    def __init__(
        self,
        store: _Store,
        upstream: Upstream,
        *,
        size: int = 1000,
        min_interval: float = 0.0,
        jitter: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.upstream = upstream
        self.size = size
        self.min_interval = min_interval
        self.jitter = jitter
        self.clock = clock
        self.sleep = sleep
        self.stats = PoolStats()
        self._live: OrderedDict[str, _Live] = OrderedDict()
        self._closing: set[asyncio.Task] = set()
        # A lock lives as long as a cached client or a waiter holds it, so an eviction never
        # splits one session into two locks.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def __len__(self) -> int:
        return len(self._live)

    def _lock(self, token_hash: str) -> asyncio.Lock:
        lock = self._locks.get(token_hash)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[token_hash] = lock
        return lock

    @asynccontextmanager
    async def client(self, record: _Record, *, request_id: str | None = None) -> AsyncIterator[GatewayClient]:
        """The session's client, held exclusively for one call, paced and persisted after it.

        `request_id` names the call in the log line of a failed write-back."""
        lock = self._lock(record.token_hash)
        async with lock:
            live = self._get(record, lock)
            wait = live.next_call_at - self.clock()
            if wait > 0:
                self.stats.paced += 1
                self.stats.pacing_wait_seconds += wait
                await self.sleep(wait)
            if record.password:
                live.client.heal_login = self._healer(record)
            try:
                yield live.client
            finally:
                live.client.heal_login = None
                live.next_call_at = self.clock() + self._interval()
                await self._persist(record.token_hash, live, request_id)

    def adopt(self, record: _Record, client: GatewayClient) -> None:
        """Cache a client that is already logged in (after login), so the next call reuses it."""
        self._put(
            record.token_hash,
            _Live(client, client.get_settings(), record.updated_at, self._lock(record.token_hash)),
        )

    async def replace(self, record: _Record, client: GatewayClient) -> None:
        """Inside `client(record)`: the session's cached client becomes `client`, whose settings
        `record` (just stored) holds; the one it replaces is closed."""
        live = self._live.get(record.token_hash)
        if live is None:
            self.adopt(record, client)
            return
        old = live.client
        live.client, live.settings, live.version = client, client.get_settings(), record.updated_at
        if old is not client:
            await close_client(old)

    async def discard(self, token_hash: str) -> None:
        live = self._live.pop(token_hash, None)
        if live is not None:
            await close_client(live.client)

    async def close(self) -> None:
        while self._live:
            _, live = self._live.popitem()
            await close_client(live.client)

    def _interval(self) -> float:
        if self.min_interval <= 0 and self.jitter <= 0:
            return 0.0
        return self.min_interval + random.uniform(0, self.jitter)

    def _get(self, record: _Record, lock: asyncio.Lock) -> _Live:
        live = self._live.get(record.token_hash)
        if live is not None and (live.version is None or live.version >= record.updated_at):
            self._live.move_to_end(record.token_hash)
            self.stats.hits += 1
            return live
        # A miss, or the record was changed elsewhere (another instance, PATCH /auth/settings).
        self.stats.misses += 1
        client = self.upstream.new_client(record.settings, proxy=record.proxy)
        # The baseline is what the restored client reports, so restoring alone never writes.
        fresh = _Live(
            client, client.get_settings(), record.updated_at, lock, live.next_call_at if live else 0.0
        )
        self._put(record.token_hash, fresh)
        return fresh

    def _put(self, token_hash: str, live: _Live) -> None:
        self._live[token_hash] = live
        self._live.move_to_end(token_hash)
        while len(self._live) > self.size:
            old_hash, old = next(iter(self._live.items()))
            if old.lock.locked() and old_hash != token_hash:
                # In use right now: keep it, try again on the next insert.
                self._live.move_to_end(old_hash)
                break
            del self._live[old_hash]
            self.stats.evictions += 1
            task = asyncio.get_running_loop().create_task(close_client(old.client))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _persist(self, token_hash: str, live: _Live, request_id: str | None) -> None:
        current = live.client.get_settings()
        if current == live.settings:
            return
        try:
            updated = await self.store.update(token_hash, settings=current)
        except Exception as exc:
            # Only the exception's type and first line: a database error's full text lists the
            # statement's parameters.
            reason = (str(exc).splitlines() or [""])[0][:200]
            log.error(
                "request %s: the settings of session %s… could not be saved after its call (%s: %s);"
                " its next call starts from the stored ones",
                request_id or "-",
                token_hash[:8],
                type(exc).__name__,
                reason,
            )
            self.stats.persist_failures += 1
            if self._live.get(token_hash) is live:
                del self._live[token_hash]
            await close_client(live.client)
            return
        live.settings = current
        # The write bumped the record's updated_at: this client is that version, not stale.
        live.version = updated.updated_at if updated is not None else live.version
        self.stats.persisted += 1

    def _healer(self, record: _Record) -> Callable[[GatewayClient], Awaitable[bool]]:
        async def heal(cl: GatewayClient) -> bool:
            # Same client, same device ids: Instagram sees the known device log in again.
            log.info("session %s… was logged out upstream; logging in again", record.token_hash[:8])
            self.stats.relogins += 1
            return bool(await cl.login(record.username, record.password or "", relogin=True))

        return heal
