"""Session records: create, read, update, revoke, list, expiry, use times."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text, update

from aiograpi_rest.sessions.models import sessions
from aiograpi_rest.sessions.store import TOUCH_INTERVAL, DuplicateTokenError, SessionStore
from aiograpi_rest.sessions.tokens import SESSION_TOKEN_PREFIX, hash_token


async def test_create_returns_a_prefixed_token_stored_only_as_its_hash(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="51234567890", username="demo")

    assert token.startswith(SESSION_TOKEN_PREFIX)
    assert len(token) - len(SESSION_TOKEN_PREFIX) >= 43  # 32 random bytes, url-safe base64
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    async with store.engine.connect() as conn:
        stored = (await conn.execute(select(sessions.c.token_hash))).scalars().all()
    assert stored == [record.token_hash]


async def test_read_back_equals_what_was_stored(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    token, created = await store.create(
        "acme",
        ig_settings,
        user_id="51234567890",
        username="demo",
        proxy="http://user:proxy-pass@10.0.0.1:3128",
        password="remembered-pass",
    )

    got = await store.get(token)

    assert got is not None
    assert got.settings == ig_settings
    assert (got.tenant, got.user_id, got.username) == ("acme", "51234567890", "demo")
    assert got.proxy == "http://user:proxy-pass@10.0.0.1:3128"
    assert got.password == "remembered-pass"
    assert got.state == "active" and got.expires_at is None and got.revoked_at is None
    assert got.created_at == created.created_at and got.created_at.tzinfo is not None


async def test_unknown_or_empty_token_reads_none(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    await store.create("", ig_settings, user_id="1", username="a")
    assert await store.get("igr_" + "x" * 43) is None
    assert await store.get("") is None


async def test_legacy_id_without_prefix_is_found_by_its_hash(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    legacy = "5f0e9c1e-6b1d-4a55-9d43-2c8f0b7f9a01"
    token, record = await store.create("", ig_settings, user_id="1", username="old", token=legacy)

    assert token == legacy and record.token_hash == hash_token(legacy)
    found = await store.get(legacy)
    assert found is not None and found.username == "old"
    with pytest.raises(DuplicateTokenError):
        await store.create("", ig_settings, user_id="1", username="old", token=legacy)


async def test_update_changes_only_the_given_fields(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    token, created = await store.create("", ig_settings, user_id="1", username="demo", proxy="http://p:1")
    rotated = {**ig_settings, "cookies": {**ig_settings["cookies"], "sessionid": "1%3Anew-cookie"}}

    updated = await store.update(created.token_hash, settings=rotated, username="demo_renamed")

    got = await store.get(token)
    assert got is not None and updated is not None
    assert got.settings == rotated and updated.settings == rotated
    assert got.username == "demo_renamed"
    assert (got.proxy, got.user_id, got.created_at) == ("http://p:1", "1", created.created_at)
    assert got.updated_at == updated.updated_at >= created.updated_at


async def test_update_can_clear_a_secret_and_refuses_unknown_fields(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, created = await store.create("", ig_settings, user_id="1", username="a", password="pw")

    await store.update(created.token_hash, password=None)
    got = await store.get(token)
    assert got is not None and got.password is None

    with pytest.raises(TypeError, match="tenant"):
        await store.update(created.token_hash, tenant="someone-else")
    with pytest.raises(ValueError, match="state"):
        await store.update(created.token_hash, state="weird")
    assert await store.update("0" * 64, username="nobody") is None


async def test_revoke_hides_the_session_and_wipes_its_secrets(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="a", proxy="http://p:1")

    assert await store.revoke(record.token_hash) is True

    assert await store.get(token) is None
    assert await store.list("") == []
    assert await store.update(record.token_hash, username="back") is None
    assert await store.revoke(record.token_hash) is False
    async with store.engine.connect() as conn:
        row = (await conn.execute(select(sessions).where(sessions.c.token_hash == record.token_hash))).one()
    assert row.revoked_at is not None
    assert (row.settings_enc, row.proxy_enc, row.password_enc) == (None, None, None)


async def test_revoke_by_hash_prefix(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="a")
    other, _ = await store.create("", ig_settings, user_id="2", username="b")

    with pytest.raises(ValueError, match="8"):
        await store.revoke_by_prefix(record.token_hash[:4])
    assert await store.revoke_by_prefix(record.token_hash[:12]) == 1

    assert await store.get(token) is None
    assert await store.get(other) is not None


async def test_list_by_tenant(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    await store.create("acme", ig_settings, user_id="1", username="a1")
    await store.create("other", ig_settings, user_id="2", username="o1")
    await store.create("acme", ig_settings, user_id="3", username="a2")
    await store.create("", ig_settings, user_id="4", username="n1")

    assert [r.username for r in await store.list("acme")] == ["a1", "a2"]
    assert [r.username for r in await store.list("other")] == ["o1"]
    assert [r.username for r in await store.list("")] == ["n1"]
    assert [r.username for r in await store.list()] == ["a1", "o1", "a2", "n1"]
    assert await store.count() == 4


async def test_pending_sessions_expire(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    before = datetime.now(UTC)
    fresh, fresh_record = await store.create("", ig_settings, user_id="", username="demo2fa", state="pending")
    past = datetime.now(UTC) - timedelta(seconds=1)
    stale, _ = await store.create(
        "", ig_settings, user_id="", username="late", state="pending", expires_at=past
    )

    ttl = timedelta(seconds=store.settings.pending_ttl)
    assert fresh_record.expires_at is not None
    assert before + ttl <= fresh_record.expires_at <= datetime.now(UTC) + ttl
    got = await store.get(fresh)
    assert got is not None and got.state == "pending"
    assert await store.get(stale) is None
    assert [r.username for r in await store.list("")] == ["demo2fa"]
    assert await store.count() == 1

    assert await store.delete_expired() == 1
    async with store.engine.connect() as conn:
        left = (await conn.execute(select(sessions.c.username))).scalars().all()
    assert left == ["demo2fa"]


async def test_finishing_a_pending_login_makes_it_active(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", {}, user_id="", username="demo2fa", state="pending")

    await store.update(record.token_hash, state="active", expires_at=None, user_id="42", settings=ig_settings)

    got = await store.get(token)
    assert got is not None
    assert (got.state, got.expires_at, got.user_id, got.settings) == ("active", None, "42", ig_settings)


async def test_touch_writes_last_use_at_most_once_per_interval(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="a")
    assert record.last_used_at is None

    await store.touch(record.token_hash)
    first = (await store.get(token)).last_used_at  # type: ignore[union-attr]
    assert first is not None

    marker = datetime(2000, 1, 1, tzinfo=UTC)
    query = update(sessions).where(sessions.c.token_hash == record.token_hash).values(last_used_at=marker)
    async with store.engine.begin() as conn:
        await conn.execute(query)
    await store.touch(record.token_hash)  # within the interval: no write
    assert (await store.get(token)).last_used_at == marker  # type: ignore[union-attr]

    store._touched[record.token_hash] -= TOUCH_INTERVAL  # as if the interval had passed
    await store.touch(record.token_hash)
    assert (await store.get(token)).last_used_at > marker  # type: ignore[union-attr]


async def test_ping_runs_a_real_query(store: SessionStore) -> None:
    await store.ping()
    async with store.engine.begin() as conn:
        await conn.execute(text("DROP TABLE sessions"))
    with pytest.raises(Exception, match="sessions"):
        await store.ping()


async def test_bulk_rows_leave_lookup_on_the_unique_index(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    await store.bulk_insert_raw(3000, batch=1000)
    token, record = await store.create("", ig_settings, user_id="1", username="needle")

    assert await store.count() == 3001
    found = await store.get(token)
    assert found is not None and found.username == "needle"
    async with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = await conn.execute(
                text("EXPLAIN QUERY PLAN SELECT * FROM sessions WHERE token_hash = :h"),
                {"h": record.token_hash},
            )
        else:
            await conn.execute(text("ANALYZE sessions"))
            plan = await conn.execute(
                text("EXPLAIN SELECT * FROM sessions WHERE token_hash = :h"), {"h": record.token_hash}
            )
        assert "ix_sessions_token_hash" in " ".join(str(row) for row in plan)


async def test_in_memory_sqlite_is_migrated_on_the_store_engine(
    make_settings: Any, secret_key: str, ig_settings: dict[str, Any]
) -> None:
    store = await SessionStore.open(make_settings("sqlite+aiosqlite:///:memory:", secret_key))
    try:
        token, _ = await store.create("", ig_settings, user_id="1", username="mem")
        got = await store.get(token)
        assert got is not None and got.settings == ig_settings
    finally:
        await store.close()
