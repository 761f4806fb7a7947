"""Nothing a caller sends can steer a session's cookies to another Instagram endpoint: every
identifier is refused at the parameter it came in, before any upstream call."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.validation import assert_invalid

# Each of these reached Instagram as given: a path walk to another endpoint, a query added to
# the path, a control character (a 500 InvalidURL), a percent sign aiograpi would not escape.
STEERING = ["x/../../../accounts/current_user/?", "demo?x=1#", "\x01", "%01", "demo/", "a b"]


def operations_taking(api: httpx.AsyncClient, field: str) -> list[tuple[str, str, str]]:
    """(method, path, where) of every operation with a `field` parameter, read from the schema."""
    doc = api.app.openapi()  # type: ignore[attr-defined]
    schemas = doc["components"]["schemas"]
    found = []
    for path, ops in doc["paths"].items():
        if path.startswith("/auth/"):
            continue  # a login's username travels in the body, and may be an e-mail or phone number
        for method, op in ops.items():
            if any(p["name"] == field for p in op.get("parameters", [])):
                found.append((method.upper(), path, "query"))
            for content in op.get("requestBody", {}).get("content", {}).values():
                ref = content["schema"].get("$ref", "")
                if field in schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}):
                    found.append((method.upper(), path, "body"))
    return found


async def send(api: httpx.AsyncClient, method: str, path: str, where: str, **fields: Any) -> httpx.Response:
    if where == "body":
        return await api.request(method, path, data=fields)
    return await api.request(method, path, params=fields)


@pytest.mark.parametrize("field", ["user_id", "username"])
async def test_no_operation_takes_an_identifier_that_would_leave_its_path(
    demo: httpx.AsyncClient, emulator: Emulator, field: str
) -> None:
    operations = operations_taking(demo, field)
    assert len(operations) >= (30 if field == "user_id" else 3)
    for method, path, where in operations:
        for value in STEERING:
            emulator.log.clear()
            response = await send(demo, method, path, where, **{field: value})
            assert_invalid(response, field)
            assert emulator.log == [], (method, path, value, emulator.log.lines())


async def test_a_username_path_walk_never_reaches_current_user(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    response = await demo.get("/user", params={"username": "x/../../../accounts/current_user/?"})
    body = assert_invalid(response, "username")
    assert "username" in body["hint"] and "letters, digits" in body["detail"][0]["msg"]
    assert not any("current_user" in e.path for e in emulator.log)


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/user/followers", "cursor", "next page"),
        ("/user/followers", "cursor", "\u00e9"),
        ("/media/comments/stream", "max_id", "a\nb"),
        ("/media/author", "media_pk", str(2**64)),
        ("/account/liked/media", "last_media_pk", str(2**63)),
    ],
)
async def test_cursors_and_pks_are_bounded(
    demo: httpx.AsyncClient, emulator: Emulator, path: str, field: str, value: str
) -> None:
    params = {"user_id": "1000000001", "media_id": "1_2", field: value}
    emulator.log.clear()
    assert_invalid(await demo.get(path, params=params), field)
    assert emulator.log == []


@pytest.mark.parametrize("field", ["audience", "note_style"])
async def test_a_huge_note_integer_is_refused_before_the_sandbox_sees_it(
    demo: httpx.AsyncClient, emulator: Emulator, field: str
) -> None:
    media = next(iter(emulator.world.media.medias.values()))
    form = {"media_id": f"{media.pk}_{media.owner_pk}", "text": "hi", field: str(2**64)}
    emulator.log.clear()
    assert_invalid(await demo.post("/media/note", data=form), field)
    assert emulator.log == []


async def test_the_schema_states_each_identifier_rule(demo: httpx.AsyncClient) -> None:
    doc = demo.app.openapi()  # type: ignore[attr-defined]
    user = next(p for p in doc["paths"]["/user"]["get"]["parameters"] if p["name"] == "username")
    assert user["schema"]["pattern"] == "^ *@?[A-Za-z0-9._]{1,30} *$"
    followers = {p["name"]: p["schema"] for p in doc["paths"]["/user/followers"]["get"]["parameters"]}
    assert followers["cursor"]["pattern"] and followers["amount"]["maximum"] == 200


async def test_a_cursor_instagram_did_not_give_is_a_422_naming_it(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    demo_pk = emulator.world.users.by_username("demo").pk
    response = await demo.get("/user/followers", params={"user_id": demo_pk, "cursor": "bogus"})
    body = assert_invalid(response, "cursor")
    assert body["detail"][0]["loc"] == ["query", "cursor"] and "Invalid max_id" in body["detail"][0]["msg"]
