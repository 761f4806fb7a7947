"""The words of the OpenAPI document: tag and operation descriptions, and sandbox examples.

Generated clients show these as docstrings. An operation's `summary` stays on its route; its
description lives here, keyed by operation id (tests/test_openapi.py wants one for every
operation, and no entry without its operation).
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.openapi_examples import EXAMPLES

API_DESCRIPTION = (
    "REST gateway to Instagram's private API, built on aiograpi. Log in with POST /auth/login "
    "and send the returned token as `X-Session-ID`; where the server has API keys, every call "
    "but the system routes also sends one (`X-API-Key` or `Authorization: Bearer`)."
)

# The reference's tag order (routes.md), so generated clients group operations the same way.
TAGS: dict[str, str] = {
    "Auth": "",
    "Account": "",
    "User": "",
    "Search": "",
    "Share": "",
    "Reels": "",
    "Explore": "",
    "Media (Post)": "",
    "Direct": "",
    "Hashtag": "",
    "Location": "",
    "Highlight": "",
    "Note": "",
    "Notifications": "",
    "Photo": "",
    "Video": "",
    "Clip (Reels)": "",
    "Album (Carousel)": "",
    "Story": "",
    "IGTV (Legacy)": "",
    "Insights": "",
    "Track (Music)": "",
    "System": "",
}

DESCRIPTIONS: dict[str, str] = {}


def describe(doc: dict[str, Any]) -> None:
    """Tags (only those with an operation, in the reference's order), operation descriptions and
    examples."""
    used = {tag for ops in doc["paths"].values() for op in ops.values() for tag in op.get("tags", [])}
    doc["tags"] = [{"name": name, "description": text} for name, text in TAGS.items() if name in used]
    for ops in doc["paths"].values():
        for op in ops.values():
            text = DESCRIPTIONS.get(op["operationId"])
            if text:
                op["description"] = text
            _add_examples(doc, op, EXAMPLES.get(op["operationId"], {}))


def _add_examples(doc: dict[str, Any], op: dict[str, Any], example: dict[str, Any]) -> None:
    for param in op.get("parameters", []):
        if param["name"] in example.get("query", {}):
            param["example"] = example["query"][param["name"]]
    if "body" in example:
        for media in op["requestBody"]["content"].values():
            media["example"] = example["body"]
    if "response" in example:
        for media in op["responses"]["200"].get("content", {}).values():
            media["example"] = example["response"]
