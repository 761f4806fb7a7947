"""The request path's session cache (`get_cached`): what it may serve from memory and when it must not.

A second `SessionStore` on the same database plays another process (a second worker, the CLI).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from aiograpi_rest.sessions import store as store_module
from aiograpi_rest.sessions.models import sessions
from aiograpi_rest.sessions.store import SessionStore


async def test_a_repeated_lookup_costs_no_query(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    first = await store.get_cached(token)
    assert first is not None and first.settings == ig_settings

    # Rename the row behind the store's back: a cached answer still shows the old name.
    async with store.engine.begin() as conn:
        await conn.execute(update(sessions).values(username="renamed"))
    assert (await store.get_cached(token)).username == "demo"  # type: ignore[union-attr]
    assert (await store.get(token)).username == "renamed"  # type: ignore[union-attr]


async def test_changes_through_this_store_apply_at_once(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    await store.get_cached(token)

    updated = await store.update(record.token_hash, username="new", settings={"cookies": {}})
    cached = await store.get_cached(token)
    assert cached is not None and (cached.username, cached.settings) == ("new", {"cookies": {}})
    assert cached.updated_at == updated.updated_at  # type: ignore[union-attr]

    assert await store.revoke(record.token_hash)
    assert await store.get_cached(token) is None

    token2, record2 = await store.create("", ig_settings, user_id="2", username="two")
    await store.get_cached(token2)
    assert await store.revoke_by_prefix(record2.token_hash[:12]) == 1
    assert await store.get_cached(token2) is None


async def test_another_process_revoke_counts_once_the_ttl_passed(
    store: SessionStore, other: SessionStore, ig_settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    await store.get_cached(token)

    assert await other.revoke(record.token_hash)
    assert await store.get(token) is None  # the database read is always current
    monkeypatch.setattr(store_module, "RECORD_TTL", 0.0)  # as if RECORD_TTL seconds had passed
    assert await store.get_cached(token) is None


async def test_pending_sessions_are_always_read_afresh(
    store: SessionStore, other: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", {}, user_id="", username="demo2fa", state="pending")
    assert (await store.get_cached(token)).state == "pending"  # type: ignore[union-attr]

    # The two-factor code arrived through another worker.
    await other.update(record.token_hash, state="active", expires_at=None, user_id="42", settings=ig_settings)
    got = await store.get_cached(token)
    assert got is not None and (got.state, got.user_id) == ("active", "42")


async def test_an_unknown_token_is_not_remembered(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    legacy = "a-legacy-session-id-imported-later"
    assert await store.get_cached(legacy) is None
    assert await store.get_cached("") is None

    await store.create("", ig_settings, user_id="1", username="old", token=legacy)
    got = await store.get_cached(legacy)
    assert got is not None and got.username == "old"
