"""Clients generated from `/openapi.json` as a new user would make them, used against a real
`serve --sandbox` with an API key configured: openapi-python-client (no warning, `mypy --strict`,
a program that logs in and reads a profile) and openapi-typescript (`tsc` with its default flags,
the compiled program run with node).

The tools are pinned: openapi-python-client and mypy in the test extra, openapi-typescript and
TypeScript in tests/clients/ts's package-lock.json (installed here with `npm ci`). Everything is
generated into temporary folders, once per module.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest

from tests.conftest import cli_server

CLIENTS = Path(__file__).resolve().parent / "clients"
BIN = Path(sys.executable).parent
API_KEY = "generated-clients-key"
PACKAGE = "aiograpi_rest_client"


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """The command's output (stdout, then stderr); a failure shows both."""
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(map(str, command))} exited {done.returncode}:\n{output}"
    return output


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"AIOGRAPI_REST_API_KEYS": API_KEY}
    with cli_server(
        "serve", "--sandbox", cwd=tmp_path_factory.mktemp("sandbox"), probe="/health", env=env
    ) as base:
        yield base


@pytest.fixture(scope="module")
def schema(sandbox: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    path.write_bytes(httpx.get(f"{sandbox}/openapi.json").raise_for_status().content)
    return path


@pytest.fixture(scope="module")
def python_client(schema: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The generated package's folder (importable as `aiograpi_rest_client`) and what the
    generator printed."""
    root = tmp_path_factory.mktemp("python-client")
    config = CLIENTS / "python" / "openapi-python-client.yaml"
    output = run(
        BIN / "openapi-python-client",
        *(
            "generate",
            "--path",
            schema,
            "--meta",
            "none",
            "--output-path",
            root / PACKAGE,
            "--config",
            config,
        ),
        cwd=root,
    )
    shutil.copy(CLIENTS / "python" / "use_client.py", root)
    return root, output


def raw(sandbox: str, token: str, path: str) -> httpx.Response:
    return httpx.get(sandbox + path, headers={"X-API-Key": API_KEY, "X-Session-ID": token})


def test_python_client_generates_without_a_warning_and_passes_mypy_strict(
    python_client: tuple[Path, str],
) -> None:
    root, output = python_client
    assert output.strip() == f"Generating {root / PACKAGE}"
    run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        root / ".mypy_cache",
        PACKAGE,
        "use_client.py",
        cwd=root,
    )


def test_no_generated_python_parameter_is_any(python_client: tuple[Path, str], schema: Path) -> None:
    root, _ = python_client
    sys.path.insert(0, str(root))
    try:
        api = importlib.import_module(f"{PACKAGE}.api")
        # The models' hints name classes imported only for type checkers, and Any.
        names = {
            **vars(typing),
            **vars(importlib.import_module(f"{PACKAGE}.models")),
            **vars(importlib.import_module(f"{PACKAGE}.types")),
        }
        untyped, operations = [], 0
        for module in pkgutil.walk_packages(api.__path__, f"{api.__name__}."):
            call = getattr(importlib.import_module(module.name), "sync_detailed", None)
            if call is None:
                continue
            operations += 1
            hints = typing.get_type_hints(call)
            hints.pop("client"), hints.pop("return")
            # A body is a model: its fields are the parameters (bar the extra ones it keeps).
            bodies = [t for t in typing.get_args(hints.get("body")) or (hints.get("body"),) if attrs.has(t)]
            for body in bodies:
                fields = typing.get_type_hints(body, names)
                fields.pop("additional_properties", None)
                hints |= {f"body.{field}": hint for field, hint in fields.items()}
            operation = module.name.rsplit(".", 1)[-1]
            untyped += [f"{operation}: {name}: {hint}" for name, hint in hints.items() if _has_any(hint)]
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]
    assert operations == sum(len(ops) for ops in json.loads(schema.read_text())["paths"].values())
    assert untyped == []


def _has_any(hint: object) -> bool:
    return hint is typing.Any or any(_has_any(arg) for arg in typing.get_args(hint))


def test_python_client_logs_in_without_a_session_and_reads_a_profile(
    python_client: tuple[Path, str], sandbox: str
) -> None:
    root, _ = python_client
    seen = json.loads(run(sys.executable, "use_client.py", sandbox, API_KEY, cwd=root))
    token = seen["token"]
    # What the gateway answers the same session, asked directly with both headers.
    assert raw(sandbox, token, "/account").json()["username"] == "demo"
    user = raw(sandbox, token, "/user?username=instagram").json()
    assert seen["user"] == {k: user[k] for k in ("pk", "username", "follower_count")}
    unknown = raw(sandbox, token, "/user?username=nobody_by_this_name")
    assert seen["unknown_user"]["status"] == unknown.status_code == 404
    assert seen["unknown_user"]["exc_type"] == unknown.json()["exc_type"] == "UserNotFound"
    # Both headers were needed: the key alone, or the session alone, is refused.
    assert httpx.get(f"{sandbox}/user?username=instagram", headers={"X-Session-ID": token}).status_code == 401
    assert httpx.get(f"{sandbox}/user?username=instagram", headers={"X-API-Key": API_KEY}).status_code == 401


@pytest.fixture(scope="module")
def ts_tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """openapi-typescript and tsc as tests/clients/ts's lock pins them: their bin folder."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    assert not missing, f"{', '.join(missing)} not found: the TypeScript client test needs Node.js and npm"
    where = tmp_path_factory.mktemp("ts-tools")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(CLIENTS / "ts" / name, where)
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=where)
    return where / "node_modules" / ".bin"


def test_typescript_types_compile_with_default_flags_and_the_program_runs(
    ts_tools: Path, schema: Path, sandbox: str, tmp_path: Path
) -> None:
    output = run(ts_tools / "openapi-typescript", schema, "-o", tmp_path / "api.d.ts", cwd=tmp_path)
    assert "warn" not in output.lower(), output
    shutil.copy(CLIENTS / "ts" / "client.ts", tmp_path)
    run(ts_tools / "tsc", "client.ts", cwd=tmp_path)
    seen = json.loads(run("node", "client.js", sandbox, API_KEY, cwd=tmp_path))
    # The program logged in with only a username and a password; the profile is the gateway's.
    user = httpx.get(
        f"{sandbox}/user?username=instagram", headers={"X-API-Key": API_KEY, "X-Session-ID": seen["token"]}
    )
    assert seen == {
        "token": seen["token"],
        **{k: user.json()[k] for k in ("pk", "username", "follower_count")},
    }
