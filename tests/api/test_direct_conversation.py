"""A Direct conversation through the gateway alone: demo and alice, each logged in, write, read,
react and share pictures and a voice note, and each sees what the other did."""

from __future__ import annotations

from pathlib import Path

import httpx

from aiograpi_rest.emulator import Emulator
from tests.api.test_direct_threads import as_user, called, thread_of
from tests.api.test_user import pk
from tests.media_files import jpeg, m4a


async def _newest(api: httpx.AsyncClient, who: dict[str, str], thread_id: str) -> dict:
    messages = await called(await api.get("/direct/messages", params={"thread_id": thread_id}, headers=who))
    return messages[0]


async def test_demo_and_alice_talk_and_each_reads_the_other(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    alice = await as_user(demo, "alice")
    thread_id = thread_of(emulator, "demo", "alice").thread_id

    sent = await called(
        await demo.post(
            "/direct/message", data={"text": "Lunch at noon?", "user_ids": [pk(emulator, "alice")]}
        )
    )
    assert sent["thread_id"] == thread_id
    seen_by_alice = await called(
        await demo.get("/direct/thread", params={"thread_id": thread_id}, headers=alice)
    )
    assert (seen_by_alice["messages"][0]["id"], seen_by_alice["messages"][0]["text"]) == (
        sent["id"],
        "Lunch at noon?",
    )

    reply = await called(
        await demo.post(
            "/direct/thread/message", data={"thread_id": thread_id, "text": "Yes!"}, headers=alice
        )
    )
    newest = await _newest(demo, {}, thread_id)
    assert (newest["id"], newest["text"], newest["user_id"]) == (reply["id"], "Yes!", pk(emulator, "alice"))

    target = {"thread_id": thread_id, "message_id": sent["id"]}
    assert await called(
        await demo.post("/direct/message/reaction", data={**target, "emoji": "🔥"}, headers=alice)
    )
    reacted = next(
        m
        for m in await called(await demo.get("/direct/messages", params={"thread_id": thread_id}))
        if m["id"] == sent["id"]
    )
    emojis = [r["emoji"] for r in reacted["reactions"]["emojis"]]
    assert emojis == ["🔥"], reacted["reactions"]

    assert await called(await demo.delete("/direct/message", params=target))
    left = await called(await demo.get("/direct/messages", params={"thread_id": thread_id}, headers=alice))
    assert sent["id"] not in [m["id"] for m in left] and left[0]["id"] == reply["id"]

    photo = jpeg(tmp_path / "p.jpg").read_bytes()
    voice = m4a(tmp_path / "v.m4a").read_bytes()
    to_thread = {"thread_ids": [thread_id]}
    shared = [
        await called(await demo.post("/direct/photo", data=to_thread, files={"file": ("p.jpg", photo)})),
        await called(await demo.post("/direct/voice", data=to_thread, files={"file": ("v.m4a", voice)})),
    ]
    listed = await called(await demo.get("/direct/media", params={"thread_id": thread_id}, headers=alice))
    assert {m["media_type"] for m in listed} >= {1, 11}
    assert [
        m["id"]
        for m in (await called(await demo.get("/direct/messages", params={"thread_id": thread_id})))[:2]
    ] == [
        shared[1]["id"],
        shared[0]["id"],
    ]
