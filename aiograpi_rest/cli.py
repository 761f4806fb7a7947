"""`aiograpi-rest`: serve, emulator, openapi, sessions, keys, db."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer

app = typer.Typer(help="REST gateway to Instagram's private API, built on aiograpi.", no_args_is_help=True)
sessions_app = typer.Typer(help="Stored sessions.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (each key is a tenant).", no_args_is_help=True)
db_app = typer.Typer(help="The session database.", no_args_is_help=True)
app.add_typer(sessions_app, name="sessions")
app.add_typer(keys_app, name="keys")
app.add_typer(db_app, name="db")

T = TypeVar("T")


def _env(name: str, value: Any) -> None:
    # CLI flags set the same environment variables the settings read, so workers see them too.
    if value is not None:
        os.environ[f"AIOGRAPI_REST_{name.upper()}"] = (
            str(value).lower() if isinstance(value, bool) else str(value)
        )


def _settings() -> Any:
    from aiograpi_rest.config import Settings

    return Settings()


def _with_store(fn: Callable[[Any], Awaitable[T]], settings: Any = None) -> T:
    """Run `fn` on the opened store; keys that cannot read it are a one-line error, not a traceback."""
    from aiograpi_rest.sessions.crypto import StoreKeyError
    from aiograpi_rest.sessions.store import SessionStore

    async def run() -> T:
        store = await SessionStore.open(settings or _settings())
        try:
            return await fn(store)
        finally:
            await store.close()

    try:
        return asyncio.run(run())
    except StoreKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    sandbox: Annotated[bool, typer.Option("--sandbox", help="Use the built-in Instagram emulator.")] = False,
    allow_unauthenticated: Annotated[
        bool, typer.Option("--allow-unauthenticated", help="Bind a non-loopback address with no API key.")
    ] = False,
) -> None:
    """Run the HTTP server."""
    import uvicorn

    from aiograpi_rest.logs import logging_config, setup_logging

    _env("host", host)
    _env("port", port)
    _env("workers", workers)
    if sandbox:
        _env("sandbox", True)
    if allow_unauthenticated:
        _env("allow_unauthenticated", True)
    settings = _settings()
    setup_logging(settings.log_level, settings.log_format)
    # Opening the store once here migrates it and checks the secret keys before uvicorn starts,
    # so a wrong key is one clear line instead of a failed startup in every worker.
    has_api_keys = _has_api_keys(settings)
    if not settings.is_loopback_bind and not settings.allow_unauthenticated and not has_api_keys:
        typer.echo(
            f"Refusing to bind {settings.host} with no API key: anyone who reaches it could use your "
            "Instagram sessions.\nEither create a key (aiograpi-rest keys create NAME, or set "
            "AIOGRAPI_REST_API_KEYS), or pass --allow-unauthenticated.",
            err=True,
        )
        raise typer.Exit(2)
    if settings.sandbox and settings.workers > 1:
        typer.echo("--sandbox keeps its emulator in one process: running with one worker.", err=True)
        settings.workers = 1
    uvicorn.run(
        "aiograpi_rest.asgi:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level.lower(),
        # uvicorn applies it again in each worker process it starts.
        log_config=logging_config(settings.log_level, settings.log_format),
        # The gateway logs one line per request itself (request id, route template).
        access_log=False,
        factory=False,
    )


def _has_api_keys(settings: Any) -> bool:
    if settings.sqlite_path is not None and not settings.sqlite_path.exists():
        # A store not created yet holds no key and no secret to check: don't create it (and a key
        # file) only to refuse to start.
        return bool(settings.api_key_list)

    async def check(store: Any) -> bool:
        return bool(await store.any_api_keys())

    return _with_store(check, settings)


@app.command()
def emulator(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 9000,
    seed: Annotated[int, typer.Option(help="Seed of the demo world.")] = 0,
) -> None:
    """Run the offline Instagram emulator as its own server."""
    from aiograpi_rest.emulator.server import run
    from aiograpi_rest.logs import logging_config, setup_logging

    settings = _settings()
    setup_logging(settings.log_level, settings.log_format)
    # uvicorn's access log stays on: it is the only line per request the emulator has.
    run(host, port, seed, log_config=logging_config(settings.log_level, settings.log_format))


@app.command()
def openapi() -> None:
    """Print the OpenAPI document."""
    from aiograpi_rest.app import create_app

    doc = create_app(_settings()).openapi()
    sys.stdout.write(json.dumps(doc, indent=1) + "\n")


@sessions_app.command("list")
def sessions_list(
    tenant: Annotated[
        str | None, typer.Option(help="Only this tenant (API key name); all when omitted.")
    ] = None,
) -> None:
    """List stored sessions (hash prefix, state, username, user id, tenant, created)."""

    async def run(store: Any) -> list[Any]:
        return await store.list(tenant)

    for r in _with_store(run):
        typer.echo(
            f"{r.token_hash[:12]}  {r.state:<8} {r.username or '-':<24} {r.user_id or '-':<14} "
            f"{r.tenant or '-':<16} {r.created_at:%Y-%m-%d %H:%M}"
        )


@sessions_app.command("revoke")
def sessions_revoke(token_hash_prefix: str) -> None:
    """Revoke a session by the start of its hash (as `sessions list` shows it)."""

    async def run(store: Any) -> int:
        return await store.revoke_by_prefix(token_hash_prefix)

    count = _guarded(lambda: _with_store(run))
    typer.echo(f"revoked {count} session(s)")
    if count == 0:
        raise typer.Exit(1)


@keys_app.command("create")
def keys_create(name: str) -> None:
    """Create an API key; it is printed once."""

    async def run(store: Any) -> str:
        return await store.create_api_key(name)

    typer.echo(_guarded(lambda: _with_store(run)))


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (names only)."""

    async def run(store: Any) -> list[Any]:
        return await store.list_api_keys()

    for key in _with_store(run):
        typer.echo(f"{key.name:<24} {key.source:<7} {key.created_at or ''}")


@keys_app.command("revoke")
def keys_revoke(name: str) -> None:
    """Revoke an API key by name."""

    async def run(store: Any) -> bool:
        return await store.revoke_api_key(name)

    if not _with_store(run):
        typer.echo(f"no key named {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {name}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    from aiograpi_rest.sessions.database import upgrade

    asyncio.run(upgrade(_settings().database_url))
    typer.echo("database is up to date")


@db_app.command("rotate-keys")
def db_rotate_keys() -> None:
    """Re-encrypt every stored secret under the first AIOGRAPI_REST_SECRET_KEY.

    Put the new key first and the old one after it, run this, then drop the old key.
    """

    async def run(store: Any) -> int:
        return await store.rotate()

    typer.echo(f"re-encrypted {_with_store(run)} session(s) under the first key")


def _guarded(fn: Callable[[], T]) -> T:
    """Bad input from the command line is a one-line message, not a traceback."""
    try:
        return fn()
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    app()
