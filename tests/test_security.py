"""API keys, tenants, the bind guard, and the real server over a socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_KEY, AppFactory, cli, login


def test_binding_elsewhere_without_a_key_refuses_to_start(tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", cwd=tmp_path)
    assert result.returncode != 0
    assert "keys create" in result.stderr and "--allow-unauthenticated" in result.stderr


async def test_api_keys_guard_every_route_but_the_system_ones(make_api: AppFactory) -> None:
    api = await make_api(api_keys="first-key-123456,second-key-654321")
    assert (await api.get("/health")).status_code == 200
    missing = await api.post("/auth/login", data={"username": "demo", "password": "demo-password"})
    assert missing.status_code == 401 and missing.json()["exc_type"] == "ApiKeyRequired"
    wrong = await api.get("/auth/sessions", headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401 and wrong.json()["exc_type"] == "InvalidApiKey"
    api.headers["Authorization"] = "Bearer first-key-123456"
    token = await login(api)
    assert (await api.get("/auth/settings", headers={"X-Session-ID": token})).status_code == 200
    other = {"X-API-Key": "second-key-654321", "X-Session-ID": token, "Authorization": ""}
    foreign = await api.get("/auth/settings", headers=other)
    assert foreign.status_code == 404, "another tenant's session does not exist for it"
    assert (
        await api.get("/auth/sessions", headers={"X-API-Key": "second-key-654321", "Authorization": ""})
    ).json() == []


async def test_a_stored_key_from_the_cli_works(make_api: AppFactory, settings, tmp_path: Path) -> None:
    result = cli(
        "keys", "create", "acme", cwd=tmp_path, env={"AIOGRAPI_REST_DATABASE_URL": settings.database_url}
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    api = await make_api()
    assert (await api.get("/auth/sessions")).status_code == 401
    assert (await api.get("/auth/sessions", headers={"Authorization": f"Bearer {key}"})).status_code == 200
    listed = cli("keys", "list", cwd=tmp_path, env={"AIOGRAPI_REST_DATABASE_URL": settings.database_url})
    assert "acme" in listed.stdout and key not in listed.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIOGRAPI_REST_")}
    env["AIOGRAPI_REST_SECRET_KEY"] = TEST_KEY
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiograpi_rest", "serve", "--sandbox", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_server_answers_over_a_real_socket(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as http:
        assert http.get("/health").json() == {"status": "ok"}
        assert http.get("/ready").json() == {"status": "ok", "checks": {"store": "ok"}}
        metrics = http.get("/metrics").text
        assert 'route="/health",status="200"' in metrics
        assert http.get("/deps").json()["aiograpi"] == "1.0.9"
        assert http.get("/build").json()["name"] == "aiograpi-rest"
        assert "swagger-ui-bundle.js" in http.get("/docs").text
        token = http.post("/auth/login", data={"username": "demo", "password": "demo-password"}).json()
        settings = http.get("/auth/settings", headers={"X-Session-ID": token})
        assert settings.status_code == 200 and settings.json()["authorization_data"]["ds_user_id"]
