"""Fixtures shared by the API tests: an emulator, the real app on a SQLite file, an HTTP client.

Everything is real: aiograpi is unmodified and talks to the emulator in-process through
`httpx.ASGITransport`; the app runs its lifespan (store, migrations, pool) on a temporary file.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from aiograpi_rest.app import create_app
from aiograpi_rest.config import Settings
from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.server import config as emulator_config
from aiograpi_rest.upstream import Upstream

TEST_KEY = Fernet.generate_key().decode()

# What must never reach a log line: gateway tokens, the seed accounts' password, Instagram
# sessionid cookie values (the emulator's are `<pk>%3A<random>%3A<n>`), proxy passwords.
SECRETS = re.compile(r"igr_[A-Za-z0-9_-]{16,}|demo-password|\d+%3A[0-9A-Za-z]{10,}%3A|:secret@")


@pytest.fixture(autouse=True)
def no_secrets_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test of the suite doubles as a check that its log output holds no secret."""
    caplog.set_level(logging.INFO)
    yield
    for record in caplog.records:
        text = record.getMessage() + (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        )
        leak = SECRETS.search(text)
        assert leak is None, f"secret-looking text in the log ({record.name}): {text[:300]}"


class _MoviepyWatch(importlib.abc.MetaPathFinder):
    """Records every attempt to import moviepy (aiograpi falls back to it for covers and video
    metadata); the attempt fails as it would on a machine without it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.split(".")[0] == "moviepy":
            self.attempts.append(name)
            raise ImportError(f"{name} imported: the gateway must never reach moviepy")


@pytest.fixture(autouse=True)
def no_moviepy() -> Iterator[None]:
    """Every test doubles as a check that no code path it runs tries to import moviepy."""
    watch = _MoviepyWatch()
    sys.meta_path.insert(0, watch)
    try:
        yield
    finally:
        sys.meta_path.remove(watch)
    assert watch.attempts == [], f"moviepy was imported: {watch.attempts}"


INSTAGRAM_HOSTS = re.compile(r"(^|\.)(instagram\.com|facebook\.com|cdninstagram\.com|fbcdn\.net)\.?$", re.I)


@pytest.fixture(autouse=True)
def every_call_emulated(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture, monkeypatch
) -> Iterator[None]:
    """Every test doubles as a check that each upstream call it causes reached an emulator handler:
    none fell into the emulator's 501 for an unknown endpoint (tests of that 501 say so with
    `@pytest.mark.emulator_gap`), and none left the emulator's routing to look up a real Instagram
    or Facebook host (a module-level HTTP call that bypasses the client's session would)."""
    escaped: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if INSTAGRAM_HOSTS.search(name):
            escaped.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"test: {name} is outside the emulator")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
    assert escaped == [], f"requests escaped the emulator to {sorted(set(escaped))}"
    if request.node.get_closest_marker("emulator_gap") is None:
        gaps = [r.getMessage() for r in caplog.records if r.name == "aiograpi_rest.emulator.gaps"]
        assert gaps == [], f"calls no emulator handler answers: {gaps}"


def child_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without its AIOGRAPI_REST_* variables, plus the test key and `env`."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("AIOGRAPI_REST_")}
    return {**full, "AIOGRAPI_REST_SECRET_KEY": TEST_KEY, **(env or {})}


def cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """`aiograpi-rest ARGS` in a child process, with only the AIOGRAPI_REST_* variables given here."""
    return subprocess.run(
        [sys.executable, "-m", "aiograpi_rest", *args],
        cwd=cwd,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def cli_server(
    *args: str,
    cwd: Path,
    probe: str,
    env: dict[str, str] | None = None,
    lines: list[dict[str, Any]] | None = None,
) -> Iterator[str]:
    """`aiograpi-rest <args> --port P` in its own process, up once `probe` answers 200: its base URL.

    It logs in JSON (unless `env` says otherwise), and every line it printed on stdout or stderr,
    from start to shutdown, must be one JSON object: checked once it has stopped. `lines` receives
    them, parsed."""
    port = free_port()
    env = {"AIOGRAPI_REST_LOG_FORMAT": "json", **(env or {})}
    # Files, not pipes: a pipe nobody reads blocks a chatty server once it fills.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aiograpi_rest", *args, "--port", str(port)],
            cwd=cwd,
            env=child_env(env),
            stdout=out,
            stderr=err,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(base + probe, timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            else:
                err.seek(0)
                pytest.fail(f"{args[0]} did not start: " + err.read().decode(errors="replace"))
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        printed = []
        for stream in (out, err):
            stream.seek(0)
            printed += stream.read().decode(errors="replace").splitlines()
    if env["AIOGRAPI_REST_LOG_FORMAT"] == "json":
        parsed = [json_line(line) for line in printed]
        if lines is not None:
            lines.extend(parsed)


def json_line(line: str) -> dict[str, Any]:
    """A printed line that must be one JSON object."""
    try:
        value = json.loads(line)
    except ValueError:
        value = None
    assert isinstance(value, dict), f"a line the server printed is not a JSON object: {line[:300]!r}"
    return value


@pytest.fixture
def emulator_server() -> Iterator[tuple[str, Emulator]]:
    """An emulator served by uvicorn on a free loopback port, in a thread: (base URL, emulator)."""
    em = Emulator(seed=0)
    srv = uvicorn.Server(emulator_config("127.0.0.1", 0, emulator=em, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            raise RuntimeError("emulator server did not start")
        threading.Event().wait(0.01)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", em
    srv.should_exit = True
    thread.join(timeout=10)


PG_ENV = "AIOGRAPI_REST_TEST_DATABASE_URL"


def pg_admin(url: str, *statements: str) -> None:
    """Run statements outside any transaction, from sync fixtures (a thread keeps it off the test's loop)."""

    async def run() -> None:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@contextmanager
def pg_database(purpose: str) -> Iterator[str]:
    """A new PostgreSQL database (its URL), dropped afterwards; skips without the env var."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"aiograpi_rest_{purpose}_{secrets.token_hex(4)}"
    pg_admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        pg_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    """Redis answers on 127.0.0.1:6379 (CI starts it; tests of the Redis coordination skip without)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_run_database() -> Iterator[str]:
    """A PostgreSQL database of this test run's own (its URL)."""
    with pg_database("test") as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}",
        secret_key=TEST_KEY,
        upstream="sandbox",
        pacing_min_interval=0,
        pacing_jitter=0,
    )


AppFactory = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def make_api(emulator: Emulator, settings: Settings) -> AsyncIterator[AppFactory]:
    """Start apps (same emulator; settings overridable) and give HTTP clients to them."""
    stack: list[Any] = []

    async def start(*, upstream_world: Emulator | None = None, **overrides: Any) -> httpx.AsyncClient:
        app = create_app(
            settings.model_copy(update=overrides),
            upstream=Upstream("sandbox", emulator=upstream_world or emulator),
        )
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://gateway.test"
        )
        client.app = app  # type: ignore[attr-defined]
        stack.append((lifespan, client))
        return client

    yield start
    for lifespan, client in reversed(stack):
        await client.aclose()
        await lifespan.__aexit__(None, None, None)


@pytest.fixture
async def api(make_api: AppFactory) -> httpx.AsyncClient:
    return await make_api()


async def login(
    api: httpx.AsyncClient, username: str = "demo", password: str = "demo-password", **form: Any
) -> str:
    response = await api.post("/auth/login", data={"username": username, "password": password, **form})
    assert response.status_code == 200, response.text
    token = response.json()
    assert isinstance(token, str) and token
    return token


@pytest.fixture
async def demo(api: httpx.AsyncClient) -> httpx.AsyncClient:
    """The API client with a logged-in `demo` session sent on every request."""
    api.headers["X-Session-ID"] = await login(api)
    return api


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's temporary folders go (uploads' spools, downloads), to count what is left."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def left_in(root: Path) -> list[str]:
    """What is left under `root` (a test's `temp_root`): `[]` once every request cleaned up."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))
