"""API keys: each key is a tenant. Keys come from `AIOGRAPI_REST_API_KEYS` (and
`AIOGRAPI_REST_ADMIN_KEYS`) or are created and stored hashed (`aiograpi-rest keys create NAME`).

An admin key (`keys create NAME --admin`, or one of `AIOGRAPI_REST_ADMIN_KEYS`) may also change
what every tenant sees in the sandbox (reset its world, add or remove faults); it is a tenant of
its own like any other key.

A stored key's tenant is its name; an environment key's tenant is `env-<first 8 hex of its
SHA-256>`, stable across restarts and never revealing the key. Names starting with `env-` are
reserved for those.

Lookups are cached in memory for `CACHE_TTL` seconds so a request costs no query; revoking in
this process drops the cache at once, a revoke done by another process (the CLI) takes effect
here within `CACHE_TTL`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from aiograpi_rest.sessions.models import api_keys
from aiograpi_rest.sessions.tokens import API_KEY_PREFIX, hash_token, new_token

CACHE_TTL = 30.0
_CACHE_LIMIT = 10_000
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
ENV_TENANT_PREFIX = "env-"


class ApiKeyExistsError(ValueError):
    """A stored key with this name already exists."""


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """A key as listed: never the key itself."""

    name: str
    source: Literal["stored", "env"]
    created_at: datetime | None
    admin: bool = False


@dataclass(frozen=True, slots=True)
class KeyOwner:
    """Who a presented key belongs to."""

    tenant: str
    admin: bool


def env_tenant(key: str) -> str:
    return ENV_TENANT_PREFIX + hash_token(key)[:8]


class ApiKeyStore:
    """Stored and environment API keys; reached as `SessionStore.api_keys`."""

    def __init__(
        self, engine: AsyncEngine, env_keys: Sequence[str], env_admin_keys: Sequence[str] = ()
    ) -> None:
        self.engine = engine
        self._env = {hash_token(key): KeyOwner(env_tenant(key), False) for key in env_keys}
        self._env |= {hash_token(key): KeyOwner(env_tenant(key), True) for key in env_admin_keys}
        self._cache: dict[str, tuple[KeyOwner | None, float]] = {}
        self._any: tuple[bool, float] | None = None

    def _forget(self) -> None:
        self._cache.clear()
        self._any = None

    async def create_api_key(self, name: str, *, admin: bool = False) -> str:
        """Store a new key named `name` (its tenant); returns the clear key, shown only this once."""
        if not _NAME.fullmatch(name) or name.startswith(ENV_TENANT_PREFIX):
            raise ValueError(
                "key name must be 1-64 letters, digits, '.', '_' or '-', start with a letter or digit, "
                f"and not start with '{ENV_TENANT_PREFIX}'"
            )
        key = new_token(API_KEY_PREFIX)
        values = {"name": name, "key_hash": hash_token(key), "created_at": datetime.now(UTC), "admin": admin}
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(api_keys).values(values))
        except IntegrityError:
            raise ApiKeyExistsError(f"an API key named {name!r} already exists") from None
        self._forget()
        return key

    async def list_api_keys(self) -> list[ApiKeyInfo]:
        """Environment keys first (by tenant name), then stored keys by name."""
        query = select(api_keys.c.name, api_keys.c.created_at, api_keys.c.admin).order_by(api_keys.c.name)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        env = [
            ApiKeyInfo(owner.tenant, "env", None, owner.admin)
            for owner in sorted(self._env.values(), key=lambda owner: owner.tenant)
        ]
        return env + [ApiKeyInfo(row.name, "stored", row.created_at, row.admin) for row in rows]

    async def revoke_api_key(self, name: str) -> bool:
        """Delete the stored key `name`; False when there is none (environment keys can't be revoked here)."""
        async with self.engine.begin() as conn:
            deleted = (await conn.execute(delete(api_keys).where(api_keys.c.name == name))).rowcount > 0
        self._forget()
        return deleted

    async def tenant_for_key(self, key: str) -> str | None:
        """The tenant a clear key belongs to, or None when it is not a valid key."""
        owner = await self.owner_of_key(key)
        return owner.tenant if owner is not None else None

    async def owner_of_key(self, key: str) -> KeyOwner | None:
        """The tenant and admin flag of a clear key, or None when it is not a valid key."""
        digest = hash_token(key)
        env = self._env.get(digest)
        if env is not None:
            return env
        clock = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and clock - cached[1] < CACHE_TTL:
            return cached[0]
        query = select(api_keys.c.name, api_keys.c.admin).where(api_keys.c.key_hash == digest)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        owner = KeyOwner(row.name, bool(row.admin)) if row is not None else None
        if len(self._cache) >= _CACHE_LIMIT:
            # Unknown keys are cached too, so a flood of bad keys must not grow memory without end.
            self._cache.clear()
        self._cache[digest] = (owner, clock)
        return owner

    async def any_keys(self) -> bool:
        """Whether any key is configured, i.e. whether requests must present one."""
        if self._env:
            return True
        clock = time.monotonic()
        if self._any is not None and clock - self._any[1] < CACHE_TTL:
            return self._any[0]
        async with self.engine.connect() as conn:
            found = (await conn.execute(select(api_keys.c.id).limit(1))).first() is not None
        self._any = (found, clock)
        return found
