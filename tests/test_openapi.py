"""The OpenAPI document: 3.0.3, the reference's operation ids and parameters, errors declared,
the credentials each operation needs, types as generators read them, descriptions and examples.
(tests/test_generated_clients.py generates clients from it.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from aiograpi_rest.app import create_app
from aiograpi_rest.config import Settings
from aiograpi_rest.openapi_examples import EXAMPLES
from aiograpi_rest.openapi_schemas import ENUM_NAMES
from aiograpi_rest.openapi_text import DESCRIPTIONS, TAGS
from tests.conftest import login
from tests.media_files import jpeg

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


def nodes(node: object, where: str = "") -> list[tuple[str, dict]]:
    """Every object of the document with its JSON pointer."""
    if isinstance(node, list):
        return [n for i, v in enumerate(node) for n in nodes(v, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    return [(where, node), *(n for k, v in node.items() for n in nodes(v, f"{where}/{k}"))]


def operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


async def test_types_read_as_3_0_generators_read_them(doc: dict) -> None:
    for where, node in nodes(doc):
        # A null branch in anyOf comes out of generators as `Any`; 3.0 says `nullable` beside the type.
        for key in ("anyOf", "oneOf"):
            assert not [v for v in node.get(key, []) if v.get("type") == "null" or v == {"nullable": True}], (
                where
            )
        # 3.0 ignores whatever stands beside a $ref (a `nullable` there says nothing).
        assert "$ref" not in node or len(node) == 1, where
        assert node.get("type") != "null", where
    for method, path, op in operations(doc):
        for param in op.get("parameters", []):
            assert "nullable" not in param["schema"], f"{method} {path} {param['name']}"


async def test_every_answer_has_a_named_type(doc: dict) -> None:
    schemas = doc["components"]["schemas"]
    for method, path, op in operations(doc):
        for status, response in op["responses"].items():
            for media_type, media in response.get("content", {}).items():
                schema = media["schema"]
                item = schema.get("items", schema) if schema.get("type") == "array" else schema
                item = item["allOf"][0] if len(item.get("allOf", ())) == 1 else item  # `nullable` beside
                where = f"{method} {path} {status} {media_type}"
                # A model's component, or a plain value: never an object without a name.
                assert "$ref" in item or item.get("type") in ("string", "boolean", "integer", "number"), where
                assert "title" not in schema, where
    ready = doc["paths"]["/ready"]["get"]["responses"]
    for status in ("200", "503"):
        assert ready[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Readiness"
        }
    assert set(schemas["Readiness"]["required"]) == {"status", "checks"}
    metrics = doc["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert metrics == {"text/plain": {"schema": {"type": "string"}}}


async def test_every_enum_is_a_named_component(doc: dict) -> None:
    schemas = doc["components"]["schemas"]
    for where, node in nodes(doc):
        if "enum" in node and node.get("type") in ("string", "integer"):
            assert where.startswith("/components/schemas/") and where.count("/") == 3, where
            assert where.rsplit("/", 1)[-1] in ENUM_NAMES.values(), f"name {where} in ENUM_NAMES"
    box = doc["paths"]["/direct/inbox"]["get"]["parameters"]
    assert next(p for p in box if p["name"] == "box")["schema"] == {
        "allOf": [{"$ref": "#/components/schemas/DirectFolder"}],
        "description": "A business inbox's box (General or Primary).",
        "default": "",
    }
    assert schemas["DirectFolder"]["enum"] == ["", "general", "primary"]


async def test_optional_form_fields_have_no_default_a_generator_would_require(doc: dict) -> None:
    # openapi-typescript types a component property with a default as always there.
    schemas = doc["components"]["schemas"]
    bodies = {
        media["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, _, op in operations(doc)
        for media in op.get("requestBody", {}).get("content", {}).values()
    }
    assert "PostAuthLoginRequest" in bodies
    for name in bodies:
        assert [f for f, prop in schemas[name]["properties"].items() if "default" in prop] == [], name
    surface = schemas["PostUserBlockRequest"]["properties"]["surface"]
    assert surface["description"].endswith("Default: `profile`.")


async def test_every_operation_and_tag_is_described(doc: dict) -> None:
    ids = {op["operationId"] for _, _, op in operations(doc)}
    assert set(DESCRIPTIONS) == ids  # one each, and none left over from a removed route
    for method, path, op in operations(doc):
        text = op["description"]
        assert text.startswith(DESCRIPTIONS[op["operationId"]]) and len(text) > len(op["summary"]), (
            f"{method} {path}"
        )
    used = [t for t in TAGS if any(t in op["tags"] for _, _, op in operations(doc))]
    assert [tag["name"] for tag in doc["tags"]] == used  # no empty heading
    assert all(tag["description"] for tag in doc["tags"])
    followers = doc["paths"]["/user/followers"]["get"]["description"]
    assert "`next_cursor` back as `cursor`" in followers  # said once, where the answer is a page


async def test_the_examples_work_in_the_sandbox(doc: dict, api: httpx.AsyncClient, tmp_path: Path) -> None:
    api.headers["X-Session-ID"] = await login(api)
    found = {op["operationId"]: (method, path, op) for method, path, op in operations(doc)}
    for operation_id, example in EXAMPLES.items():
        method, path, op = found[operation_id]
        params = {p["name"]: p["example"] for p in op.get("parameters", []) if "example" in p}
        assert params == example.get("query", {}), operation_id
        body = {}
        for media in op.get("requestBody", {}).get("content", {}).values():
            body = media["example"]
        assert body == example.get("body", {}), operation_id
        files = (
            {"file": ("sunset.jpg", jpeg(tmp_path / "sunset.jpg").read_bytes())} if "photo" in path else None
        )
        response = await api.request(method, path, params=params, data=body, files=files)
        assert response.status_code == 200, f"{operation_id}: {response.text}"
        if "response" in example:
            assert type(response.json()) is type(example["response"]), operation_id


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
