"""Direct folders and threads end to end: two accounts logged in through the gateway read the
world's threads, create and manage a group, accept a request, page a long thread and search."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.world.direct import Thread
from tests.api.test_user import ok, pk, walk
from tests.conftest import login
from tests.validation import assert_invalid


async def as_user(api: httpx.AsyncClient, username: str) -> dict[str, str]:
    return {"X-Session-ID": await login(api, username)}


def thread_of(emulator: Emulator, *usernames: str) -> Thread:
    found = emulator.world.direct.between([pk(emulator, name) for name in usernames])
    assert found is not None
    return found


async def called(response: httpx.Response, status: int = 200) -> object:
    assert response.status_code == status, response.text
    return response.json()


async def test_alice_reads_what_demo_wrote_in_their_thread(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    chat = thread_of(emulator, "demo", "alice")
    sent = emulator.world.direct.send(chat, pk(emulator, "demo"), "Bring the map")
    alice = await as_user(demo, "alice")

    body = await called(await demo.get("/direct/thread", params={"thread_id": chat.thread_id}, headers=alice))
    assert body["id"] == chat.thread_id and isinstance(body["pk"], str)
    newest = body["messages"][0]
    assert newest["id"] == sent.item_id and newest["text"] == "Bring the map"
    assert newest["user_id"] == pk(emulator, "demo") and newest["thread_id"] == chat.thread_id
    # times leave in UTC, offset written (RFC 3339), whatever the server's time zone
    sent_at = datetime.fromtimestamp(sent.timestamp_us // 1_000_000, UTC)
    assert datetime.fromisoformat(newest["timestamp"]) == sent_at
    assert datetime.fromisoformat(body["last_activity_at"]) == sent_at
    assert newest["timestamp"].endswith(("Z", "+00:00"))
    assert [u["username"] for u in body["users"]] == ["demo"]  # alice sees the others
    texts = [m.get("text") for m in body["messages"]]
    assert texts[: len(chat.messages)] == [m.text or None for m in reversed(chat.messages)]

    one = await called(
        await demo.get(
            "/direct/message", params={"thread_id": chat.thread_id, "message_id": sent.item_id}, headers=alice
        )
    )
    assert one["id"] == sent.item_id and one["text"] == "Bring the map"

    # demo's inbox shows the thread first: it has the newest message
    page = await ok(demo, "/direct/inbox")
    assert page["items"][0]["id"] == chat.thread_id and page["next_cursor"] == ""


async def test_a_group_is_created_renamed_and_gains_a_member(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    alice, bob, carol = (pk(emulator, n) for n in ("alice", "bob", "carol"))
    thread_id = await called(
        await demo.post("/direct/thread", data={"user_ids": [alice, bob], "title": "Book club"})
    )
    assert isinstance(thread_id, str) and emulator.world.direct.get(thread_id).title == "Book club"

    assert (
        await called(await demo.patch("/direct/thread", data={"thread_id": thread_id, "title": "Readers"}))
        is True
    )
    assert await called(
        await demo.post("/direct/thread/user", data={"thread_id": thread_id, "user_ids": [carol]})
    )

    threads = await ok(demo, "/direct/threads", amount=0)
    group = next(t for t in threads if t["id"] == thread_id)
    assert group["thread_title"] == "Readers" and group["is_group"] is True
    assert sorted(u["username"] for u in group["users"]) == ["alice", "bob", "carol"]
    assert emulator.world.direct.get(thread_id).user_pks == [pk(emulator, "demo"), alice, bob, carol]

    # the new member sees it too
    carols = await called(
        await demo.get("/direct/threads", params={"amount": 0}, headers=await as_user(demo, "carol"))
    )
    assert thread_id in [t["id"] for t in carols]


async def test_group_and_thread_edits_refuse_bad_input(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = pk(emulator, "alice")
    before = len(emulator.world.direct.threads)
    assert_invalid(await demo.post("/direct/thread", data={"user_ids": [alice, alice]}), "user_ids")
    assert_invalid(await demo.post("/direct/thread", data={"user_ids": [alice, "alice"]}), "user_ids")
    assert_invalid(
        await demo.post("/direct/thread", data={"user_ids": [alice, pk(emulator, "demo")]}), "user_ids"
    )
    assert len(emulator.world.direct.threads) == before
    chat = thread_of(emulator, "demo", "alice")
    assert_invalid(
        await demo.patch("/direct/thread", data={"thread_id": chat.thread_id, "is_unread": "false"}),
        "is_unread",
    )
    assert_invalid(await demo.patch("/direct/thread", data={"thread_id": chat.thread_id}), "title")
    assert_invalid(await demo.get("/direct/thread", params={"thread_id": "12ab"}), "thread_id")
    assert_invalid(
        await demo.get("/direct/message", params={"thread_id": chat.thread_id, "message_id": "../x"}),
        "message_id",
    )


async def test_franks_request_is_approved_and_moves_to_the_inbox(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    request = thread_of(emulator, "frank", "demo")
    pending = await ok(demo, "/direct/pending")
    assert [t["id"] for t in pending["items"]] == [request.thread_id]
    assert pending["items"][0]["pending"] is True
    assert pending["items"][0]["messages"][0]["text"] == "Hi, would you like to collaborate?"
    assert [t["id"] for t in await ok(demo, "/direct/requests")] == [request.thread_id]
    preview = await ok(demo, "/direct/requests/preview")
    assert preview["pending_requests_total"] == 1
    assert [u["username"] for u in preview["pending_requests_users"]] == ["frank"]
    inbox_before = [t["id"] for t in (await ok(demo, "/direct/inbox"))["items"]]
    assert request.thread_id not in inbox_before

    assert (
        await called(await demo.post("/direct/request/approve", data={"thread_id": request.thread_id}))
        is True
    )
    assert (await ok(demo, "/direct/pending"))["items"] == []
    assert await ok(demo, "/direct/pending/inbox") == []
    inbox = [t["id"] for t in (await ok(demo, "/direct/inbox"))["items"]]
    assert inbox == [request.thread_id, *inbox_before]  # its message is the newest
    assert pk(emulator, "demo") not in request.pending_for


async def test_a_long_thread_pages_every_message_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    chat = thread_of(emulator, "dave", "demo")
    assert len(chat.messages) >= 60
    expected = [m.item_id for m in reversed(chat.messages)]

    emulator.log.clear()
    newest = await ok(demo, "/direct/messages", thread_id=chat.thread_id, amount=20)
    assert [m["id"] for m in newest] == expected[:20]
    assert len(emulator.log.calls(rf"direct_v2/threads/{chat.thread_id}/$")) == 1

    emulator.log.clear()
    every = await ok(demo, "/direct/messages", thread_id=chat.thread_id, amount=0)
    assert [m["id"] for m in every] == expected  # each once, newest first
    pages = -(-len(expected) // 20)
    assert len(emulator.log.calls(rf"direct_v2/threads/{chat.thread_id}/$")) == pages

    some = await ok(demo, "/direct/messages", thread_id=chat.thread_id, amount=45)
    assert [m["id"] for m in some] == expected[:45]

    oldest = expected[-1]
    found = await ok(demo, "/direct/message", thread_id=chat.thread_id, message_id=oldest, amount=0)
    assert found["text"] == chat.messages[0].text
    missing = await demo.get("/direct/message", params={"thread_id": chat.thread_id, "message_id": oldest})
    assert missing.status_code == 404 and missing.json()["exc_type"] == "DirectMessageNotFound"


async def test_walking_the_inbox_gives_every_thread_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, me = emulator.world, pk(emulator, "demo")
    others = [u.pk for u in world.users if u.pk != me][:24]
    for i, other in enumerate(others):
        world.direct.send(world.direct.create(other, [me]), other, f"hello {i}", 1_600_000_000_000_000 + i)
    pages = await walk(demo, "/direct/inbox")
    assert len(pages) > 1 and all(len(p) <= 20 for p in pages)
    walked = [t["id"] for p in pages for t in p]
    assert walked == [t.thread_id for t in world.direct.inbox(me)]
    assert len(set(walked)) == len(walked)
    assert len(await ok(demo, "/direct/threads", amount=25)) == 25


async def test_unknown_and_other_peoples_threads_are_not_found(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    others = emulator.world.direct.create(pk(emulator, "alice"), [pk(emulator, "bob")])
    emulator.world.direct.send(others, pk(emulator, "alice"), "just us")
    for thread_id in (others.thread_id, "123456789"):
        for response in (
            await demo.get("/direct/thread", params={"thread_id": thread_id}),
            await demo.get("/direct/messages", params={"thread_id": thread_id}),
            await demo.get("/direct/media", params={"thread_id": thread_id}),
            await demo.post("/direct/thread/mute", data={"thread_id": thread_id}),
            await demo.post("/direct/request/approve", data={"thread_id": thread_id}),
        ):
            assert response.status_code == 404, response.text
            assert response.json()["exc_type"], response.text
    assert pk(emulator, "demo") not in others.muted_by


async def test_mute_hide_seen_and_unread_change_the_thread(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    chat, me = thread_of(emulator, "demo", "alice"), pk(emulator, "demo")
    form = {"thread_id": chat.thread_id}
    assert await called(await demo.post("/direct/thread/mute", data=form)) is True
    assert await called(await demo.post("/direct/thread/video/call/mute", data=form)) is True
    read = await ok(demo, "/direct/thread", thread_id=chat.thread_id)
    assert read["muted"] is True and read["vc_muted"] is True
    assert await called(await demo.delete("/direct/thread/mute", params=form)) is True
    assert await called(await demo.delete("/direct/thread/video/call/mute", params=form)) is True
    assert me not in chat.muted_by and me not in chat.video_call_muted_by

    assert await called(await demo.patch("/direct/thread", data={**form, "is_unread": "true"})) is True
    assert me in chat.unread_for
    assert await called(await demo.patch("/direct/thread/seen", data=form)) is True
    assert me not in chat.unread_for and chat.last_seen[me] == chat.messages[-1].item_id

    assert await called(await demo.delete("/direct/thread", params=form)) is True
    assert chat.thread_id not in [t["id"] for t in (await ok(demo, "/direct/inbox"))["items"]]
    alice = await as_user(demo, "alice")
    assert chat.thread_id in [t["id"] for t in await called(await demo.get("/direct/threads", headers=alice))]


async def test_a_request_hidden_to_spam_shows_in_spam(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    request = thread_of(emulator, "frank", "demo")
    hidden = await demo.delete(
        "/direct/thread", params={"thread_id": request.thread_id, "move_to_spam": "true"}
    )
    assert await called(hidden) is True
    assert [t["id"] for t in (await ok(demo, "/direct/spam"))["items"]] == [request.thread_id]
    assert [t["id"] for t in await ok(demo, "/direct/spam/inbox")] == [request.thread_id]
    assert await ok(demo, "/direct/pending/inbox") == []


async def test_thread_by_participants_and_media(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    chat = thread_of(emulator, "demo", "alice")
    found = await ok(demo, "/direct/thread/by/participants", user_ids=pk(emulator, "alice"))
    assert found["thread"]["thread_id"] == chat.thread_id
    assert [u["username"] for u in found["users"]] == ["alice"]
    nobody = await ok(demo, "/direct/thread/by/participants", user_ids=pk(emulator, "trent"))
    assert "thread" not in nobody and [u["username"] for u in nobody["users"]] == ["trent"]

    shared = [m for m in chat.messages if m.item_type == "media_share"]
    media = await ok(demo, "/direct/media", thread_id=chat.thread_id)
    assert [m["id"] for m in media] == [emulator.world.media.medias[m.media_pk].id for m in reversed(shared)]
    assert media[0]["thumbnail_url"].startswith("http")


async def test_search_people_and_messages(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    people = await ok(demo, "/direct/search", query="ali")
    assert people[0]["username"] == "alice"
    assert all("ali" in (u["username"] + u["full_name"]).lower() for u in people)
    found = await ok(demo, "/direct/messages/search", query="HIKING")
    group = thread_of(emulator, "demo", "bob", "carol")
    assert [(r["message"]["text"], r["thread"]["id"]) for r in found] == [
        ("Hiking on Saturday?", group.thread_id)
    ]
    assert found[0]["thread"]["thread_title"] == "Weekend plans"
    assert await ok(demo, "/direct/messages/search", query="no such words") == []
    assert_invalid(await demo.get("/direct/search", params={"query": "  "}), "query")
    assert_invalid(await demo.get("/direct/search", params={"query": "a", "mode": "other"}), "mode")


async def test_presence_and_the_inbox_side_calls(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice, frank = pk(emulator, "alice"), pk(emulator, "frank")
    chat = thread_of(emulator, "demo", "alice")
    emulator.world.direct.send(chat, alice, "online now")
    presence = await ok(demo, "/direct/presence", user_ids=[alice, frank])
    assert presence["user_presence"][alice]["is_active"] is True
    assert presence["user_presence"][frank]["is_active"] is False
    active = await ok(demo, "/direct/presence")
    assert active[alice]["is_active"] is True and frank not in active  # frank's is a request

    assert await ok(demo, "/direct/interop/upgraded") is False
    assert await ok(demo, "/direct/genai/bots") == []
    assert await ok(demo, "/direct/channels", thread_subtypes=[29]) == []
    assert_invalid(await demo.get("/direct/channels", params={"user_id": "bob"}), "user_id")
    assert await called(await demo.patch("/direct/e2ee/eligibility", data={"e2ee_eligibility": "3"})) is True
    assert emulator.world.direct.e2ee_eligibility[pk(emulator, "demo")] == 3
    assert_invalid(
        await demo.patch("/direct/e2ee/eligibility", data={"e2ee_eligibility": "-1"}), "e2ee_eligibility"
    )


async def test_a_chat_has_no_title_and_only_a_request_is_approved(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    chat = thread_of(emulator, "demo", "alice")
    renamed = await demo.patch("/direct/thread", data={"thread_id": chat.thread_id, "title": "Us"})
    assert renamed.status_code == 409 and "group" in renamed.json()["hint"], renamed.text
    assert chat.title == ""
    approved = await demo.post("/direct/request/approve", data={"thread_id": chat.thread_id})
    assert approved.status_code == 409 and "GET /direct/pending" in approved.json()["hint"], approved.text
