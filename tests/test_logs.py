"""With AIOGRAPI_REST_LOG_FORMAT=json every line a server prints is one JSON object: uvicorn's,
aiograpi's, the gateway's, Python warnings and tracebacks (every `cli_server` run checks it too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import child_env, cli_server, json_line


def test_a_sandbox_run_with_an_internal_error_prints_only_json_lines(tmp_path: Path) -> None:
    lines: list[dict[str, Any]] = []
    with (
        cli_server("serve", "--sandbox", cwd=tmp_path, probe="/health", lines=lines) as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        http.headers["X-Session-ID"] = http.post(
            "/auth/login", data={"username": "demo", "password": "demo-password"}
        ).json()
        assert http.get("/static/swagger-ui.css").status_code == 200
        rule = {"path": "usernameinfo", "preset": "rate_limited", "times": 1}
        assert http.post("/__emulator/faults", json=rule).status_code == 201
        assert http.get("/user", params={"username": "alice"}).status_code == 429
        # An answer aiograpi cannot read: an error nobody maps, a 500 with its traceback logged.
        broken = {"path": "usernameinfo", "status": 200, "body": {"status": "ok", "user": {"pk": "x"}}}
        assert http.post("/__emulator/faults", json=broken).status_code == 201
        failed = http.get("/user", params={"username": "alice"})
        assert failed.status_code == 500, failed.text
    request_id = failed.json()["request_id"]

    # Every line was JSON (cli_server checked); these are the ones that used to be plain text.
    messages = [line["message"] for line in lines if line["logger"].startswith("uvicorn")]
    assert any(m.startswith("Started server process") for m in messages), messages
    assert "Application startup complete." in messages and "Application shutdown complete." in messages
    assert any(m.startswith("Finished server process") for m in messages), messages
    aiograpi = [line for line in lines if line["logger"] == "aiograpi"]
    assert any("429" in line["message"] for line in aiograpi), "aiograpi's own warning"
    [traceback] = [line for line in lines if line["logger"] == "aiograpi_rest.errors"]
    assert request_id in traceback["message"] and traceback["level"] == "ERROR"
    assert traceback["exc"].startswith("Traceback (most recent call last):")
    assert traceback["exc_type"] == failed.json()["exc_type"]
    access = {(line["route"], line["status"]) for line in lines if line["logger"] == "aiograpi_rest.access"}
    assert {("/static", 200), ("/user", 429), ("/user", 500), ("/__emulator/{path}", 201)} <= access
    assert not any(line.get("route") == "<unmatched>" for line in lines), "static files have their label"


def test_warnings_and_uncaught_exceptions_are_json_lines_too(tmp_path: Path) -> None:
    script = (
        "import os, warnings\n"
        "from aiograpi_rest.logs import setup_logging\n"
        "setup_logging('INFO', 'json')\n"
        "print(os.getpid(), flush=True)\n"
        "warnings.warn('a library warns')\n"
        "raise RuntimeError('nothing caught this')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and run.stdout.strip().isdigit()
    warning, uncaught = (json_line(line) for line in run.stderr.splitlines())
    # The pid is read when the line is written (the record's own is switched off as unused).
    assert warning["pid"] == uncaught["pid"] == int(run.stdout)
    assert (warning["logger"], warning["level"]) == ("py.warnings", "WARNING")
    assert "a library warns" in warning["message"]
    assert (uncaught["level"], uncaught["exc_type"]) == ("CRITICAL", "RuntimeError")
    assert "nothing caught this" in uncaught["exc"] and "Traceback" in uncaught["exc"]


async def test_static_files_are_counted_under_their_mount(api: httpx.AsyncClient) -> None:
    assert (await api.get("/static/swagger-ui.css")).status_code == 200
    assert (await api.get("/static/no-such-file.css")).status_code == 404
    text = (await api.get("/metrics")).text
    assert 'aiograpi_rest_requests_total{method="GET",route="/static",status="200"} 1.0' in text
    assert 'aiograpi_rest_requests_total{method="GET",route="/static",status="404"} 1.0' in text
    assert "<unmatched>" not in text
