"""The OpenAPI document: 3.0.3, the reference's operation ids and parameters, errors declared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from aiograpi_rest.app import create_app
from aiograpi_rest.config import Settings

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "routes.json"
SESSION_SCHEMES = ("SessionId", "SessionIdQuery", "SessionIdCookie")
PARITY = ROOT.parent / "shared" / "tools" / "parity.py"


@pytest.fixture(scope="module")
def doc() -> dict:
    """Built once per module: building the document takes a second or two."""
    return create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", upstream="sandbox")).openapi()


async def test_document_is_openapi_3_0_3_with_reference_ids(api: httpx.AsyncClient, doc: dict) -> None:
    served = await api.get("/openapi.json")
    assert served.status_code == 200 and served.json() == doc
    assert doc["openapi"] == "3.0.3"
    ids = {(m.upper(), p): op["operationId"] for p, ops in doc["paths"].items() for m, op in ops.items()}
    assert ids[("POST", "/auth/login")] == "postAuthLogin"
    assert ids[("POST", "/auth/login/by/sessionid")] == "postAuthLoginBySessionId"
    assert ids[("GET", "/health")] == "getHealth"
    schemas = doc["components"]["schemas"]
    assert "PostAuthLoginRequest" in schemas
    assert not [name for name in schemas if name.startswith("Body_")]


async def test_authorize_covers_the_session_token_and_both_api_key_forms(doc: dict) -> None:
    schemes = doc["components"]["securitySchemes"].values()
    headers = {s["name"] for s in schemes if s["type"] == "apiKey" and s["in"] == "header"}
    assert headers == {"X-Session-ID", "X-API-Key"}
    assert {s.get("scheme") for s in schemes if s["type"] == "http"} == {"bearer"}
    user = doc["paths"]["/user"]["get"]["security"]
    assert {name for requirement in user for name in requirement} == set(doc["components"]["securitySchemes"])


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference contract is not beside the repo")
async def test_each_operation_requires_the_credentials_it_reads(doc: dict) -> None:
    # The reference's `session` column; beyond it, POST /auth/login also finishes a pending login
    # on the session it is sent, and our two session routes.
    session = {(op["method"], op["path"]): op["session"] for op in json.loads(REFERENCE.read_text())}
    session |= {("POST", "/auth/login"): "optional", ("GET", "/auth/sessions"): "none"}
    session[("DELETE", "/auth/session")] = "required"
    keys = [{"ApiKeyBearer": []}, {"ApiKey": []}]
    assert doc["security"] == keys
    pairs = {(key, token) for key in ("ApiKeyBearer", "ApiKey") for token in SESSION_SCHEMES}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            where = f"{method} {path}"
            required = op.get("security", doc["security"])
            header = [
                p for p in op.get("parameters", []) if p["in"] == "header" and p["name"] == "X-Session-ID"
            ]
            if "System" in op["tags"]:
                assert op["security"] == [] and not header, where
            elif session[(method.upper(), path)] == "required":
                # Key AND session, in each of their forms: no requirement with one alone.
                assert all(len(r) == 2 for r in required), where
                assert {tuple(r) for r in required} == pairs, where
            else:
                assert required == keys, where
                optional = session[(method.upper(), path)] == "optional"
                assert [h["required"] for h in header] == ([False] if optional else []), where


async def test_every_route_declares_the_error_body(doc: dict) -> None:
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            declared = op["responses"].get("500", {})
            ref = declared.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            assert ref == "#/components/schemas/ErrorBody", f"{method} {path}"
            if "System" not in op.get("tags", []):
                assert "422" in op["responses"] and "401" in op["responses"], f"{method} {path}"
                invalid = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert invalid == "#/components/schemas/ValidationErrorBody", f"{method} {path}"
    body = doc["components"]["schemas"]["ValidationErrorBody"]
    assert body["properties"]["detail"]["items"] == {"$ref": "#/components/schemas/FieldError"}
    assert doc["components"]["schemas"]["FieldError"]["required"] == ["type", "loc", "msg"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference contract is not beside the repo")
async def test_tags_are_listed_in_the_reference_order(doc: dict) -> None:
    headings = REFERENCE.with_name("routes.md").read_text().splitlines()
    reference = [line.removeprefix("## ") for line in headings if line.startswith("## ")]
    assert [tag["name"] for tag in doc["tags"]] == reference


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference contract is not beside the repo")
def test_the_whole_contract_is_mounted_and_matches(settings: Settings, tmp_path: Path) -> None:
    ours = tmp_path / "openapi.json"
    ours.write_text(json.dumps(create_app(settings).openapi()))
    expected = len(json.loads(REFERENCE.read_text()))
    out = subprocess.run(
        [sys.executable, str(PARITY), str(ours), "--min-matching", str(expected)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout
    assert f"parity: {expected}/{expected} present, {expected}/{expected} matching" in out.stdout
