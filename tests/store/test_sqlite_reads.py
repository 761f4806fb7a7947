"""A SQLite file's session records and versions are read on the event loop's thread
(`sqlite_reads`), with the async engine's answers, and a file SQLite would make wait is read
through the engine."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from aiograpi_rest.sessions.sqlite_reads import BUSY
from aiograpi_rest.sessions.store import LOCAL_VERSION, SessionStore, utcnow


@pytest.fixture
def sqlite_store(store: SessionStore, database_url: str) -> SessionStore:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL is read through its engines")
    assert store.local_reads is not None
    return store


async def _through_the_engine(store: SessionStore, token_hash: str) -> tuple[Any, Any]:
    local, store.local_reads = store.local_reads, None
    try:
        return await store.version_of(token_hash), await store.fresh(token_hash)
    finally:
        store.local_reads = local


async def test_each_record_and_version_is_the_engines(
    sqlite_store: SessionStore, other: SessionStore, ig_settings: dict[str, Any]
) -> None:
    store = sqlite_store
    fields = {"user_id": "1", "username": "demo"}
    _, active = await store.create("", ig_settings, **fields, proxy="http://p:1", password="pw")
    await store.update(active.token_hash, username="renamed")
    _, revoked = await store.create("", ig_settings, **fields)
    await store.revoke(revoked.token_hash)
    _, waiting = await store.create("", ig_settings, **fields, state="pending")
    past = utcnow() - timedelta(seconds=1)
    _, expired = await store.create("", ig_settings, **fields, state="pending", expires_at=past)
    hashes = [r.token_hash for r in (active, revoked, waiting, expired)] + ["0" * 64]
    local = {h: (await store.version_of(h), await store.fresh(h)) for h in hashes}
    assert local == {h: await _through_the_engine(store, h) for h in hashes}
    assert [version for version, _ in local.values()] == [2, None, 1, None, None]
    record = local[active.token_hash][1]
    assert record.username == "renamed" and record.proxy == "http://p:1" and record.settings == ig_settings
    assert (
        record.created_at.tzinfo is not None and waiting.expires_at == local[waiting.token_hash][1].expires_at
    )
    # Another process's write is read at once: each read is a transaction of its own.
    await other.update(active.token_hash, username="again")
    assert await store.version_of(active.token_hash) == 3
    assert (await store.fresh(active.token_hash)).username == "again"  # type: ignore[union-attr]


async def test_a_file_sqlite_would_wait_for_is_read_through_the_engine(
    sqlite_store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    store = sqlite_store
    local = store.local_reads
    assert local is not None
    _, record = await store.create("", ig_settings, user_id="1", username="demo")
    assert await store.version_of(record.token_hash) == 1 and local.connection is not None
    # No connection of the store's holds the file now: its lock may be taken exclusively.
    local.close()
    await store.engine.dispose()
    holder = sqlite3.connect(local.path, isolation_level=None)
    try:
        # Exclusive locking: no other connection may read the file until this one ends.
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE sessions SET username = 'held', version = version + 1")
        assert local.first(LOCAL_VERSION, {"token_hash": record.token_hash, "now": utcnow()}) is BUSY
        loop = asyncio.get_running_loop()
        reads = [
            loop.create_task(store.version_of(record.token_hash)),
            loop.create_task(store.fresh(record.token_hash)),
        ]
        await asyncio.sleep(0)  # their reads on this thread answered BUSY; the engine's wait
        assert not any(read.done() for read in reads)
        holder.execute("COMMIT")
    finally:
        holder.close()
    version, fresh = await asyncio.gather(*reads)
    assert version == 2 and fresh is not None and fresh.username == "held"
    assert local.first(LOCAL_VERSION, {"token_hash": record.token_hash, "now": utcnow()}) == (2,)
