"""Schema rewrites for client generators: OpenAPI 3.0 forms, named response and enum schemas,
request fields that are optional in every generator, response fields that are always there.

Each pass fixes what a generator would otherwise read wrongly; tests/test_generated_clients.py
generates clients with openapi-python-client and openapi-typescript from the document, compiles
them and runs a program with each.
"""

from __future__ import annotations

import re
from typing import Any

# Every enum of the document, by its values (in order), and its component name. A value set seen
# twice is one schema. An enum missing here is named after its title (tests/test_openapi.py
# asks for a name here).
ENUM_NAMES: dict[tuple[Any, ...], str] = {
    ("flat", "raw"): "UserStreamView",
    ("reels", "explore_reels", "friends_reels"): "ReelsCollection",
    ("ALL", "CAROUSEL_V2", "IMAGE", "SHOPPING", "VIDEO"): "InsightsPostType",
    ("ONE_WEEK", "ONE_MONTH", "THREE_MONTHS", "SIX_MONTHS", "ONE_YEAR", "TWO_YEARS"): "InsightsTimeFrame",
    (
        "REACH_COUNT",
        "LIKE_COUNT",
        "FOLLOW",
        "SHARE_COUNT",
        "BIO_LINK_CLICK",
        "COMMENT_COUNT",
        "IMPRESSION_COUNT",
        "PROFILE_VIEW",
        "VIDEO_VIEW_COUNT",
        "SAVE_COUNT",
    ): "InsightsOrdering",
    ("true", "false"): "BooleanText",
    ("", "flagged", "unread"): "DirectThreadFilter",
    ("", "general", "primary"): "DirectFolder",
    ("raven", "universal"): "DirectSearchMode",
    ("user", "hashtag", "keyword"): "RecentSearchKind",
    ("started", "ended"): "LivestreamState",
    ("photo", "video"): "DirectMediaKind",
    (
        "feed_timeline",
        "feed_contextual_chain",
        "feed_short_url",
        "feed_contextual_self_profile",
        "feed_contextual_profile",
    ): "MediaShareSurface",
    ("message_button", "inbox_search"): "MessageSendSurface",
    ("ok", "unavailable"): "ReadinessStatus",
}

# Instagram's (or aiograpi's) JSON, passed through as it came: one schema for all of them.
JSON_OBJECT = {
    "title": "JsonObject",
    "type": "object",
    "additionalProperties": True,
    "description": (
        "A JSON object as Instagram (or aiograpi) gave it, passed through unchanged: its fields "
        "are Instagram's and may change without notice."
    ),
}
_REF = "#/components/schemas/"


def to_3_0(node: Any) -> Any:
    """Rewrite JSON Schema 2020-12 idioms that FastAPI emits into their OpenAPI 3.0 forms."""
    if isinstance(node, list):
        return [to_3_0(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: to_3_0(v) for k, v in node.items()}
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
    return _ref_alone(node)


def _ref_alone(node: dict[str, Any]) -> dict[str, Any]:
    """In 3.0 a `$ref`'s siblings are ignored, so `{"$ref", "nullable"}` says nothing about null:
    the reference goes into an `allOf` of one, beside which `nullable` and the rest count."""
    if "$ref" not in node or len(node) == 1:
        return node
    return {"allOf": [{"$ref": node.pop("$ref")}], **node}


def name_enums(doc: dict[str, Any]) -> None:
    """Each string or integer enum becomes a component (`ENUM_NAMES`), referred to where it was,
    so generated clients have one named type for it instead of one per field."""
    schemas = doc["components"]["schemas"]

    def visit(node: Any, top: bool) -> Any:
        if isinstance(node, list):
            return [visit(v, False) for v in node]
        if not isinstance(node, dict):
            return node
        if not top and _is_named_enum(node):
            return _enum_ref(schemas, node)
        return {k: visit(v, False) for k, v in node.items()}

    for name, schema in list(schemas.items()):
        if not _is_named_enum(schema):
            schemas[name] = visit(schema, True)
    doc["paths"] = visit(doc["paths"], False)


def _is_named_enum(node: dict[str, Any]) -> bool:
    values = node.get("enum")
    return isinstance(values, list) and node.get("type") in ("string", "integer")


def _enum_ref(schemas: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    values = tuple(node["enum"])
    name = ENUM_NAMES.get(values) or _pascal(node.get("title", "Choice"))
    schemas.setdefault(name, {"title": name, "type": node["type"], "enum": list(values)})
    # What belongs to this use (its default, description, nullability) stays beside the reference.
    rest = {k: v for k, v in node.items() if k not in ("enum", "type", "title", "minLength")}
    if not rest:
        return {"$ref": _REF + name}
    return {"allOf": [{"$ref": _REF + name}], **rest}


def _pascal(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def name_responses(doc: dict[str, Any]) -> None:
    """No answer is an anonymous object: generators would name one after its operation
    (`GetHealthResponseGethealth`) or its field. Free-form JSON, wherever it appears, is the
    shared `JsonObject`; every other object answer is a model's component."""
    schemas = doc["components"]["schemas"]

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(v) for v in node]
        if not isinstance(node, dict):
            return node
        if _free_form(node):
            rest = {k: v for k, v in node.items() if k not in ("type", "additionalProperties", "title")}
            ref = {"$ref": _REF + "JsonObject"}
            return {"allOf": [ref], **rest} if rest else ref
        return {k: visit(v) for k, v in node.items()}

    for name, schema in list(schemas.items()):
        schemas[name] = {k: visit(v) for k, v in schema.items()}
    doc["paths"] = visit(doc["paths"])
    schemas["JsonObject"] = dict(JSON_OBJECT)
    for ops in doc["paths"].values():
        for op in ops.values():
            for status, response in op.get("responses", {}).items():
                for media in response.get("content", {}).values() if status.startswith("2") else ():
                    # FastAPI's "Response <Operation>" title: a name no generator should use.
                    media.get("schema", {}).pop("title", None)


def _free_form(schema: dict[str, Any]) -> bool:
    return (
        schema.get("type") == "object"
        and schema.get("additionalProperties", True) is True
        and not schema.get("properties")
    )


def request_defaults_in_words(doc: dict[str, Any]) -> None:
    """A form field's `default` moves into its description. openapi-typescript types a component
    property that has a default as always present, which is true of an answer but makes every
    optional form field required in a request (`POST /auth/login` then wants all seven). The
    server applies the default whether or not a client sends it."""
    for name in _request_schemas(doc):
        for prop in doc["components"]["schemas"][name].get("properties", {}).values():
            if "default" not in prop:
                continue
            value = prop.pop("default")
            if value in ("", None, [], {}):
                continue
            said = f"Default: `{_literal(value)}`."
            prop["description"] = f"{prop['description']} {said}" if prop.get("description") else said


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _request_schemas(doc: dict[str, Any]) -> set[str]:
    found = set()
    for ops in doc["paths"].values():
        for op in ops.values():
            for media in op.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref.startswith(_REF):
                    found.add(ref[len(_REF) :])
    return found


def answers_send_every_field(doc: dict[str, Any]) -> None:
    """A model field with a default is in every answer (the gateway serializes every field), so
    it is `required` in the schemas answers use; a generated client then types it as present.
    Object and list defaults go: openapi-python-client refuses any but null for an object."""
    schemas = doc["components"]["schemas"]
    requests = _request_schemas(doc)
    for name, schema in schemas.items():
        if name in requests or "properties" not in schema:
            continue
        required = schema.setdefault("required", [])
        for field, prop in schema["properties"].items():
            if "default" not in prop:
                continue
            if field not in required:
                required.append(field)
            if isinstance(prop["default"], dict):
                del prop["default"]
