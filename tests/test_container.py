"""The Dockerfile and compose.yaml, checked without Docker (this machine cannot build or run images):
the image's command is the gateway's refusing-without-keys `serve` on every address, it runs as a
user of its own, the compose file wires PostgreSQL and Redis, takes every secret from the
operator's environment and probes /ready with a command that works."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiograpi_rest.config import Settings
from tests.conftest import child_env, cli, cli_server

REPO = Path(__file__).resolve().parent.parent
REQUIRED_VARIABLE = re.compile(r"\$\{(\w+):\?[^}]+\}")


def dockerfile() -> dict[str, str]:
    """The Dockerfile's last instruction of each kind, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (REPO / "Dockerfile").read_text())
    instructions: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.strip().partition(" ")
            instructions[name.upper()] = value.strip()
    return instructions


def image_command() -> list[str]:
    found = dockerfile()
    return json.loads(found["ENTRYPOINT"]) + json.loads(found["CMD"])


def compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((REPO / "compose.yaml").read_text())


def substituted(value: str, **values: str) -> str:
    return REQUIRED_VARIABLE.sub(lambda m: values[m.group(1)], value)


def test_the_image_installs_the_project_and_runs_serve_as_a_user_of_its_own() -> None:
    found = dockerfile()
    assert found["FROM"] == "python:3.11-slim"
    assert found["RUN"].startswith("pip install . ")
    assert found["USER"] not in ("", "root", "0")
    assert image_command() == ["aiograpi-rest", "serve", "--host", "0.0.0.0"]
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".venv", "**/*.db", "**/*.key", "**/node_modules", ".git"} <= set(ignored)


def test_the_images_command_refuses_without_a_key_and_serves_with_one(tmp_path: Path) -> None:
    command = image_command()[1:]
    refused = cli(*command, cwd=tmp_path)
    assert refused.returncode == 2 and "Refusing to bind 0.0.0.0 with no API key" in refused.stderr

    env = {"AIOGRAPI_REST_API_KEYS": "container-key-123456"}
    with cli_server(*command, cwd=tmp_path, probe="/ready", env=env) as base:
        assert httpx.get(base + "/auth/sessions").status_code == 401
        # compose's healthcheck, pointed at this server's port.
        probe = compose()["services"]["gateway"]["healthcheck"]["test"]
        assert probe[:2] == ["CMD", "python"] and "/ready" in probe[-1]
        port = base.rsplit(":", 1)[1]
        check = [sys.executable, *probe[2:-1], probe[-1].replace(":8000/", f":{port}/")]
        assert subprocess.run(check, env=child_env(), timeout=30, check=False).returncode == 0


def test_compose_wires_postgresql_and_redis_and_commits_no_secret() -> None:
    services = compose()["services"]
    assert set(services) == {"gateway", "postgres", "redis"}
    gateway = services["gateway"]
    assert gateway["build"] == "."
    assert gateway["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    env = gateway["environment"]
    for name in ("AIOGRAPI_REST_API_KEYS", "AIOGRAPI_REST_SECRET_KEY"):
        assert REQUIRED_VARIABLE.fullmatch(env[name]), f"{name} must come from the operator: {env[name]}"
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert REQUIRED_VARIABLE.fullmatch(password)
    url = substituted(env["AIOGRAPI_REST_DATABASE_URL"], POSTGRES_PASSWORD="pw")
    assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url
    Settings(database_url=url)  # the gateway takes it
    assert env["AIOGRAPI_REST_REDIS_URL"] == "redis://redis:6379/0"
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"][0] == "CMD"
