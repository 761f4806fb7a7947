"""API keys: created and stored hashed, listed by name, revoked, each one a tenant."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import select

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions import apikeys
from aiograpi_rest.sessions.apikeys import ApiKeyExistsError
from aiograpi_rest.sessions.models import api_keys
from aiograpi_rest.sessions.store import SessionStore


async def test_create_lookup_list_and_revoke(store: SessionStore) -> None:
    assert await store.any_api_keys() is False

    key = await store.create_api_key("acme")

    assert key.startswith("igk_") and len(key) >= 4 + 43
    assert await store.any_api_keys() is True
    assert await store.tenant_for_key(key) == "acme"
    assert await store.tenant_for_key(key + "x") is None
    listed = await store.list_api_keys()
    assert [(k.name, k.source) for k in listed] == [("acme", "stored")]
    assert listed[0].created_at is not None
    async with store.engine.connect() as conn:
        stored = (await conn.execute(select(api_keys.c.key_hash))).scalars().all()
    assert stored == [hashlib.sha256(key.encode()).hexdigest()]

    assert await store.revoke_api_key("acme") is True  # the lookup above is cached: revoke must drop it

    assert await store.tenant_for_key(key) is None
    assert await store.any_api_keys() is False
    assert await store.revoke_api_key("acme") is False


async def test_names_are_unique_and_validated(store: SessionStore) -> None:
    await store.create_api_key("team.one")
    with pytest.raises(ApiKeyExistsError):
        await store.create_api_key("team.one")
    for bad in ("", "has space", "env-abc", "x" * 65, "-lead"):
        with pytest.raises(ValueError):
            await store.create_api_key(bad)
    assert [k.name for k in await store.list_api_keys()] == ["team.one"]


async def test_environment_keys_are_tenants_with_stable_names(
    make_settings: Callable[..., Settings], database_url: str, secret_key: str
) -> None:
    env_key = "plain-env-key-from-the-operator"
    expected = "env-" + hashlib.sha256(env_key.encode()).hexdigest()[:8]
    for _ in range(2):  # same name after a restart
        store = await SessionStore.open(make_settings(database_url, secret_key, api_keys=f"{env_key}, other"))
        try:
            assert await store.any_api_keys() is True
            assert await store.tenant_for_key(env_key) == expected
            names = [(k.name, k.source) for k in await store.list_api_keys()]
            assert (expected, "env") in names and len(names) == 2
            assert await store.revoke_api_key(expected) is False
        finally:
            await store.close()


async def test_a_revoke_by_another_process_is_seen_after_the_cache_ttl(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apikeys, "CACHE_TTL", 0.0)
    server, cli = await SessionStore.open(settings), await SessionStore.open(settings)
    try:
        key = await cli.create_api_key("acme")
        assert await server.tenant_for_key(key) == "acme"
        await cli.revoke_api_key("acme")
        assert await server.tenant_for_key(key) is None
        assert await server.any_api_keys() is False
    finally:
        await server.close()
        await cli.close()
