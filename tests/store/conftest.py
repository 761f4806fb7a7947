"""Store fixtures: every test runs on a fresh SQLite file and, when
`AIOGRAPI_REST_TEST_DATABASE_URL` is set, on a fresh PostgreSQL schema.

Each test run (each xdist worker) creates its own PostgreSQL database, named after a random
suffix, and drops it at the end; each test starts with an empty `public` schema in it. Runs
on one server therefore never see each other's tables.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.crypto import generate_key
from aiograpi_rest.sessions.store import SessionStore
from tests.conftest import pg_admin


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or the run's PostgreSQL database with a clean schema."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
    url = request.getfixturevalue("pg_run_database")
    pg_admin(url, "DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public")
    return url


@pytest.fixture
def secret_key() -> str:
    return generate_key()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings from arguments only, so a developer's AIOGRAPI_REST_* environment can't leak in;
    a key file, when one is needed, goes to the test's temporary folder."""

    def make(database_url: str, secret_key: str = "", **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": database_url,
            "secret_key": secret_key,
            "api_keys": "",
            "key_file": str(tmp_path / "keys" / "aiograpi-rest.key"),
        }
        return Settings(**{**values, **overrides})

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings], database_url: str, secret_key: str) -> Settings:
    return make_settings(database_url, secret_key)


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[SessionStore]:
    opened = await SessionStore.open(settings)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def other(settings: Settings, store: SessionStore) -> AsyncIterator[SessionStore]:
    """Another process's (instance's) store on the same database, opened after `store` migrated it."""
    opened = await SessionStore.open(settings, migrate=False)
    try:
        yield opened
    finally:
        await opened.close()


async def raw_database_bytes(database_url: str) -> bytes:
    """Everything the database holds, as stored: the SQLite file (and its WAL), or for
    PostgreSQL every value of every table in the schema, bytea columns as their raw bytes."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    engine = create_async_engine(url)
    chunks: list[bytes] = []
    try:
        async with engine.connect() as conn:
            tables = (
                await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            ).scalars()
            for table in list(tables):
                for row in await conn.execute(text(f'SELECT * FROM "{table}"')):
                    chunks += [v if isinstance(v, bytes) else str(v).encode() for v in row]
    finally:
        await engine.dispose()
    return b"\n".join(chunks)


@pytest.fixture
def raw_bytes() -> Callable[[str], Awaitable[bytes]]:
    return raw_database_bytes


@pytest.fixture
def ig_settings() -> dict[str, Any]:
    """Settings shaped like `aiograpi.Client.get_settings()` for a logged-in account."""
    sessionid = "51234567890%3AabCDefGHijKLmn%3A12%3AAYc-secret-cookie"
    return {
        "uuids": {
            "phone_id": "57d64c41-a916-3fa5-bd7a-3796c1dab122",
            "uuid": "8aa373c6-f316-44d7-b49e-d74563f4a8f3",
            "client_session_id": "6c296d0a-3534-4dce-b5aa-a6a6ab017443",
            "advertising_id": "8dc88b76-dfbc-44dc-abbc-31a6f1d54b04",
            "android_device_id": "android-e021b636049dc0e9",
            "request_id": "72fd7f3e-b5b6-4a5c-8d0d-1a1f0e0d7a11",
            "tray_session_id": "8f0c7b3a-5f2b-4f2b-9b7e-2f2a4f1c9d00",
        },
        "mid": "ZmT1aAABAAE2m1xKwlFzYx3dQm5y",
        "ig_u_rur": None,
        "ig_www_claim": "hmac.AR3secret",
        "authorization_data": {
            "ds_user_id": "51234567890",
            "sessionid": sessionid,
            "should_use_header_over_cookies": True,
        },
        "cookies": {"sessionid": sessionid, "ds_user_id": "51234567890", "csrftoken": "Vq3secretcsrf"},
        "last_login": 1764201600.123,
        "device_settings": {"app_version": "269.0.0.18.75", "android_version": 26, "manufacturer": "OnePlus"},
        "user_agent": "Instagram 269.0.0.18.75 Android (26/8.0.0; 480dpi; 1080x1920; OnePlus; 6T Dev; devitron)",
        "country": "US",
        "locale": "en_US",
        "timezone_offset": -14400,
        "session_retry_statuses": [429, 500, 502],
        "note": "ünïcødé ✓",
    }
