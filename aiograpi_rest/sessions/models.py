"""The stored tables and the decrypted view of one session.

The schema itself is created by the Alembic migrations in `aiograpi_rest/migrations/`; these
definitions must match them (a test compares the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Boolean, Column, Dialect, Index, Integer, LargeBinary, MetaData, String, Table, false
from sqlalchemy.types import DateTime, TypeDecorator

SessionState = Literal["active", "pending"]


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL keeps `timestamptz`; SQLite stores naive text, so values are written as naive UTC
    (keeping text comparison in `WHERE` clauses correct) and read back as aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the session store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("username", String(150), nullable=False),
    # Fernet tokens; NULL once revoked (the secrets are wiped, the row stays as a tombstone).
    Column("settings_enc", LargeBinary, nullable=True),
    Column("proxy_enc", LargeBinary, nullable=True),
    Column("password_enc", LargeBinary, nullable=True),
    Column("state", String(16), nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    # Bumped by every write; a write names the version it read (compare-and-set), so an instance
    # holding an older copy can never write it back over a newer one.
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_sessions_token_hash", "token_hash", unique=True),
    Index("ix_sessions_tenant", "tenant"),
    Index("ix_sessions_expires_at", "expires_at"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # May use the sandbox's control API for everyone (reset the world, change faults).
    Column("admin", Boolean, nullable=False, server_default=false()),
    Index("ix_api_keys_name", "name", unique=True),
    Index("ix_api_keys_key_hash", "key_hash", unique=True),
)


@dataclass(slots=True)
class SessionRecord:
    """One session as callers see it: secrets decrypted, times aware UTC."""

    id: int
    token_hash: str
    tenant: str
    user_id: str
    username: str
    settings: dict[str, Any]
    proxy: str | None
    password: str | None
    state: SessionState
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    version: int = 1
