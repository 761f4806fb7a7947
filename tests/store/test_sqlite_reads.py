"""A SQLite file's session versions are read on the event loop's thread (`sqlite_reads`), with
the answers of the async engine, and a file SQLite would make wait is read through the engine."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from aiograpi_rest.sessions.sqlite_reads import BUSY
from aiograpi_rest.sessions.store import SessionStore, utcnow


@pytest.fixture
def sqlite_store(store: SessionStore, database_url: str) -> SessionStore:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's versions are read through its read engine")
    assert store.local_reads is not None
    return store


async def _through_the_engine(store: SessionStore, token_hash: str) -> int | None:
    local, store.local_reads = store.local_reads, None
    try:
        return await store.version_of(token_hash)
    finally:
        store.local_reads = local


async def test_each_version_is_the_engines(
    sqlite_store: SessionStore, other: SessionStore, ig_settings: dict[str, Any]
) -> None:
    store = sqlite_store
    fields = {"user_id": "1", "username": "demo"}
    _, active = await store.create("", ig_settings, **fields)
    await store.update(active.token_hash, username="renamed")
    _, revoked = await store.create("", ig_settings, **fields)
    await store.revoke(revoked.token_hash)
    _, waiting = await store.create("", ig_settings, **fields, state="pending")
    past = utcnow() - timedelta(seconds=1)
    _, expired = await store.create("", ig_settings, **fields, state="pending", expires_at=past)
    hashes = [r.token_hash for r in (active, revoked, waiting, expired)] + ["0" * 64]
    read = {h: store.local_reads.read({"token_hash": h, "now": utcnow()}) for h in hashes}  # type: ignore[union-attr]
    assert read == {h: await _through_the_engine(store, h) for h in hashes}
    assert list(read.values()) == [2, None, 1, None, None]
    # Another process's write is read at once: each read is a transaction of its own.
    await other.update(active.token_hash, username="again")
    assert await store.version_of(active.token_hash) == 3


async def test_a_file_sqlite_would_wait_for_is_read_through_the_engine(
    sqlite_store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    store = sqlite_store
    _, record = await store.create("", ig_settings, user_id="1", username="demo")
    assert await store.version_of(record.token_hash) == 1
    assert store.local_reads is not None and store.local_reads.connection is not None
    # No connection of the store's holds the file now: its lock may be taken exclusively.
    store.local_reads.close()
    await store.engine.dispose()
    holder = sqlite3.connect(store.local_reads.path, isolation_level=None)
    try:
        # Exclusive locking: no other connection may read the file until this one ends.
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE sessions SET username = 'held'")
        assert store.local_reads.read({"token_hash": record.token_hash, "now": utcnow()}) is BUSY
        read = asyncio.get_running_loop().create_task(store.version_of(record.token_hash))
        await asyncio.sleep(0)  # its read on this thread answered BUSY; the engine's waits
        assert not read.done()
        holder.execute("COMMIT")
    finally:
        holder.close()
    assert await read == 1
    assert store.local_reads.read({"token_hash": record.token_hash, "now": utcnow()}) == 1
