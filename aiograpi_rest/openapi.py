"""Operation ids, schema names and the OpenAPI 3.0.3 document that client generators read."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from aiograpi_rest import __version__
from aiograpi_rest.deps import API_KEY_SCHEMES, SESSION_SCHEMES

# The reference's tag order (routes.md), so generated clients group operations the same way.
TAGS = [
    "Auth",
    "Account",
    "User",
    "Search",
    "Share",
    "Reels",
    "Explore",
    "Media (Post)",
    "Direct",
    "Hashtag",
    "Location",
    "Highlight",
    "Note",
    "Notifications",
    "Photo",
    "Video",
    "Clip (Reels)",
    "Album (Carousel)",
    "Story",
    "IGTV (Legacy)",
    "Insights",
    "Track (Music)",
    "System",
]

# Where the reference's ids do not follow the method+path rule.
_ID_EXCEPTIONS = {("POST", "/auth/login/by/sessionid"): "postAuthLoginBySessionId"}

ERROR_STATUSES = {
    "400": "The request could not be read (a broken multipart body), or Instagram refused its values.",
    "401": "Session or API key missing, unknown or revoked; or Instagram wants a new login.",
    "403": "Instagram refused: challenge, checkpoint, private account, blocked action.",
    "404": "No such session, user, media or other object.",
    "409": "A conflict with the account's state (not yourself, three pins at most, a broadcast's state).",
    "413": "An upload or a fetched file is larger than the server takes.",
    "422": "Bad input: `detail` lists each refused value as FastAPI does (`loc` names the field).",
    "429": "Throttled by Instagram: see `Retry-After`.",
    "451": "Instagram blocks this content in the account's region.",
    "500": "A bug in the gateway: the log has the request id.",
    "502": "Instagram or the network failed.",
    "504": "Instagram did not answer in time.",
}
_SYSTEM_ERRORS = ("500",)


def operation_id(method: str, path: str) -> str:
    """`GET /user/followers` → `getUserFollowers`: the reference's naming rule."""
    if (method, path) in _ID_EXCEPTIONS:
        return _ID_EXCEPTIONS[(method, path)]
    parts = [p for p in re.split(r"[/_\-{}]+", path) if p]
    return method.lower() + "".join(p[:1].upper() + p[1:] for p in parts)


def unique_id(route: APIRoute) -> str:
    method = sorted(route.methods)[0]
    return operation_id(method, route.path_format)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title="aiograpi-rest",
        version=__version__,
        description=(
            "REST gateway to Instagram's private API, built on aiograpi. Log in with POST /auth/login "
            "and send the returned token as `X-Session-ID`."
        ),
        routes=app.routes,
        tags=[{"name": t} for t in TAGS],
    )
    doc["openapi"] = "3.0.3"
    _declare_security(doc)
    _name_bodies(doc)
    _declare_errors(doc)
    doc = _to_3_0(doc)
    _form_and_query_values(doc)
    app.openapi_schema = doc
    return doc


def _declare_security(doc: dict[str, Any]) -> None:
    """Each operation lists the credentials its dependencies read (`deps.security`)."""
    from aiograpi_rest.routes import api_routes  # the route modules import what this module serves

    order = [*API_KEY_SCHEMES, *SESSION_SCHEMES]
    declared = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    for route, included_with in api_routes():
        if not route.include_in_schema:
            continue
        used = _schemes(route.dependant).union(
            *(getattr(d.dependency, "security", ()) for d in included_with)
        )
        if not used:
            continue
        schemes = [s for s in order if s in used]
        for method in route.methods:
            doc["paths"][route.path_format][method.lower()]["security"] = [
                {s.scheme_name: []} for s in schemes
            ]
        for scheme in schemes:
            declared[scheme.scheme_name] = jsonable_encoder(scheme.model, by_alias=True, exclude_none=True)


def _schemes(dependant: Dependant) -> set[Any]:
    found = set(getattr(dependant.call, "security", ()))
    for sub in dependant.dependencies:
        found |= _schemes(sub)
    return found


def _name_bodies(doc: dict[str, Any]) -> None:
    """FastAPI calls form bodies `Body_<id>`; clients expect `<Operation>Request`."""
    schemas = doc.get("components", {}).get("schemas", {})
    renames = {}
    for name in list(schemas):
        if name.startswith("Body_"):
            op = name[len("Body_") :]
            new = op[:1].upper() + op[1:] + "Request"
            schemas[new] = schemas.pop(name)
            schemas[new]["title"] = new
            renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{new}"
    if renames:
        _rewrite_refs(doc, renames)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for value in node.values():
            _rewrite_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renames)


def _declare_errors(doc: dict[str, Any]) -> None:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["ErrorBody"] = {
        "title": "ErrorBody",
        "type": "object",
        "required": ["detail", "exc_type", "request_id"],
        "properties": {
            "detail": {"type": "string", "description": "What went wrong."},
            "exc_type": {"type": "string", "description": "The exception class or error kind."},
            "hint": {"type": "string", "nullable": True, "description": "What to do about it."},
            "request_id": {"type": "string", "description": "Also in the X-Request-ID header and the log."},
            "session_id": {
                "type": "string",
                "description": "Pending session to finish a two-step login with (login errors only).",
            },
            "last_json": {
                "type": "object",
                "description": "Instagram's challenge answer, for POST /auth/challenge/resolve (challenge errors only).",
            },
        },
    }
    schemas["FieldError"] = {
        "title": "FieldError",
        "type": "object",
        "required": ["type", "loc", "msg"],
        "properties": {
            "type": {"type": "string", "description": "The kind of refusal (`missing`, `value_error`, …)."},
            "loc": {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "description": "Where the value was: `query` or `body`, then the field's name.",
            },
            "msg": {"type": "string", "description": "What is wrong with it."},
            "input": {"nullable": True, "description": "The refused value (never a secret)."},
        },
    }
    schemas["ValidationErrorBody"] = {
        "title": "ValidationErrorBody",
        "type": "object",
        "required": ["detail", "exc_type", "request_id"],
        "properties": {
            "detail": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
            "exc_type": {"type": "string", "description": "`ValidationError`."},
            "hint": {"type": "string", "nullable": True, "description": "One sentence naming the field."},
            "request_id": {"type": "string", "description": "Also in the X-Request-ID header and the log."},
        },
    }
    error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    invalid_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorBody"}}}
    for path, ops in doc.get("paths", {}).items():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            system = "System" in op.get("tags", [])
            for status, text in ERROR_STATUSES.items():
                if system and status not in _SYSTEM_ERRORS and not (path == "/ready" and status == "503"):
                    continue
                content = invalid_content if status == "422" else error_content
                responses[status] = {"description": text, "content": content}
            if path == "/ready":
                responses["503"] = {"description": "A dependency is down.", "content": error_content}


def _form_and_query_values(doc: dict[str, Any]) -> None:
    """Query and form values are strings on the wire, where null does not exist: an optional one is
    left out, so none is `nullable` (a generator would send the text "null"). A required form
    string takes at least one character: FastAPI reads an empty form value as absent."""
    schemas = doc.get("components", {}).get("schemas", {})
    for ops in doc.get("paths", {}).values():
        for op in ops.values():
            for param in op.get("parameters", []):
                param.get("schema", {}).pop("nullable", None)
                if param.get("required"):
                    _one_at_least(param.get("schema", {}))
            for content in op.get("requestBody", {}).get("content", {}).values():
                schema = schemas.get(content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1], {})
                for name, prop in schema.get("properties", {}).items():
                    prop.pop("nullable", None)
                    if name in schema.get("required", []):
                        _one_at_least(prop)


def _one_at_least(schema: dict[str, Any]) -> None:
    """A required form string or list takes one character or one item: FastAPI reads an empty form
    value, or a list given no item, as absent ("Field required")."""
    if schema.get("type") == "string" and schema.get("format") != "binary":
        schema.setdefault("minLength", 1)
    elif schema.get("type") == "array":
        schema.setdefault("minItems", 1)


def _to_3_0(node: Any) -> Any:
    """Rewrite JSON Schema 2020-12 idioms that FastAPI emits into their OpenAPI 3.0 forms."""
    if isinstance(node, list):
        return [_to_3_0(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _to_3_0(v) for k, v in node.items()}
    for key in ("anyOf", "oneOf"):
        variants = node.get(key)
        # The children are converted first: a `{"type": "null"}` branch reads `{"nullable": True}` here.
        if isinstance(variants, list) and any(v == {"nullable": True} for v in variants):
            rest = [v for v in variants if v != {"nullable": True}]
            node.pop(key)
            if len(rest) == 1:
                node.update(rest[0])
            else:
                node[key] = rest
            node["nullable"] = True
    if node.get("type") == "null":
        node.pop("type")
        node["nullable"] = True
    if "contentMediaType" in node:
        node.pop("contentMediaType")
        node["format"] = "binary"
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if "examples" in node and isinstance(node["examples"], list) and "properties" not in node:
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    for bound in ("exclusiveMinimum", "exclusiveMaximum"):
        value = node.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            node[bound] = True
            node["minimum" if bound == "exclusiveMinimum" else "maximum"] = value
    return node
