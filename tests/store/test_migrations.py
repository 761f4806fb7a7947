"""The schema comes from the Alembic migrations, matches the models, and upgrades safely in parallel."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from aiograpi_rest.sessions.database import alembic_config, make_engine, upgrade
from aiograpi_rest.sessions.models import metadata


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def _diff(connection: Connection) -> list[object]:
    return compare_metadata(MigrationContext.configure(connection), metadata)


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    await upgrade(database_url)
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    finally:
        await engine.dispose()
    assert {"sessions", "api_keys", "alembic_version"} <= tables
    assert version == _head()


async def test_concurrent_upgrades_of_one_empty_database_all_succeed(database_url: str) -> None:
    # Each upgrade has its own engine and connection, as separate processes would.
    await asyncio.gather(*(upgrade(database_url) for _ in range(4)))

    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    finally:
        await engine.dispose()
    assert versions == [_head()]


async def test_sqlite_database_runs_in_wal_mode(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sub' / 'wal.db'}"
    await upgrade(url)  # also creates the missing folder
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
    finally:
        await engine.dispose()
