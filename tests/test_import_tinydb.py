"""`aiograpi-rest import-tinydb`: the reference service's sessions, imported from its TinyDB file,
answer on the gateway under their old ids (raw, `%3A`-quoted or in double quotes) with no login.

Everything is real: accounts log in with aiograpi against an emulator server, the file holds the
rows the reference writes for them, the import and the gateway run as their own processes on one
SQLite file, and the gateway talks to that same emulator.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from typer.testing import CliRunner, Result

from aiograpi_rest.cli import app
from aiograpi_rest.emulator import Emulator
from aiograpi_rest.upstream import GatewayClient, Upstream, close_client
from tests.conftest import TEST_KEY, cli, cli_server

Accounts = dict[str, GatewayClient]


@pytest.fixture
async def accounts(emulator_server: tuple[str, Emulator]) -> AsyncIterator[Accounts]:
    """demo and alice logged in against the emulator server by aiograpi, as the reference logs in."""
    base, _ = emulator_server
    upstream = Upstream(base)
    logged: Accounts = {}
    try:
        for username in ("demo", "alice"):
            cl = upstream.new_client()
            await cl.login(username, "demo-password")
            logged[username] = cl
        yield logged
    finally:
        for cl in logged.values():
            await close_client(cl)
        await upstream.aclose()


def reference_id(cl: GatewayClient) -> str:
    """The id the reference keys its row by and answers its clients: the sessionid, unquoted."""
    return unquote(cl.sessionid.strip(' "'))


def reference_row(cl: GatewayClient, **extra: Any) -> dict[str, Any]:
    """A row as the reference's `ClientStorage.set` inserts it."""
    return {"sessionid": reference_id(cl), "settings": json.dumps(cl.get_settings()), **extra}


def tinydb_file(path: Path, rows: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"_default": rows}))
    return path


def db_args(tmp_path: Path) -> tuple[str, str]:
    return "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"


@contextmanager
def gateway(tmp_path: Path, emulator_url: str) -> Iterator[httpx.Client]:
    """`aiograpi-rest serve` on the test's database, its upstream the emulator server."""
    env = {
        "AIOGRAPI_REST_UPSTREAM": emulator_url,
        "AIOGRAPI_REST_PACING_MIN_INTERVAL": "0",
        "AIOGRAPI_REST_PACING_JITTER": "0",
    }
    with (
        cli_server("serve", *db_args(tmp_path), cwd=tmp_path, probe="/health", env=env) as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        yield http


def test_imported_sessions_answer_under_their_old_ids_in_every_form_with_no_login(
    accounts: Accounts, emulator_server: tuple[str, Emulator], tmp_path: Path
) -> None:
    base, em = emulator_server
    demo, alice = accounts["demo"], accounts["alice"]
    path = tinydb_file(tmp_path / "db.json", {"1": reference_row(demo, proxy=""), "2": reference_row(alice)})
    em.log.clear()

    imported = cli("import-tinydb", str(path), *db_args(tmp_path), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "imported 2, already present 0, refused 0\n"
    assert f"database: {tmp_path / 'gateway.db'} (SQLite)" in imported.stderr

    raw = reference_id(demo)
    with gateway(tmp_path, base) as http:
        # What the reference's clients send: the id it answered, URL-quoted, or in double quotes.
        assert ":" in raw and demo.sessionid == raw.replace(":", "%3A")
        for form in (raw, demo.sessionid, f'"{raw}"'):
            account = http.get("/account", headers={"X-Session-ID": form})
            assert account.status_code == 200, (form, account.text)
            assert account.json()["username"] == "demo"
            user = http.get("/user", params={"username": "bob"}, headers={"X-Session-ID": form})
            assert user.status_code == 200 and user.json()["username"] == "bob"
        # The legacy query parameter, quoted as a reference client builds its URL.
        by_query = http.get("/account", params={"sessionid": demo.sessionid})
        assert by_query.status_code == 200 and by_query.json()["username"] == "demo"
        other = http.get("/account", headers={"X-Session-ID": reference_id(alice)})
        assert other.status_code == 200 and other.json()["username"] == "alice"
        # A reference client "logging in" with the cookie it holds gets that imported session back.
        again = http.post("/auth/login/by/sessionid", data={"sessionid": demo.sessionid})
        assert again.status_code == 200 and again.json() == raw, again.text

    assert em.log.calls("current_user"), "the calls reached Instagram (the emulator)"
    assert em.log.calls("login") == [], "restoring an imported session logs nobody in"

    again = cli("import-tinydb", str(path), *db_args(tmp_path), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout == "imported 0, already present 2, refused 0\n"


def test_a_malformed_row_is_named_by_its_row_number_and_the_others_import(
    accounts: Accounts, tmp_path: Path
) -> None:
    demo, alice = accounts["demo"], accounts["alice"]
    rows: dict[str, Any] = {
        "1": reference_row(demo),
        "2": "not a row",
        "3": {"settings": json.dumps(alice.get_settings())},
        "4": reference_row(alice, proxy="ftp://user:Pr0xy-S3cret@proxy.example:21"),
        "5": {**reference_row(alice), "settings": '{"uuids": '},
        "6": {**reference_row(alice), "settings": json.dumps({"uuids": {}})},
        "7": {**reference_row(alice), "sessionid": reference_id(demo)},
        "9": reference_row(alice, proxy="socks5://proxy.example:1080"),
    }
    path = tinydb_file(tmp_path / "db.json", rows)

    result = cli("import-tinydb", str(path), *db_args(tmp_path), cwd=tmp_path)

    assert result.returncode == 1
    assert result.stdout == "imported 2, already present 0, refused 6\n"
    refused = [line for line in result.stderr.splitlines() if "refused" in line]
    assert [line.split(":")[0] for line in refused] == ["row 2", "row 3", "row 4", "row 5", "row 6", "row 7"]
    assert refused[0].startswith("row 2: refused: not an object")
    assert refused[1].startswith("row 3: refused: sessionid: missing")
    assert refused[2].startswith("row 4: refused: proxy: a proxy URL")
    assert refused[3].startswith("row 5: refused: settings: the JSON is not valid")
    assert refused[4].startswith("row 6: refused: settings: no logged-in user")
    assert refused[5].startswith("row 7: refused: sessionid:")
    for secret in ("Pr0xy-S3cret", reference_id(demo), reference_id(alice), demo.sessionid):
        assert secret not in result.stdout + result.stderr

    listed = cli("sessions", "list", *db_args(tmp_path), cwd=tmp_path)
    user_ids = sorted(line.split()[3] for line in listed.stdout.splitlines()[1:])
    assert user_ids == sorted([str(demo.user_id), str(alice.user_id)])


def test_tenant_puts_the_sessions_in_that_keys_tenant(
    accounts: Accounts, emulator_server: tuple[str, Emulator], tmp_path: Path
) -> None:
    base, em = emulator_server
    demo = accounts["demo"]
    path = tinydb_file(tmp_path / "db.json", {"1": reference_row(demo)})
    acme = cli("keys", "create", "acme", *db_args(tmp_path), cwd=tmp_path).stdout.strip()
    other = cli("keys", "create", "other", *db_args(tmp_path), cwd=tmp_path).stdout.strip()

    unnamed = cli("import-tinydb", str(path), *db_args(tmp_path), cwd=tmp_path)
    assert unnamed.returncode == 2 and "--tenant NAME" in unnamed.stderr
    unknown = cli("import-tinydb", str(path), "--tenant", "nobody", *db_args(tmp_path), cwd=tmp_path)
    assert unknown.returncode == 2 and "no API key is named 'nobody'" in unknown.stderr
    assert cli("sessions", "list", *db_args(tmp_path), cwd=tmp_path).stdout.splitlines()[1:] == []

    imported = cli("import-tinydb", str(path), "--tenant", "acme", *db_args(tmp_path), cwd=tmp_path)
    assert imported.returncode == 0 and imported.stdout.startswith("imported 1,"), imported.stderr
    [line] = cli(
        "sessions", "list", "--tenant", "acme", *db_args(tmp_path), cwd=tmp_path
    ).stdout.splitlines()[1:]
    assert str(demo.user_id) in line

    em.log.clear()
    with gateway(tmp_path, base) as http:
        session = {"X-Session-ID": demo.sessionid}
        mine = http.get("/account", headers={**session, "X-API-Key": acme})
        assert mine.status_code == 200 and mine.json()["username"] == "demo"
        theirs = http.get("/account", headers={**session, "X-API-Key": other})
        assert theirs.status_code == 404 and theirs.json()["exc_type"] == "SessionNotFound"
    assert em.log.calls("login") == []


def run(*args: str, tmp_path: Path) -> Result:
    """The CLI in this process, seeing only the test's database and key."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("AIOGRAPI_REST_")}
    env |= {"AIOGRAPI_REST_SECRET_KEY": TEST_KEY}
    return CliRunner().invoke(app, [*args, *db_args(tmp_path)], env=env)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "is not a TinyDB file"),
        ('{"_default": ["a row"]}', "is not a TinyDB file"),
        ('{"uuids": {}, "mid": "Zb"}', "is not a TinyDB file"),
    ],
)
def test_a_file_that_is_not_tinydb_is_one_line_and_status_2(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "db.json"
    path.write_text(content)
    result = run("import-tinydb", str(path), tmp_path=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and problem in line and str(path) in line
    assert not (tmp_path / "gateway.db").exists(), "a refused file opens no database"


def test_a_missing_file_is_one_line_and_an_empty_one_imports_nothing(tmp_path: Path) -> None:
    missing = run("import-tinydb", str(tmp_path / "nope.json"), tmp_path=tmp_path)
    assert missing.exit_code == 2 and missing.stderr.startswith("error: cannot read")
    empty = tmp_path / "empty.json"
    empty.write_text("")  # what TinyDB leaves before its first insert
    result = run("import-tinydb", str(empty), tmp_path=tmp_path)
    assert result.exit_code == 0 and result.stdout == "imported 0, already present 0, refused 0\n"
