"""Operation ids, schema names and the OpenAPI 3.0.3 document that client generators read."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from aiograpi_rest import __version__, openapi_schemas, openapi_text
from aiograpi_rest.deps import (
    API_KEY_SCHEMES,
    SESSION_SCHEMES,
    any_session_record,
    session_client,
    session_record,
)

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
    "503": "Session coordination (Redis) did not answer: no call was made; retry after `Retry-After`.",
    "504": "Instagram did not answer in time.",
}
_SYSTEM_ERRORS = ("500",)
# Where an operation takes a session without needing one (see `_declare_security`).
OPTIONAL_SESSION_HEADER = {
    "name": "X-Session-ID",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "A session token, when the operation acts on one (its description says when).",
}


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
        description=openapi_text.API_DESCRIPTION,
        routes=app.routes,
    )
    doc["openapi"] = "3.0.3"
    _declare_security(doc)
    _name_bodies(doc)
    _declare_errors(doc)
    doc = openapi_schemas.to_3_0(doc)
    _form_and_query_values(doc)
    openapi_schemas.request_defaults_in_words(doc)
    openapi_schemas.name_enums(doc)
    openapi_schemas.name_responses(doc)
    openapi_schemas.answers_send_every_field(doc)
    openapi_text.describe(doc)
    app.openapi_schema = doc
    return doc


def _declare_security(doc: dict[str, Any]) -> None:
    """Each operation requires what its dependencies read (`deps.security`): an API key AND a
    session token where it needs a session, the key alone (the document's default) where it does
    not, nothing on the system routes. The key is checked only where the server has keys.

    An operation that reads a session token without requiring one (POST /auth/login finishing a
    pending login, PATCH /auth/settings importing without one) declares it as an optional
    `X-Session-ID` header instead: as a security alternative, generators (openapi-python-client)
    would want an authenticated client for a plain login."""
    from aiograpi_rest.routes import api_routes  # the route modules import what this module serves

    keys = [{s.scheme_name: []} for s in API_KEY_SCHEMES]
    both = [{k.scheme_name: [], s.scheme_name: []} for s in SESSION_SCHEMES for k in API_KEY_SCHEMES]
    declared = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    for scheme in (*API_KEY_SCHEMES, *SESSION_SCHEMES):
        declared[scheme.scheme_name] = jsonable_encoder(scheme.model, by_alias=True, exclude_none=True)
    doc["security"] = keys
    for route, included_with in api_routes():
        if not route.include_in_schema:
            continue
        reads = _schemes(route.dependant).union(
            *(getattr(d.dependency, "security", ()) for d in included_with)
        )
        for method in route.methods:
            op = doc["paths"][route.path_format][method.lower()]
            if not reads:
                op["security"] = []
            elif _needs_session(route.dependant):
                op["security"] = (
                    both if reads & set(API_KEY_SCHEMES) else [{s.scheme_name: []} for s in SESSION_SCHEMES]
                )
            elif reads & set(SESSION_SCHEMES):
                op.setdefault("parameters", []).append(dict(OPTIONAL_SESSION_HEADER))


def _schemes(dependant: Dependant) -> set[Any]:
    found = set(getattr(dependant.call, "security", ()))
    for sub in dependant.dependencies:
        found |= _schemes(sub)
    return found


def _needs_session(dependant: Dependant) -> bool:
    """Whether a dependency answers 401 without a session token: `deps.session_record`, the one
    that also takes a pending login, or `session_client`, which reads the record itself."""
    if dependant.call in (session_record, any_session_record, session_client):
        return True
    return any(_needs_session(sub) for sub in dependant.dependencies)


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
    for ops in doc.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            system = "System" in op.get("tags", [])
            for status, text in ERROR_STATUSES.items():
                if system and status not in _SYSTEM_ERRORS:
                    continue
                content = invalid_content if status == "422" else error_content
                responses[status] = {"description": text, "content": content}


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
