"""`aiograpi-rest`: serve, emulator, openapi, sessions, keys, db, import-tinydb.

A setting the service cannot run with (a value the settings refuse, a database or key file that
cannot be opened, keys that cannot read the store) is one line on stderr naming the variable,
and exit status 2. Every command that opens the store takes `--sandbox` and `--database-url`
(the same database choice as `serve`) and says on stderr which database it opened.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from aiograpi_rest.config import Settings

app = typer.Typer(help="REST gateway to Instagram's private API, built on aiograpi.", no_args_is_help=True)
sessions_app = typer.Typer(help="Stored sessions.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (each key is a tenant).", no_args_is_help=True)
db_app = typer.Typer(help="The session database.", no_args_is_help=True)
app.add_typer(sessions_app, name="sessions")
app.add_typer(keys_app, name="keys")
app.add_typer(db_app, name="db")

T = TypeVar("T")

log = logging.getLogger("aiograpi_rest.cli")

SandboxOption = Annotated[
    bool,
    typer.Option(
        "--sandbox",
        help="The sandbox's database, as serve --sandbox uses it (aiograpi-rest-sandbox.db unless a URL is set).",
    ),
]
DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="The session database (sets AIOGRAPI_REST_DATABASE_URL).", show_default=False
    ),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from aiograpi_rest import __version__

        typer.echo(f"aiograpi-rest {__version__} (aiograpi {version('aiograpi')})")
        raise typer.Exit()


@app.callback()
def _main(
    _show_version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """REST gateway to Instagram's private API, built on aiograpi."""


def _env(name: str, value: Any) -> None:
    # CLI flags set the same environment variables the settings read, so workers see them too.
    if value is not None:
        os.environ[f"AIOGRAPI_REST_{name.upper()}"] = (
            str(value).lower() if isinstance(value, bool) else str(value)
        )


def _fail(*lines: str, logged: bool = False) -> NoReturn:
    """Each line on stderr (as a log line once logging is set up, so JSON logs stay JSON); exit 2."""
    for line in lines:
        if logged:
            log.error(line)
        else:
            typer.echo(f"error: {line}", err=True)
    raise typer.Exit(2)


def _settings(sandbox: bool = False, database_url: str | None = None) -> Settings:
    """The settings from the environment (and these flags); a refused value is one line naming it."""
    from pydantic import ValidationError

    from aiograpi_rest.config import Settings
    from aiograpi_rest.setting_errors import validation_lines

    if sandbox:
        _env("sandbox", True)
    _env("database_url", database_url)
    try:
        return Settings()
    except ValidationError as exc:
        _fail(*validation_lines(exc))


def _store_settings(sandbox: bool, database_url: str | None) -> Settings:
    """The settings of a command that opens the store, checked as far as possible before it does."""
    settings = _settings(sandbox, database_url)
    _check_location(settings)
    return settings


def _database_name(settings: Settings) -> str:
    from aiograpi_rest.setting_errors import mask_url

    path = settings.sqlite_path
    return f"{path.resolve()} (SQLite)" if path is not None else mask_url(settings.database_url)


def _check_location(settings: Settings, *, logged: bool = False) -> None:
    from aiograpi_rest.setting_errors import location_problem

    problem = location_problem(settings)
    if problem is not None:
        _fail(str(problem), logged=logged)


def _check_bind(settings: Settings) -> None:
    from aiograpi_rest.setting_errors import bind_problem

    problem = bind_problem(settings.host, settings.port)
    if problem is not None:
        _fail(str(problem), logged=True)


def _with_store(fn: Callable[[Any], Awaitable[T]], settings: Settings, *, logged: bool = False) -> T:
    """Run `fn` on the opened store; says on stderr which database it is (`serve` logs it itself)."""
    from aiograpi_rest.sessions.store import SessionStore

    async def run() -> T:
        store = await SessionStore.open(settings)
        if not logged:
            typer.echo(f"database: {_database_name(settings)}", err=True)
        try:
            return await fn(store)
        finally:
            await store.close()

    return _opening(lambda: asyncio.run(run()), settings, logged=logged)


def _opening(fn: Callable[[], T], settings: Settings, *, logged: bool = False) -> T:
    """`fn()`, which opens the database: keys that cannot read it, a database that cannot be
    opened, or a refused value (a key name) are one line, not a traceback."""
    from aiograpi_rest.sessions.crypto import StoreKeyError
    from aiograpi_rest.setting_errors import open_problem

    try:
        return fn()
    except (StoreKeyError, ValueError) as exc:
        _fail(str(exc), logged=logged)
    except Exception as exc:
        problem = open_problem(exc, settings)
        if problem is None:
            raise
        _fail(str(problem), logged=logged)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    sandbox: Annotated[bool, typer.Option("--sandbox", help="Use the built-in Instagram emulator.")] = False,
    database_url: DatabaseUrlOption = None,
    allow_unauthenticated: Annotated[
        bool, typer.Option("--allow-unauthenticated", help="Bind a non-loopback address with no API key.")
    ] = False,
) -> None:
    """Run the HTTP server."""
    from aiograpi_rest.logs import logging_config, setup_logging
    from aiograpi_rest.serving import uvicorn_options

    _env("host", host)
    _env("port", port)
    _env("workers", workers)
    if allow_unauthenticated:
        _env("allow_unauthenticated", True)
    settings = _settings(sandbox, database_url)
    setup_logging(settings.log_level, settings.log_format)
    _check_location(settings, logged=True)
    # Opening the store once here migrates it and checks the secret keys before uvicorn starts,
    # so a wrong key is one clear line instead of a failed startup in every worker.
    has_api_keys = _has_api_keys(settings)
    if not settings.is_loopback_bind and not settings.allow_unauthenticated and not has_api_keys:
        _fail(_refusal(settings, database_url), logged=True)
    _check_bind(settings)
    log.info("database: %s", _database_name(settings))
    if settings.sandbox and settings.workers > 1:
        log.warning("--sandbox keeps its emulator in one process: running with one worker.")
        settings.workers = 1
    import uvicorn

    uvicorn.run(
        "aiograpi_rest.asgi:app",
        workers=settings.workers,
        # uvicorn applies it again in each worker process it starts.
        log_config=logging_config(settings.log_level, settings.log_format),
        **uvicorn_options(settings),
    )


def _refusal(settings: Settings, database_url: str | None) -> str:
    """Why a non-loopback bind is refused, with the `keys create` that opens the same database."""
    from aiograpi_rest.setting_errors import mask_url

    same_store = (" --sandbox" if settings.sandbox else "") + (
        f" --database-url '{mask_url(database_url)}'" if database_url else ""
    )
    return (
        f"Refusing to bind {settings.host} with no API key: anyone who reaches it could use your "
        f"Instagram sessions. Either create a key (aiograpi-rest keys create NAME{same_store}), "
        "set AIOGRAPI_REST_API_KEYS, or pass --allow-unauthenticated."
    )


def _has_api_keys(settings: Settings) -> bool:
    if settings.sqlite_path is not None and not settings.sqlite_path.exists():
        # A store not created yet holds no key and no secret to check: don't create it (and a key
        # file) only to refuse to start.
        return bool(settings.api_key_list or settings.admin_key_list)

    async def check(store: Any) -> bool:
        return bool(await store.any_api_keys())

    return _with_store(check, settings, logged=True)


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


SESSION_COLUMNS = "{:<12}  {:<8} {:<24} {:<14} {:<16} {}"


@sessions_app.command("list")
def sessions_list(
    tenant: Annotated[
        str | None, typer.Option(help="Only this tenant (API key name); all when omitted.")
    ] = None,
    sandbox: SandboxOption = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """List stored sessions (hash prefix, state, username, user id, tenant, created)."""

    async def run(store: Any) -> list[Any]:
        return await store.list(tenant)

    records = _with_store(run, _store_settings(sandbox, database_url))
    typer.echo(SESSION_COLUMNS.format("HASH", "STATE", "USERNAME", "USER ID", "TENANT", "CREATED (UTC)"))
    for r in records:
        typer.echo(
            SESSION_COLUMNS.format(
                r.token_hash[:12],
                r.state,
                r.username or "-",
                r.user_id or "-",
                r.tenant or "-",
                f"{r.created_at:%Y-%m-%d %H:%M}",
            )
        )


@sessions_app.command("revoke")
def sessions_revoke(
    token_hash_prefix: str, sandbox: SandboxOption = False, database_url: DatabaseUrlOption = None
) -> None:
    """Revoke a session by the start of its hash (as `sessions list` shows it)."""

    async def run(store: Any) -> int:
        return await store.revoke_by_prefix(token_hash_prefix)

    count = _with_store(run, _store_settings(sandbox, database_url))
    typer.echo(f"revoked {count} session(s)")
    if count == 0:
        raise typer.Exit(1)


@app.command("import-tinydb")
def import_tinydb(
    path: Annotated[Path, typer.Argument(help="The reference service's TinyDB file (its db.json).")],
    tenant: Annotated[
        str | None,
        typer.Option(
            help="The API key (by name) whose sessions these become; required when the gateway has keys."
        ),
    ] = None,
    sandbox: SandboxOption = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Import instagrapi-rest's sessions; each keeps its old session id as its token.

    Rows already imported are skipped, so running it again is safe. Exit status 1 when a row was
    refused (each is named on stderr by its TinyDB doc id), 2 when the file is no TinyDB file.
    """
    from aiograpi_rest.sessions.tinydb_import import NotTinyDB, import_rows, read_rows, tenant_to_import_into

    settings = _store_settings(sandbox, database_url)
    try:
        rows, other_tables = read_rows(path)
    except NotTinyDB as exc:
        _fail(str(exc))

    async def run(store: Any) -> Any:
        return await import_rows(store, rows, await tenant_to_import_into(store, tenant))

    report = _with_store(run, settings)
    for table in other_tables:
        typer.echo(f"table {table!r}: not read (the reference keeps its sessions in _default)", err=True)
    for doc_id, line in report.lines:
        typer.echo(f"row {doc_id}: {line}", err=True)
    typer.echo(f"imported {report.imported}, already present {report.present}, refused {report.refused}")
    if report.refused:
        raise typer.Exit(1)


@keys_app.command("create")
def keys_create(
    name: str,
    admin: Annotated[
        bool,
        typer.Option(
            "--admin", help="The key may also reset the sandbox and change its faults for every tenant."
        ),
    ] = False,
    sandbox: SandboxOption = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create an API key; it is printed once."""

    async def run(store: Any) -> str:
        return await store.create_api_key(name, admin=admin)

    typer.echo(_with_store(run, _store_settings(sandbox, database_url)))


KEY_COLUMNS = "{:<24} {:<7} {:<6} {}"


@keys_app.command("list")
def keys_list(sandbox: SandboxOption = False, database_url: DatabaseUrlOption = None) -> None:
    """List API keys (names only)."""

    async def run(store: Any) -> list[Any]:
        return await store.list_api_keys()

    keys = _with_store(run, _store_settings(sandbox, database_url))
    typer.echo(KEY_COLUMNS.format("NAME", "SOURCE", "ADMIN", "CREATED (UTC)"))
    for key in keys:
        created = f"{key.created_at:%Y-%m-%d %H:%M}" if key.created_at else "-"
        typer.echo(KEY_COLUMNS.format(key.name, key.source, "yes" if key.admin else "no", created))


@keys_app.command("revoke")
def keys_revoke(name: str, sandbox: SandboxOption = False, database_url: DatabaseUrlOption = None) -> None:
    """Revoke an API key by name."""

    async def run(store: Any) -> bool:
        return await store.revoke_api_key(name)

    if not _with_store(run, _store_settings(sandbox, database_url)):
        typer.echo(f"no key named {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {name}")


@db_app.command("upgrade")
def db_upgrade(sandbox: SandboxOption = False, database_url: DatabaseUrlOption = None) -> None:
    """Apply the database migrations."""
    from aiograpi_rest.sessions.database import upgrade

    settings = _store_settings(sandbox, database_url)
    _opening(lambda: asyncio.run(upgrade(settings.database_url)), settings)
    typer.echo(f"database: {_database_name(settings)}", err=True)
    typer.echo("database is up to date")


@db_app.command("rotate-keys")
def db_rotate_keys(sandbox: SandboxOption = False, database_url: DatabaseUrlOption = None) -> None:
    """Re-encrypt every stored secret under the first AIOGRAPI_REST_SECRET_KEY.

    Put the new key first and the old one after it, run this, then drop the old key.
    """

    async def run(store: Any) -> int:
        return await store.rotate()

    count = _with_store(run, _store_settings(sandbox, database_url))
    typer.echo(f"re-encrypted {count} session(s) under the first key")


def main() -> None:
    app()
