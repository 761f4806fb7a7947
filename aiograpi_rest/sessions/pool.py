"""Live aiograpi clients, one per session: cached, serialized, paced and persisted.

- A bounded LRU keeps built clients; a hit costs no construction and no upstream call.
- One call at a time per session (aiograpi keeps per-client state, and Instagram punishes
  parallel bursts from one account); different sessions run in parallel. Whose turn it is comes
  from `sessions.coordination`: this process alone, or every instance sharing one Redis.
- Pacing replaces aiograpi's hidden sleeps (switched off in `upstream.GatewayClient`): a call
  on a session starts no sooner than `pacing_min_interval` (+ up to `pacing_jitter`) seconds after
  the previous call on it ended.
- A cached client is used only while it is the stored record's version; when another instance
  or worker moved the record on, the client is rebuilt from the stored record first.
- After each call the settings (cookies and auth headers rotate) are written back only when
  they changed, compare-and-set on the version they came from (`sessions.versions`). When that write fails the call's answer still goes out (its upstream action
  happened; a 500 would invite a duplicate retry): the failure is logged with the request id
  and counted, and the cached client is dropped so the next call starts from what is stored.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from aiograpi_rest.errors import session_gone
from aiograpi_rest.sessions.coordination import LocalCoordinator, Slot
from aiograpi_rest.upstream import GatewayClient, Upstream, close_client

log = logging.getLogger("aiograpi_rest.pool")


class _Record(Protocol):
    token_hash: str
    settings: dict
    proxy: str | None
    password: str | None
    username: str
    version: int


class _Store(Protocol):
    async def save_settings(
        self, token_hash: str, *, version: int, base: dict, settings: dict, **fields: Any
    ) -> Any: ...
    async def fresh(self, token_hash: str) -> Any: ...
    async def version_of(self, token_hash: str) -> int | None: ...


@dataclass
class LiveSession:
    """A session's cached client, the settings it was built from or last stored, and the version
    of the record those are."""

    client: GatewayClient
    settings: dict
    version: int
    slot: Slot
    record: Any


@dataclass
class PoolStats:
    hits: int = 0
    misses: int = 0
    evictions: int = 0
    persisted: int = 0
    persist_failures: int = 0
    relogins: int = 0
    reloads: int = 0  # cached clients rebuilt because another writer moved the record on
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
        coordinator: LocalCoordinator | None = None,
        check_versions: bool = False,
    ) -> None:
        """`check_versions`: read the stored version at every call (other processes write the
        same database, and no shared coordinator tells us when they did)."""
        self.store = store
        self.upstream = upstream
        self.size = size
        self.min_interval = min_interval
        self.jitter = jitter
        self.coordinator = coordinator or LocalCoordinator()
        self.check_versions = check_versions
        self.stats = PoolStats()
        self._live: OrderedDict[str, LiveSession] = OrderedDict()
        self._closing: set[asyncio.Task] = set()

    def __len__(self) -> int:
        return len(self._live)

    @asynccontextmanager
    async def client(self, record: _Record, *, request_id: str | None = None) -> AsyncIterator[GatewayClient]:
        """The session's client, held exclusively for one call, paced and persisted after it.

        `request_id` names the call in the log line of a failed write-back."""
        async with self.held(record, request_id=request_id) as live:
            yield live.client

    @asynccontextmanager
    async def held(self, record: _Record, *, request_id: str | None = None) -> AsyncIterator[LiveSession]:
        """`client`, with the record the client is (newer than `record` when another writer
        moved it on)."""
        slot = self.coordinator.slot(record.token_hash)
        async with self.coordinator.turn(slot, record.token_hash, self._interval()) as turn:
            if turn.waited > 0:
                self.stats.paced += 1
                self.stats.pacing_wait_seconds += turn.waited
            live = await self._current(record, slot, turn.version)
            if live.record.password:
                live.client.heal_login = self._healer(live.record)
            try:
                yield live
            finally:
                live.client.heal_login = None
                await self._persist(record.token_hash, live, request_id)

    def adopt(self, record: _Record, client: GatewayClient) -> None:
        """Cache a client that is already logged in (after login), so the next call reuses it."""
        slot = self.coordinator.slot(record.token_hash)
        self._put(record.token_hash, LiveSession(client, client.get_settings(), record.version, slot, record))

    async def store_client(self, token_hash: str, client: GatewayClient, **fields: Any) -> Any:
        """Inside `held`: `client` (built from the held one's settings, changed) becomes the
        session's, its settings and `fields` stored; answers the stored record. When another
        writer had moved the record on, both changes are kept (`SessionStore.save_settings`) and
        the cached client is rebuilt from what is stored."""
        live = self._live[token_hash]
        settings = client.get_settings()
        updated = await self.store.save_settings(
            token_hash, version=live.version, base=live.settings, settings=settings, **fields
        )
        if updated is None:
            raise session_gone()
        fresh = client if updated.version == live.version + 1 else self._build(updated)
        old = live.client
        live.client, live.settings, live.version, live.record = (
            fresh,
            fresh.get_settings(),
            updated.version,
            updated,
        )
        for closing in {id(c): c for c in (old, client) if c is not fresh}.values():
            await close_client(closing)
        return updated

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

    async def _current(self, record: _Record, slot: Slot, known: int | None) -> LiveSession:
        """The cached client when it is the stored version, else one built from the stored record."""
        token_hash = record.token_hash
        if known is None and (self.check_versions or self.coordinator.shared):
            known = await self.store.version_of(token_hash)
            if known is None:
                raise session_gone()
            if self.coordinator.shared:
                await self.coordinator.moved(token_hash, known)
        newest = max(record.version, known or 0)
        live = self._live.get(token_hash)
        if live is not None and live.version >= newest:
            self._live.move_to_end(token_hash)
            self.stats.hits += 1
            return live
        # A miss, or the record moved on (another instance or worker, PATCH /auth/settings).
        self.stats.misses += 1
        if newest > record.version:
            self.stats.reloads += 1
            record = await self.store.fresh(token_hash)
            if record is None:
                raise session_gone()
        client = self._build(record)
        # The baseline is what the restored client reports, so restoring alone never writes.
        fresh = LiveSession(client, client.get_settings(), record.version, slot, record)
        self._put(token_hash, fresh)
        return fresh

    def _build(self, record: _Record) -> GatewayClient:
        return self.upstream.new_client(record.settings, proxy=record.proxy)

    def _put(self, token_hash: str, live: LiveSession) -> None:
        self._live[token_hash] = live
        self._live.move_to_end(token_hash)
        while len(self._live) > self.size:
            old_hash, old = next(iter(self._live.items()))
            if old.slot.lock.locked() and old_hash != token_hash:
                # In use right now: keep it, try again on the next insert.
                self._live.move_to_end(old_hash)
                break
            del self._live[old_hash]
            self.stats.evictions += 1
            task = asyncio.get_running_loop().create_task(close_client(old.client))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def _persist(self, token_hash: str, live: LiveSession, request_id: str | None) -> None:
        current = live.client.get_settings()
        if current == live.settings:
            return
        try:
            updated = await self.store.save_settings(
                token_hash, version=live.version, base=live.settings, settings=current
            )
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
            await self._drop(token_hash, live)
            return
        if updated is None or updated.version != live.version + 1:
            # Revoked meanwhile, or merged with another writer's change: this client is not
            # what is stored, and the next call starts from the stored record.
            await self._drop(token_hash, live)
        else:
            live.settings, live.version, live.record = current, updated.version, updated
        self.stats.persisted += updated is not None

    async def _drop(self, token_hash: str, live: LiveSession) -> None:
        if self._live.get(token_hash) is live:
            del self._live[token_hash]
        await close_client(live.client)

    def _healer(self, record: _Record) -> Callable[[GatewayClient], Awaitable[bool]]:
        async def heal(cl: GatewayClient) -> bool:
            # Same client, same device ids: Instagram sees the known device log in again.
            log.info("session %s… was logged out upstream; logging in again", record.token_hash[:8])
            self.stats.relogins += 1
            return bool(await cl.login(record.username, record.password or "", relogin=True))

        return heal
