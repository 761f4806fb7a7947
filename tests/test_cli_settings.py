"""A setting the service cannot run with is one line on stderr naming the variable, exit status 2
(the real CLI, in a child process); store commands say which database they open, and take
`--sandbox` and `--database-url`."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from aiograpi_rest import __version__
from tests.conftest import cli, cli_server, free_port
from tests.test_security import REPO, shell_examples

NOTHING_LISTENS = f"postgresql+asyncpg://gateway:s3cret-pw@127.0.0.1:{free_port()}/gateway"


def one_error_line(result: subprocess.CompletedProcess, variable: str) -> str:
    """The single line a refused setting prints, which names `variable`."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and "Traceback" not in lines[0]
    return lines[0]


REFUSED = [
    ("AIOGRAPI_REST_PORT", "eighty", "a whole number from 1 to 65535"),
    ("AIOGRAPI_REST_PORT", "0", "a whole number from 1 to 65535"),
    ("AIOGRAPI_REST_LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("AIOGRAPI_REST_LOG_FORMAT", "xml", "text or json"),
    ("AIOGRAPI_REST_DATABASE_URL", "mysql://gateway:s3cret-pw@db/gateway", "postgresql+asyncpg://"),
    ("AIOGRAPI_REST_DATABASE_URL", "sqlite:///gateway.db", "sqlite+aiosqlite:///"),
    ("AIOGRAPI_REST_SANDBOX", "maybe", "true or false"),
    ("AIOGRAPI_REST_WORKERS", "100", "a whole number from 1 to 64"),
    ("AIOGRAPI_REST_UPSTREAM", "ftp://emulator", "an emulator's http(s) base URL"),
]


@pytest.mark.parametrize(
    ("command", "variable", "value", "accepted"),
    [(("serve",), *case) for case in REFUSED]
    + [
        (("sessions", "list"), *REFUSED[2]),
        (("keys", "create", "acme"), *REFUSED[4]),
        (("openapi",), *REFUSED[0]),
    ],
)
def test_a_refused_value_is_one_line_naming_the_variable_and_what_it_accepts(
    tmp_path: Path, command: tuple[str, ...], variable: str, value: str, accepted: str
) -> None:
    line = one_error_line(cli(*command, cwd=tmp_path, env={variable: value}), variable)
    assert accepted in line
    assert "s3cret-pw" not in line, "a password in the URL is masked"
    assert list(tmp_path.iterdir()) == [], "nothing was created"


@pytest.mark.parametrize("command", [("serve",), ("sessions", "list"), ("db", "upgrade")])
def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "a-file").write_text("")
    for url, says in [
        (NOTHING_LISTENS, "cannot open postgresql+asyncpg://gateway:***@127.0.0.1"),
        (f"sqlite+aiosqlite:///{tmp_path / 'a-file' / 'gateway.db'}", "a-file is not a folder"),
    ]:
        line = one_error_line(
            cli(*command, cwd=tmp_path, env={"AIOGRAPI_REST_DATABASE_URL": url}), "DATABASE_URL"
        )
        assert says in line and "s3cret-pw" not in line
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"], "nothing was created"


def test_a_postgresql_database_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    server = os.environ.get("AIOGRAPI_REST_TEST_DATABASE_URL")
    if not server:
        pytest.skip("AIOGRAPI_REST_TEST_DATABASE_URL is not set")
    url = (
        make_url(server).set(database="aiograpi_rest_no_such_database").render_as_string(hide_password=False)
    )
    line = one_error_line(cli("serve", cwd=tmp_path, env={"AIOGRAPI_REST_DATABASE_URL": url}), "DATABASE_URL")
    assert "does not exist" in line


def test_a_secret_key_that_is_no_key_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(
        cli("serve", cwd=tmp_path, env={"AIOGRAPI_REST_SECRET_KEY": "not-a-key"}), "SECRET_KEY"
    )
    assert "not a Fernet key" in line
    assert list(tmp_path.iterdir()) == []


def test_an_address_or_port_serve_cannot_listen_on_is_one_line(tmp_path: Path) -> None:
    # An address of no interface here (a TEST-NET-1 address): no name to look up.
    elsewhere = {"AIOGRAPI_REST_HOST": "192.0.2.1", "AIOGRAPI_REST_ALLOW_UNAUTHENTICATED": "true"}
    assert "192.0.2.1" in one_error_line(cli("serve", cwd=tmp_path, env=elsewhere), "AIOGRAPI_REST_HOST")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        line = one_error_line(
            cli("serve", cwd=tmp_path, env={"AIOGRAPI_REST_PORT": port}), "AIOGRAPI_REST_PORT"
        )
    assert port in line


def test_with_json_logs_the_error_line_of_serve_is_json_too(tmp_path: Path) -> None:
    env = {"AIOGRAPI_REST_LOG_FORMAT": "json", "AIOGRAPI_REST_DATABASE_URL": NOTHING_LISTENS}
    line = json.loads(one_error_line(cli("serve", cwd=tmp_path, env=env), "DATABASE_URL"))
    assert line["level"] == "ERROR" and line["message"].startswith("AIOGRAPI_REST_DATABASE_URL: cannot open")


def test_version() -> None:
    result = cli("--version", cwd=REPO)
    assert result.returncode == 0 and result.stdout == f"aiograpi-rest {__version__} (aiograpi 1.0.9)\n"


def test_store_commands_open_the_sandbox_database_or_the_one_named_and_say_which(tmp_path: Path) -> None:
    created = cli("keys", "create", "acme", "--sandbox", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stderr.splitlines()[-1] == f"database: {tmp_path / 'aiograpi-rest-sandbox.db'} (SQLite)"
    assert not (tmp_path / "aiograpi-rest.db").exists()

    other = f"sqlite+aiosqlite:///{tmp_path / 'other.db'}"
    listed = cli("keys", "list", "--database-url", other, cwd=tmp_path)
    assert listed.stderr.splitlines()[-1] == f"database: {tmp_path / 'other.db'} (SQLite)"
    assert listed.stdout.splitlines()[1:] == [], "acme lives in the sandbox's database"
    assert "acme" in cli("keys", "list", "--sandbox", cwd=tmp_path).stdout
    for command in (("sessions", "list"), ("db", "upgrade"), ("db", "rotate-keys"), ("keys", "revoke", "x")):
        result = cli(*command, "--sandbox", cwd=tmp_path)
        assert f"database: {tmp_path / 'aiograpi-rest-sandbox.db'} (SQLite)" in result.stderr, command


def test_following_the_refusals_advice_unblocks_a_sandbox_on_every_address(tmp_path: Path) -> None:
    refused = cli("serve", "--sandbox", "--host", "0.0.0.0", cwd=tmp_path)
    line = one_error_line(refused, "aiograpi-rest keys create NAME --sandbox")
    advice = re.search(r"aiograpi-rest (keys create NAME[^),]*)", line)
    assert advice is not None, line
    created = cli(*advice.group(1).replace("NAME", "ops").split(), cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()

    with cli_server("serve", "--sandbox", "--host", "0.0.0.0", cwd=tmp_path, probe="/health") as base:
        assert httpx.get(base + "/auth/sessions").status_code == 401
        assert httpx.get(base + "/auth/sessions", headers={"X-API-Key": key}).json() == []


@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's examples use curl")
def test_sessions_list_sandbox_lists_the_demo_session_after_the_readme_steps(tmp_path: Path) -> None:
    login_block = shell_examples(REPO / "README.md")[0]
    assert "auth/login" in login_block
    with cli_server("serve", "--sandbox", cwd=tmp_path, probe="/health") as base:
        script = "set -e\n" + login_block.replace("localhost:8000", base.removeprefix("http://"))
        run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert run.returncode == 0 and '"username":"demo"' in run.stdout, run.stderr

    listed = cli("sessions", "list", "--sandbox", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split()[:3] == ["HASH", "STATE", "USERNAME"]
    assert [row.split()[1:3] for row in rows] == [["active", "demo"]]
