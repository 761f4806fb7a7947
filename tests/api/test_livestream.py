"""Livestreams, end to end: a broadcast created, started, watched and ended, as the world sees it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.world.live import ACTIVE, PREPARING, STOPPED
from tests.validation import assert_invalid

UNKNOWN_BROADCAST = "17879999999999999"


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def create(demo: httpx.AsyncClient, title: str = "Sunset live") -> str:
    created = await ok(await demo.post("/media/livestream", data={"title": title}))
    return str(created["broadcast_id"])


async def test_create_answers_the_stream_server_and_key(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    created = await ok(await demo.post("/media/livestream", data={"title": "Sunset live"}))
    broadcast = emulator.world.live.get(created["broadcast_id"])
    assert (broadcast.title, broadcast.status) == ("Sunset live", PREPARING)
    assert broadcast.owner_pk == emulator.world.users.by_username("demo").pk
    assert created["stream_server"].startswith("rtmps://")
    assert created["stream_key"].startswith(broadcast.id) and broadcast.stream_token in created["stream_key"]

    default = await ok(await demo.post("/media/livestream"))
    assert emulator.world.live.get(default["broadcast_id"]).title == "Instagram Live"


async def test_start_watch_and_end_a_broadcast(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    broadcast_id = await create(demo)
    broadcast = world.live.get(broadcast_id)
    assert await ok(
        await demo.patch("/media/livestream", data={"broadcast_id": broadcast_id, "state": "started"})
    )
    assert broadcast.status == ACTIVE and broadcast.started_at

    alice, bob = (world.users.by_username(n) for n in ("alice", "bob"))
    world.live.join(broadcast, alice.pk)
    world.live.join(broadcast, bob.pk)
    world.live.comment(broadcast, alice.pk, "Hello from Lisbon")
    info = await ok(await demo.get("/media/livestream", params={"broadcast_id": broadcast_id}))
    assert (info["broadcast_status"], info["broadcast_message"], info["viewer_count"]) == (
        ACTIVE,
        "Sunset live",
        2,
    )
    assert info["broadcast_owner"]["username"] == "demo"
    viewers = await ok(await demo.get("/media/livestream/viewers", params={"broadcast_id": broadcast_id}))
    assert viewers == [{"username": "alice", "pk": int(alice.pk)}, {"username": "bob", "pk": int(bob.pk)}]
    comments = await ok(await demo.get("/media/livestream/comments", params={"broadcast_id": broadcast_id}))
    assert comments == [{"username": "alice", "text": "Hello from Lisbon"}]

    assert await ok(
        await demo.patch("/media/livestream", data={"broadcast_id": broadcast_id, "state": "ended"})
    )
    assert broadcast.status == STOPPED and broadcast.ended_at


async def test_a_broadcast_starts_once_and_ends_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    broadcast_id = await create(demo)
    await ok(await demo.patch("/media/livestream", data={"broadcast_id": broadcast_id, "state": "ended"}))
    emulator.log.clear()
    again = await demo.patch("/media/livestream", data={"broadcast_id": broadcast_id, "state": "started"})
    assert again.status_code == 409, again.text
    assert again.json()["exc_type"] == "LivestreamStateConflict" and "stopped" in again.json()["detail"]
    assert [e.path for e in emulator.log] == [
        f"/api/v1/live/{broadcast_id}/start/",
        f"/api/v1/live/{broadcast_id}/info/",  # asked only to explain the refusal
    ]
    assert emulator.world.live.get(broadcast_id).status == STOPPED


async def test_an_unknown_broadcast_is_a_404(demo: httpx.AsyncClient) -> None:
    for path in ("/media/livestream", "/media/livestream/comments", "/media/livestream/viewers"):
        response = await demo.get(path, params={"broadcast_id": UNKNOWN_BROADCAST})
        assert response.status_code == 404, (path, response.text)
        assert response.json()["exc_type"] == "ClientNotFoundError"
    patch = await demo.patch(
        "/media/livestream", data={"broadcast_id": UNKNOWN_BROADCAST, "state": "started"}
    )
    assert patch.status_code == 404, patch.text


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"broadcast_id": "17870000000000001", "state": "paused"}, "state"),
        ({"broadcast_id": "17870000000000001"}, "state"),
        ({"state": "started"}, "broadcast_id"),
        ({"broadcast_id": "live-1", "state": "started"}, "broadcast_id"),
    ],
)
async def test_patch_needs_a_broadcast_and_a_known_state(
    demo: httpx.AsyncClient, emulator: Emulator, form: dict[str, str], field: str
) -> None:
    emulator.log.clear()
    response = await demo.patch("/media/livestream", data=form)
    assert_invalid(response, field)
    assert emulator.log.calls("live/") == []
