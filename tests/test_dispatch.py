"""The static dispatch answers exactly as FastAPI's own router would, and serves every operation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest
from anyio import CancelScope

from aiograpi_rest import dispatch, selectors
from aiograpi_rest.app import create_app
from aiograpi_rest.config import Settings
from aiograpi_rest.handlers import _ShieldedExit
from aiograpi_rest.routes import api_routes
from tests.conftest import AppFactory, login
from tests.media_files import jpeg

# Headers that differ between any two answers (or only by the body's length).
_VARYING = {"date", "x-request-id", "content-length"}


def _answer(response: httpx.Response, varying: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """The answer as compared: byte for byte, unless its body names the request (an error) or
    holds a field that differs every time, which are left out of the parsed body."""
    headers = sorted((k, v) for k, v in response.headers.items() if k not in _VARYING)
    try:
        body: Any = response.json()
    except ValueError:
        return response.status_code, headers, response.content
    if not isinstance(body, dict) or not {"request_id", *varying} & body.keys():
        return response.status_code, headers, response.content
    for key in ("request_id", *varying):
        body.pop(key, None)
    return response.status_code, headers, body


def test_every_operation_is_in_the_table() -> None:
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", upstream="sandbox"))
    table = dispatch.route_table(app)
    served = {(method, route.path) for route, _ in api_routes() for method in route.methods}
    assert len(served) >= 275
    assert served <= table.keys()
    for (_, path), (_, route) in table.items():
        assert route.path == path  # the access log's label is the operation's own path


async def test_answers_are_the_same_through_the_table_and_through_fastapis_router(
    make_api: AppFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async def broken() -> None:
        raise RuntimeError("internal state that callers must not see")

    fast = await make_api()
    fast.app.add_api_route("/broken", broken)  # type: ignore[attr-defined]
    token = await login(fast)  # the first request builds this app's table
    assert fast.app._front.app.table  # type: ignore[attr-defined]

    monkeypatch.setattr(dispatch, "route_table", lambda app: {})
    routed = await make_api()  # the same database and emulator: the token works on both
    routed.app.add_api_route("/broken", broken)  # type: ignore[attr-defined]
    await routed.get("/health")
    assert routed.app._front.app.table == {}  # type: ignore[attr-defined]

    session = {"X-Session-ID": token}
    alice = (await fast.get("/user", params={"username": "alice"}, headers=session)).json()["pk"]
    photo = jpeg(tmp_path / "p.jpg", (320, 320)).read_bytes()
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/health", {}),
        ("GET", "/user", {"params": {"username": "alice"}, "headers": session}),
        # Models written straight to JSON: a page of users, floats (coordinates).
        ("GET", "/user/followers", {"params": {"user_id": alice}, "headers": session}),
        ("GET", "/search/locations", {"params": {"name": "Eiffel"}, "headers": session}),
        ("GET", "/user", {"params": {"user_id": "x/../1"}, "headers": session}),
        ("GET", "/user", {"params": {"username": "nobody.here.at.all"}, "headers": session}),
        ("GET", "/user", {"params": {"username": "alice"}}),
        ("GET", "/user", {"params": {"username": "alice"}, "headers": {"X-Session-ID": "igr_unknown"}}),
        ("POST", "/auth/login", {"data": {"username": "demo", "password": "wrong"}}),
        ("POST", "/auth/login", {"data": {"username": "demo"}}),
        ("DELETE", "/health", {}),
        ("GET", "/no/such/route", {}),
        ("GET", "/user/", {"params": {"username": "alice"}, "headers": session}),
        ("GET", "/broken", {}),
        ("POST", "/photo/upload", {"files": {"file": ("p.jpg", b"not a photo")}, "headers": session}),
        # Forms as the compiled handlers read them: an empty value is none, a list repeats,
        # the legacy session field, an invalid item of a list.
        ("POST", "/media/like", {"data": {"media_id": ""}, "headers": session}),
        ("POST", "/media/like", {"data": {"media_id": "x y"}, "headers": session}),
        ("POST", "/media/like", {"data": {"sessionid": token}}),
        (
            "POST",
            "/direct/thread/user",
            {"data": {"thread_id": "1", "user_ids": ["1", "x"]}, "headers": session},
        ),
        ("POST", "/direct/thread/user", {"data": {"thread_id": "1", "user_ids": []}, "headers": session}),
        ("POST", "/direct/thread/user", {"data": {"user_ids": "1"}, "headers": session}),
        ("PATCH", "/account/picture", {"files": {"picture": ("p.jpg", photo)}, "headers": session}),
    ]
    for method, path, kwargs in requests:
        one = await fast.request(method, path, **kwargs)
        other = await routed.request(method, path, **kwargs)
        # Each new picture has a URL of its own.
        varying = ("profile_pic_url",) if path == "/account/picture" else ()
        assert _answer(one, varying) == _answer(other, varying), (method, path)
        assert one.headers["x-request-id"] and other.headers["x-request-id"]


async def test_dependency_overrides_set_after_the_table_was_built_apply(make_api: AppFactory) -> None:
    api = await make_api()
    token = await login(api)  # the first request builds the table and compiles the handlers
    session = {"X-Session-ID": token}
    assert (await api.get("/user", params={"username": "alice"}, headers=session)).json()[
        "username"
    ] == "alice"

    async def always_instagram() -> selectors.UserRef:
        return selectors.UserRef("25025320", None)

    api.app.dependency_overrides[selectors.user_ref] = always_instagram  # type: ignore[attr-defined]
    overridden = await api.get("/user", params={"username": "alice"}, headers=session)
    assert overridden.status_code == 200 and overridden.json()["username"] == "instagram"
    api.app.dependency_overrides.clear()  # type: ignore[attr-defined]
    assert (await api.get("/user", params={"username": "alice"}, headers=session)).json()[
        "username"
    ] == "alice"


async def test_a_dependency_exit_runs_to_its_end_when_the_request_is_cancelled_meanwhile() -> None:
    """The session's exit (lock release, settings write-back) is shielded as FastAPI shields it:
    a cancellation arriving while it runs waits until it is done, then is delivered."""
    exiting, release = anyio.Event(), anyio.Event()
    done: list[str] = []

    @asynccontextmanager
    async def dependency() -> AsyncIterator[str]:
        yield "client"
        exiting.set()
        await release.wait()  # cut short here, were the exit not shielded
        done.append("exit finished")

    cancelled = CancelScope()  # what a disconnect or a shutdown cancels

    async def request() -> None:
        with cancelled, CancelScope() as cleanup:  # the request stack's scope, as `Solver.call` has it
            async with AsyncExitStack() as stack:
                assert await stack.enter_async_context(_ShieldedExit(dependency(), cleanup)) == "client"
            done.append("after the exit")  # never: the cancellation is delivered first

    async with anyio.create_task_group() as group:
        group.start_soon(request)
        await exiting.wait()
        cancelled.cancel()
        await anyio.lowlevel.checkpoint()  # the waiting exit is offered the cancellation
        assert done == []
        release.set()
    assert done == ["exit finished"]
