"""The command line: sessions, keys, db upgrade and key rotation, openapi, and a wrong key's error."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner, Result

from aiograpi_rest.cli import app
from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.store import SessionStore
from tests.conftest import cli


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


def run(*args: str, db_url: str, key: str) -> Result:
    """The CLI in this process, seeing only the variables given here."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("AIOGRAPI_REST_")}
    env |= {"AIOGRAPI_REST_DATABASE_URL": db_url, "AIOGRAPI_REST_SECRET_KEY": key}
    return CliRunner().invoke(app, list(args), env=env)


def with_store(db_url: str, key: str, fn: Any) -> Any:
    async def go() -> Any:
        store = await SessionStore.open(Settings(database_url=db_url, secret_key=key, api_keys=""))
        try:
            return await fn(store)
        finally:
            await store.close()

    return asyncio.run(go())


def test_sessions_are_listed_and_revoked_by_hash_prefix(db_url: str, tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    token, record = with_store(db_url, key, lambda s: s.create("acme", {}, user_id="42", username="cli_user"))

    listed = run("sessions", "list", db_url=db_url, key=key)
    assert listed.exit_code == 0
    header, line = listed.stdout.splitlines()
    assert header.split() == ["HASH", "STATE", "USERNAME", "USER", "ID", "TENANT", "CREATED", "(UTC)"]
    assert line.startswith(record.token_hash[:12]) and "cli_user" in line and "acme" in line
    assert token not in listed.output
    assert listed.stderr == f"database: {tmp_path / 'cli.db'} (SQLite)\n"

    assert run("sessions", "revoke", "abc", db_url=db_url, key=key).exit_code == 2
    revoked = run("sessions", "revoke", record.token_hash[:12], db_url=db_url, key=key)
    assert revoked.exit_code == 0 and "revoked 1" in revoked.output
    assert with_store(db_url, key, lambda s: s.get(token)) is None
    assert run("sessions", "revoke", record.token_hash[:12], db_url=db_url, key=key).exit_code == 1
    assert run("sessions", "list", db_url=db_url, key=key).stdout.splitlines()[1:] == []


def test_keys_are_revoked_by_name(db_url: str) -> None:
    key = Fernet.generate_key().decode()
    api_key = run("keys", "create", "acme", db_url=db_url, key=key).stdout.strip()
    assert with_store(db_url, key, lambda s: s.tenant_for_key(api_key)) == "acme"
    assert run("keys", "revoke", "acme", db_url=db_url, key=key).exit_code == 0
    assert with_store(db_url, key, lambda s: s.tenant_for_key(api_key)) is None
    again = run("keys", "revoke", "acme", db_url=db_url, key=key)
    assert again.exit_code == 1 and "no key named acme" in again.output


def test_db_upgrade_creates_the_schema(db_url: str, tmp_path: Path) -> None:
    result = run("db", "upgrade", db_url=db_url, key=Fernet.generate_key().decode())
    assert result.exit_code == 0 and "up to date" in result.output
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "api_keys", "alembic_version"} <= tables


def test_openapi_prints_the_document(db_url: str) -> None:
    result = run("openapi", db_url=db_url, key=Fernet.generate_key().decode())
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["openapi"] == "3.0.3" and doc["paths"]["/health"]["get"]["operationId"] == "getHealth"


def test_rotate_keys_moves_every_session_to_the_new_key(db_url: str) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token, _ = with_store(db_url, old, lambda s: s.create("", {"mid": "m-1"}, user_id="1", username="a"))

    result = run("db", "rotate-keys", db_url=db_url, key=f"{new},{old}")

    assert result.exit_code == 0 and "re-encrypted 1 session(s)" in result.output
    record = with_store(db_url, new, lambda s: s.get(token))
    assert record is not None and record.settings == {"mid": "m-1"}


def test_a_wrong_secret_key_is_one_clear_line_not_a_traceback(db_url: str, tmp_path: Path) -> None:
    written_with, wrong = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with_store(db_url, written_with, lambda s: s.create("", {"mid": "m"}, user_id="1", username="a"))

    listed = run("sessions", "list", db_url=db_url, key=wrong)
    assert listed.exit_code == 2
    assert "different key" in listed.output and "db rotate-keys" in listed.output

    env = {"AIOGRAPI_REST_DATABASE_URL": db_url, "AIOGRAPI_REST_SECRET_KEY": wrong}
    served = cli("serve", "--port", "1", cwd=tmp_path, env=env)
    assert served.returncode == 2
    assert "different key" in served.stderr and "Traceback" not in served.stderr
