"""Alembic environment: uses the connection `sessions.database.upgrade` hands over, or opens one."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.database import make_engine
from aiograpi_rest.sessions.models import metadata

config = context.config


def _database_url() -> str:
    return config.attributes.get("database_url") or Settings().database_url


def _run(connection: Connection) -> None:
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    engine = make_engine(_database_url(), immediate_transactions=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    _run(connection)
else:
    asyncio.run(_run_with_own_engine())
