"""The session store: one table of sessions, secrets encrypted, looked up by token hash.

The same code runs on `sqlite+aiosqlite://` and `postgresql+asyncpg://`. A lookup is one
indexed equality on `token_hash` (a unique B-tree), so it stays O(log n) at millions of rows;
the request path keeps active sessions in memory for `RECORD_TTL` seconds on top of that.
Revoking keeps the row as a tombstone (times, tenant, username) but wipes its secrets.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.apikeys import ApiKeyInfo, ApiKeyStore, KeyOwner
from aiograpi_rest.sessions.crypto import Cipher, load_cipher
from aiograpi_rest.sessions.database import is_memory, make_engine, make_read_engine, upgrade, upgrade_engine
from aiograpi_rest.sessions.models import SessionRecord, SessionState, sessions
from aiograpi_rest.sessions.sqlite_reads import BUSY, LocalReads, Prepared
from aiograpi_rest.sessions.tokens import hash_token, new_token
from aiograpi_rest.sessions.versions import VersionConflict, merge_settings

# last_used_at is informational: writing it on every request would turn every read into a write.
TOUCH_INTERVAL = 60.0
_TOUCH_MEMO_LIMIT = 100_000
# The request path (`get_cached`) may answer from memory for this long: a database lookup (five
# thread hops on aiosqlite, a decryption) was the largest part of the gateway's own time per
# request. Changes made through this store apply at once; a revoke or change made by another
# process (a second worker, the CLI) is seen here within RECORD_TTL seconds.
RECORD_TTL = 2.0
_RECORD_CACHE_LIMIT = 100_000
_ENCRYPTED_FIELDS = {"settings": "settings_enc", "proxy": "proxy_enc", "password": "password_enc"}
_PLAIN_FIELDS = {"user_id", "username", "state", "expires_at"}
_STATES = ("active", "pending")
_HASH_PREFIX = re.compile(r"[0-9a-f]{8,64}")
# A compare-and-set write that keeps meeting newer versions gives up after this many merges.
_CAS_TRIES = 10


class DuplicateTokenError(Exception):
    """A session with this token already exists (e.g. the same legacy id imported twice)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _live(now: datetime) -> Any:
    """Not revoked, and not a pending session past its expiry."""
    return and_(
        sessions.c.revoked_at.is_(None),
        or_(sessions.c.state != "pending", sessions.c.expires_at.is_(None), sessions.c.expires_at > now),
    )


# The request path's two reads, by `token_hash` and `now`: a live session's record (when its
# cached copy is older than RECORD_TTL) and its stored version (on every call when other
# processes may write the store). On a SQLite file both are read on the event loop's thread.
_LIVE_BY_HASH = (
    sessions.c.token_hash == bindparam("token_hash"),
    _live(bindparam("now", type_=sessions.c.expires_at.type)),
)
RECORD_QUERY = select(sessions).where(*_LIVE_BY_HASH)
VERSION_QUERY = select(sessions.c.version).where(*_LIVE_BY_HASH)
LOCAL_RECORD, LOCAL_VERSION = Prepared(RECORD_QUERY), Prepared(VERSION_QUERY)


class SessionStore:
    """Async access to stored sessions. Build with `await SessionStore.open(settings)`."""

    def __init__(
        self,
        engine: AsyncEngine,
        cipher: Cipher,
        settings: Settings,
        reads: AsyncEngine | None = None,
        local_reads: LocalReads | None = None,
    ) -> None:
        self.engine = engine
        self.reads = reads or engine  # see `database.make_read_engine`
        self.local_reads = local_reads  # a SQLite file, read on this thread (`sqlite_reads`)
        self.cipher = cipher
        self.settings = settings
        self.api_keys = ApiKeyStore(engine, settings.api_key_list, settings.admin_key_list)
        self._touched: dict[str, float] = {}
        self._records: dict[str, tuple[SessionRecord, float]] = {}
        # Told the new version after every write, so other instances see it moved on (the
        # Redis coordinator sets this; see `sessions.coordination`).
        self.on_moved: Callable[[str, int], Awaitable[None]] | None = None

    @classmethod
    async def open(cls, settings: Settings, *, migrate: bool = True) -> SessionStore:
        """Apply migrations, connect, load the keys; fails fast if the keys cannot read the store."""
        engine = make_engine(settings.database_url)
        try:
            if migrate:
                if is_memory(settings.database_url):
                    await upgrade_engine(engine)
                else:
                    await upgrade(settings.database_url)
            # After the database answered: one that cannot be opened generates no key file.
            path = settings.sqlite_path
            local = LocalReads(path) if path is not None else None
            store = cls(
                engine, load_cipher(settings), settings, make_read_engine(settings.database_url), local
            )
            await store.check_key()
        except BaseException:
            await engine.dispose()
            raise
        return store

    async def close(self) -> None:
        if self.local_reads is not None:
            self.local_reads.close()
        if self.reads is not self.engine:
            await self.reads.dispose()
        await self.engine.dispose()

    async def ping(self) -> None:
        """One real query on the sessions table; raises when the database is not usable."""
        async with self.engine.connect() as conn:
            await conn.execute(select(sessions.c.id).limit(1))

    async def check_key(self) -> None:
        """Decrypt the newest stored settings, raising `StoreKeyError` when the keys don't match."""
        query = select(sessions.c.settings_enc).where(sessions.c.settings_enc.is_not(None))
        async with self.engine.connect() as conn:
            blob = (await conn.execute(query.order_by(sessions.c.id.desc()).limit(1))).scalar()
        if blob is not None:
            self.cipher.decrypt(blob)

    def _record(self, row: Any) -> SessionRecord:
        # A Row of the engine's or of `sqlite_reads`: the same columns, as attributes.
        return SessionRecord(
            id=row.id,
            token_hash=row.token_hash,
            tenant=row.tenant,
            user_id=row.user_id,
            username=row.username,
            settings=self.cipher.decrypt_json(row.settings_enc) if row.settings_enc is not None else {},
            proxy=self.cipher.decrypt_text(row.proxy_enc),
            password=self.cipher.decrypt_text(row.password_enc),
            state=row.state,
            expires_at=row.expires_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            version=row.version,
        )

    def _encrypted(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "settings":
                values["settings_enc"] = self.cipher.encrypt_json(value)
            elif name in _ENCRYPTED_FIELDS:
                values[_ENCRYPTED_FIELDS[name]] = self.cipher.encrypt_text(value)
            elif name in _PLAIN_FIELDS:
                if name == "state" and value not in _STATES:
                    raise ValueError(f"state must be one of {_STATES}, not {value!r}")
                values[name] = value
            else:
                raise TypeError(f"session field {name!r} cannot be updated")
        return values

    async def create(
        self,
        tenant: str,
        settings: dict[str, Any],
        *,
        user_id: str,
        username: str,
        proxy: str | None = None,
        password: str | None = None,
        state: SessionState = "active",
        expires_at: datetime | None = None,
        token: str | None = None,
    ) -> tuple[str, SessionRecord]:
        """Store a session; returns its clear token (shown once, never stored) and the record.

        `token` keeps an existing id (legacy import); a pending session without `expires_at`
        expires after `settings.pending_ttl` seconds.
        """
        token = token or new_token()
        now = utcnow()
        if state == "pending" and expires_at is None:
            expires_at = now + timedelta(seconds=self.settings.pending_ttl)
        fields = {"settings": settings, "proxy": proxy, "password": password, "state": state}
        values = {
            **self._encrypted({**fields, "user_id": user_id, "username": username, "expires_at": expires_at}),
            "token_hash": hash_token(token),
            "tenant": tenant,
            "created_at": now,
            "updated_at": now,
        }
        try:
            async with self.engine.begin() as conn:
                row = (await conn.execute(insert(sessions).values(values).returning(*sessions.c))).one()
        except IntegrityError:
            raise DuplicateTokenError("a session with this token already exists") from None
        return token, self._record(row)

    async def get(self, token: str) -> SessionRecord | None:
        """The live session for a clear token; None when unknown, revoked or an expired pending one."""
        if not token:
            return None
        return await self.fresh(hash_token(token))

    async def get_cached(self, token: str) -> SessionRecord | None:
        """`get` for the request path: an active session read or written by this process in the
        last `RECORD_TTL` seconds comes from memory. Pending sessions are always read afresh, so a
        login finished through another worker counts at once."""
        if not token:
            return None
        token_hash = hash_token(token)
        cached = self._records.get(token_hash)
        if cached is not None and time.monotonic() - cached[1] < RECORD_TTL:
            return cached[0]
        return await self.fresh(token_hash)

    async def fresh(self, token_hash: str) -> SessionRecord | None:
        """The live session read from the database now, bypassing this process's memory."""
        params = {"token_hash": token_hash, "now": utcnow()}
        row = self._local_first(LOCAL_RECORD, params)
        if row is BUSY:
            async with self.engine.connect() as conn:
                row = (await conn.execute(RECORD_QUERY, params)).one_or_none()
        return self._remember(token_hash, None if row is None else self._record(row))

    async def version_of(self, token_hash: str) -> int | None:
        """The stored version of a live session (None when there is none): one indexed lookup."""
        params = {"token_hash": token_hash, "now": utcnow()}
        row = self._local_first(LOCAL_VERSION, params)
        if row is not BUSY:
            return None if row is None else row.version
        try:
            async with self.reads.connect() as conn:
                return (await conn.execute(VERSION_QUERY, params)).scalar_one_or_none()
        except DBAPIError as exc:
            # The read engine does not ping: a pooled connection the server closed fails here,
            # is dropped from the pool, and one more try gets a new one.
            if not exc.connection_invalidated:
                raise
        async with self.reads.connect() as conn:
            return (await conn.execute(VERSION_QUERY, params)).scalar_one_or_none()

    def _local_first(self, query: Prepared, params: Mapping[str, Any]) -> Any:
        """`query`'s first row read on this thread, or BUSY: read it through the engine."""
        return BUSY if self.local_reads is None else self.local_reads.first(query, params)

    def _remember(self, token_hash: str, record: SessionRecord | None) -> SessionRecord | None:
        if record is None or record.state != "active":
            self._records.pop(token_hash, None)
            return record
        clock = time.monotonic()
        if len(self._records) >= _RECORD_CACHE_LIMIT:
            self._records = {h: v for h, v in self._records.items() if clock - v[1] < RECORD_TTL}
            if len(self._records) >= _RECORD_CACHE_LIMIT:
                self._records.clear()
        self._records[token_hash] = (record, clock)
        return record

    async def update(
        self, token_hash: str, *, expected_version: int | None = None, **fields: Any
    ) -> SessionRecord | None:
        """Change only the given fields (settings, proxy, password, user_id, username, state,
        expires_at) of a live session, re-encrypting secrets, bumping `updated_at` and `version`.

        With `expected_version`, only when the stored version is still that one: otherwise
        `VersionConflict` carries the stored record. Returns the updated record, or None when
        there is no live session with that hash.
        """
        values = self._encrypted(fields)
        values["updated_at"] = utcnow()
        values["version"] = sessions.c.version + 1
        condition = and_(sessions.c.token_hash == token_hash, _live(values["updated_at"]))
        if expected_version is not None:
            condition = and_(condition, sessions.c.version == expected_version)
        query = update(sessions).where(condition).values(values).returning(*sessions.c)
        async with self.engine.begin() as conn:
            row = (await conn.execute(query)).one_or_none()
        if row is None:
            current = await self.fresh(token_hash) if expected_version is not None else None
            if current is not None:
                raise VersionConflict(current)
            self._records.pop(token_hash, None)
            return None
        record = self._remember(token_hash, self._record(row))
        await self._moved(token_hash, row.version)
        return record

    async def save_settings(
        self, token_hash: str, *, version: int, base: dict, settings: dict, **fields: Any
    ) -> SessionRecord | None:
        """Write `settings` (and `fields`) over stored `version`, which they were made from.

        When another writer moved the record on, the changes from `base` to `settings` are
        applied over the stored settings and the write is tried again (`versions.merge_settings`),
        so neither writer's change is lost. The answer's settings are what is stored: when they
        differ from `settings`, the caller's client is out of date. None when the session is gone.
        """
        for _ in range(_CAS_TRIES):
            try:
                return await self.update(token_hash, expected_version=version, settings=settings, **fields)
            except VersionConflict as conflict:
                current = conflict.current
                settings = merge_settings(base, settings, current.settings)
                base, version = current.settings, current.version
        raise VersionConflict(await self.fresh(token_hash))

    async def _moved(self, token_hash: str, version: int) -> None:
        if self.on_moved is not None:
            await self.on_moved(token_hash, version)

    async def touch(self, token_hash: str) -> None:
        """Record use; written at most once per `TOUCH_INTERVAL` per session and process."""
        clock = time.monotonic()
        last = self._touched.get(token_hash)
        if last is not None and clock - last < TOUCH_INTERVAL:
            return
        if len(self._touched) >= _TOUCH_MEMO_LIMIT:
            self._touched = {h: t for h, t in self._touched.items() if clock - t < TOUCH_INTERVAL}
        self._touched[token_hash] = clock
        query = update(sessions).where(sessions.c.token_hash == token_hash).values(last_used_at=utcnow())
        async with self.engine.begin() as conn:
            await conn.execute(query)

    async def _revoke(self, condition: Any) -> int:
        now = utcnow()
        query = (
            update(sessions)
            .where(condition, sessions.c.revoked_at.is_(None))
            .values(
                revoked_at=now,
                updated_at=now,
                settings_enc=None,
                proxy_enc=None,
                password_enc=None,
                version=sessions.c.version + 1,
            )
            .returning(sessions.c.token_hash, sessions.c.version)
        )
        async with self.engine.begin() as conn:
            rows = (await conn.execute(query)).all()
        for token_hash, version in rows:
            self._touched.pop(token_hash, None)
            self._records.pop(token_hash, None)
            await self._moved(token_hash, version)
        return len(rows)

    async def revoke(self, token_hash: str) -> bool:
        """Revoke a session and wipe its secrets; False when there was none to revoke."""
        return await self._revoke(sessions.c.token_hash == token_hash) > 0

    async def revoke_by_prefix(self, prefix: str) -> int:
        """Revoke the sessions whose token hash starts with `prefix` (>= 8 hex digits, as the CLI
        lists them); returns how many."""
        if not _HASH_PREFIX.fullmatch(prefix):
            raise ValueError("give at least 8 lowercase hex digits of the session's token hash")
        return await self._revoke(sessions.c.token_hash.startswith(prefix, autoescape=True))

    async def list(self, tenant: str | None = None) -> list[SessionRecord]:
        """Live sessions of one tenant (all tenants when None), oldest first."""
        query = select(sessions).where(_live(utcnow())).order_by(sessions.c.id)
        if tenant is not None:
            query = query.where(sessions.c.tenant == tenant)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [self._record(row) for row in rows]

    async def count(self) -> int:
        """Live sessions across all tenants."""
        query = select(func.count()).select_from(sessions).where(_live(utcnow()))
        async with self.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one()

    async def delete_expired(self) -> int:
        """Delete pending sessions past their expiry; returns how many."""
        query = delete(sessions).where(sessions.c.state == "pending", sessions.c.expires_at <= utcnow())
        async with self.engine.begin() as conn:
            return (await conn.execute(query)).rowcount

    async def rotate(self, batch: int = 500) -> int:
        """Re-encrypt every stored secret under the first key; returns the number of rows rewritten.

        Run after putting a new key first in `AIOGRAPI_REST_SECRET_KEY`; afterwards the old key
        can be removed. Works in batches so a large store is not held in one transaction.
        """
        columns = list(_ENCRYPTED_FIELDS.values())
        rewritten, after = 0, 0
        while True:
            query = select(sessions.c.id, *(sessions.c[c] for c in columns)).where(sessions.c.id > after)
            async with self.engine.begin() as conn:
                rows = (await conn.execute(query.order_by(sessions.c.id).limit(batch))).all()
                for row in rows:
                    values = {c: self.cipher.rotate(getattr(row, c)) for c in columns if getattr(row, c)}
                    if values:
                        await conn.execute(update(sessions).where(sessions.c.id == row.id).values(values))
                        rewritten += 1
            if len(rows) < batch:
                return rewritten
            after = rows[-1].id

    async def bulk_insert_raw(self, n: int, *, tenant: str = "bench", batch: int = 10_000) -> None:
        """Insert `n` filler sessions with random token hashes (benchmarks only).

        Every row shares one encrypted settings blob, so a million rows take seconds, not minutes;
        none of their tokens exist, so they are reachable only through `list`/`count`.
        """
        now = utcnow()
        blob = self.cipher.encrypt_json({"filler": True})
        async with self.engine.begin() as conn:
            for start in range(0, n, batch):
                rows = [
                    {
                        "token_hash": os.urandom(32).hex(),
                        "tenant": tenant,
                        "user_id": "0",
                        "username": "filler",
                        "settings_enc": blob,
                        "state": "active",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for _ in range(min(batch, n - start))
                ]
                await conn.execute(insert(sessions), rows)

    # API keys live in the same database; the app and CLI reach them through the store.

    async def create_api_key(self, name: str, *, admin: bool = False) -> str:
        return await self.api_keys.create_api_key(name, admin=admin)

    async def list_api_keys(self) -> list[ApiKeyInfo]:
        return await self.api_keys.list_api_keys()

    async def revoke_api_key(self, name: str) -> bool:
        return await self.api_keys.revoke_api_key(name)

    async def tenant_for_key(self, key: str) -> str | None:
        return await self.api_keys.tenant_for_key(key)

    async def owner_of_key(self, key: str) -> KeyOwner | None:
        return await self.api_keys.owner_of_key(key)

    async def any_api_keys(self) -> bool:
        return await self.api_keys.any_keys()
