"""API keys, tenants, the bind guard, and the real server over a socket."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.conftest import AppFactory, cli, cli_server, login


def test_binding_elsewhere_without_a_key_refuses_to_start(tmp_path: Path) -> None:
    result = cli("serve", "--host", "0.0.0.0", cwd=tmp_path)
    assert result.returncode != 0
    assert "keys create" in result.stderr and "--allow-unauthenticated" in result.stderr
    assert list(tmp_path.iterdir()) == [], "refusing left no database or key file behind"


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


async def test_with_api_keys_only_an_admin_key_changes_the_shared_sandbox(
    make_api: AppFactory, emulator: Emulator
) -> None:
    api = await make_api(api_keys="tenant-key-123456", admin_keys="admin-key-123456")
    tenant, admin = {"X-API-Key": "tenant-key-123456"}, {"X-API-Key": "admin-key-123456"}
    rule = {"path": "usernameinfo", "preset": "rate_limited"}
    refused = await api.post("/__emulator/faults", json=rule)
    assert refused.status_code == 401 and refused.json()["exc_type"] == "ApiKeyRequired"
    wrong = await api.get("/__emulator/faults", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["exc_type"] == "InvalidApiKey"

    for method, path in [
        ("POST", "/__emulator/faults"),
        ("DELETE", "/__emulator/faults"),
        ("DELETE", "/__emulator/faults/1"),
        ("POST", "/__emulator/reset"),
        ("GET", "/__emulator/log"),
        ("DELETE", "/__emulator/log"),
    ]:
        answer = await api.request(method, path, json=rule if method == "POST" else None, headers=tenant)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["exc_type"] == "AdminKeyRequired" and "--admin" in answer.json()["hint"]
    assert emulator.faults == [], "no refused rule was added"
    assert (await api.get("/__emulator/faults", headers=tenant)).json()["faults"] == [], "reading is allowed"
    assert (await api.get("/__emulator/accounts", headers=tenant)).status_code == 200

    added = await api.post("/__emulator/faults", json=rule, headers=admin)
    assert added.status_code == 201 and added.json()["fault"]["preset"] == "rate_limited"
    assert [r.preset for r in emulator.faults] == ["rate_limited"]
    api.headers.update(admin)
    token = await login(api)
    generation = emulator.world.auth.generation
    assert (await api.post("/__emulator/reset")).status_code == 200
    assert emulator.faults == [] and emulator.world.auth.generation == generation + 1
    gone = await api.get("/user", params={"username": "demo"}, headers={"X-Session-ID": token})
    assert gone.status_code == 401, "the reset logged every session of the old world out"


def test_keys_created_with_admin_may_reset_the_sandbox_and_others_may_not(tmp_path: Path) -> None:
    boss = cli("keys", "create", "boss", "--admin", "--sandbox", cwd=tmp_path)
    dev = cli("keys", "create", "dev", "--sandbox", cwd=tmp_path)
    assert boss.returncode == dev.returncode == 0, boss.stderr + dev.stderr
    listed = cli("keys", "list", "--sandbox", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[:3] for line in listed] == [
        ["NAME", "SOURCE", "ADMIN"],
        ["boss", "stored", "yes"],
        ["dev", "stored", "no"],
    ]
    with (
        cli_server("serve", "--sandbox", cwd=tmp_path, probe="/health") as base,
        httpx.Client(base_url=base) as http,
    ):
        for key, status in ((dev.stdout.strip(), 403), (boss.stdout.strip(), 200)):
            assert http.post("/__emulator/reset", headers={"X-API-Key": key}).status_code == status


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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    with cli_server("serve", "--sandbox", cwd=tmp_path, probe="/health") as base:
        yield base


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


REPO = Path(__file__).resolve().parents[1]


def shell_examples(doc: Path) -> list[str]:
    """The ```sh blocks of a doc that talk to the gateway on its default port."""
    blocks = re.findall(r"```sh\n(.*?)```", doc.read_text(), flags=re.S)
    return [b for b in blocks if "localhost:8000" in b]


@pytest.mark.skipif(shutil.which("curl") is None, reason="the docs' examples use curl")
def test_the_docs_sandbox_examples_work_as_written(served: str, tmp_path: Path) -> None:
    """The README's tour (log in, a profile, a photo, a message, a paged list, a 429) and the emulator
    doc's code lookup, run verbatim in one shell, each block's output checked."""
    blocks = shell_examples(REPO / "README.md") + shell_examples(REPO / "docs" / "emulator.md")
    assert len(blocks) == 7, "README: login, profile, photo, message, paging, 429; emulator doc: codes"
    port = served.rsplit(":", 1)[1]
    marked = [f"{block}\necho; echo '=== block {n} done'" for n, block in enumerate(blocks)]
    script = "set -e\n" + "\n".join(marked).replace("localhost:8000", f"localhost:{port}")
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    login, profile, photo, message, paging, throttled, codes = re.split(r"\n=== block \d done\n", run.stdout)[
        :7
    ]
    assert '"username":"demo"' in login, login[:300]
    assert '"username":"alice"' in profile and '"pk":"' in profile, profile[:300]
    assert '"media_type":1' in photo and '"caption_text":"Hello from the sandbox"' in photo, photo[-600:]
    assert '"mentions":[{"user":{"pk":' in photo and '"username":"alice"' in photo, photo[-900:]
    assert '"item_type":"text"' in message and '"text":"Hi Alice"' in message, message[:300]
    # demo's twelve followers in pages of five, every one once.
    pages = [line.split() for line in paging.strip().splitlines()]
    assert [len(page) for page in pages] == [5, 5, 2], paging
    names = [name for page in pages for name in page]
    assert len(set(names)) == 12 and "alice" in names
    head, retry = throttled.strip().splitlines()[-4:-1], throttled.strip().splitlines()[-1]
    assert head[0].startswith("HTTP/1.1 429") and head[1].lower().startswith("retry-after: 60"), throttled
    assert '"exc_type":"ClientThrottledError"' in head[2], throttled
    assert retry.startswith("HTTP/1.1 200"), "the fault rule answered once"
    assert '"is_email_confirmed":true' in codes, codes[-300:]
    # --sandbox keeps its own database in the working directory.
    assert (tmp_path / "aiograpi-rest-sandbox.db").exists()
    assert not (tmp_path / "aiograpi-rest.db").exists()
