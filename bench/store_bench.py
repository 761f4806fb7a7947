"""Session-store figures: lookup latency as the table grows, and filling a gateway's store."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.store import SessionStore
from bench.load import percentile


def store_settings(db: Path, secret_key: str) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{db}", secret_key=secret_key)


async def lookup_latency(
    db: Path, secret_key: str, session: dict[str, Any], sizes: list[int], samples: int
) -> list[dict[str, Any]]:
    """`store.get(token)` (a database read) of one real session while filler rows grow the table to
    each size; and `store.get_cached(token)`, what the request path calls."""
    store = await SessionStore.open(store_settings(db, secret_key))
    try:
        token, _ = await store.create("", session["settings"], user_id=session["user_id"], username="demo")
        stored = 1
        results = []
        for size in sizes:
            t0 = time.perf_counter()
            if size > stored:
                await store.bulk_insert_raw(size - stored)
                stored = size
            filled = time.perf_counter() - t0
            db_times = await _timed(store.get, token, samples)
            # Older checkouts (measured for a before/after) have no request-path cache.
            cached = getattr(store, "get_cached", None)
            cached_times = await _timed(cached, token, samples) if cached else []
            results.append(
                {
                    "sessions": size,
                    "samples": samples,
                    "p50_ms": round(percentile(db_times, 50) * 1000, 4),
                    "p99_ms": round(percentile(db_times, 99) * 1000, 4),
                    "cached_p50_ms": round(percentile(cached_times, 50) * 1000, 4) if cached else None,
                    "fill_seconds": round(filled, 2),
                }
            )
        return results
    finally:
        await store.close()


async def _timed(lookup: Callable[[str], Awaitable[Any]], token: str, samples: int) -> list[float]:
    """Sorted seconds per lookup, after a warm-up that fills SQLite's page and statement caches."""
    for _ in range(min(50, samples)):
        await lookup(token)
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        record = await lookup(token)
        times.append(time.perf_counter() - t)
        assert record is not None
    return sorted(times)


async def add_sessions(db: Path, secret_key: str, session: dict[str, Any], n: int) -> list[str]:
    """Store `n` sessions carrying one real login's settings in a gateway's database; their tokens.

    Each is a real, usable session (the gateway builds a working client from it) that cost no
    upstream login.
    """
    store = await SessionStore.open(store_settings(db, secret_key), migrate=False)
    try:
        tokens = []
        for _ in range(n):
            token, _ = await store.create(
                "", session["settings"], user_id=session["user_id"], username=session["username"]
            )
            tokens.append(token)
        return tokens
    finally:
        await store.close()
