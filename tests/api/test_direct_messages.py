"""Direct messages written through the gateway by two seeded accounts (demo and alice), checked in
the emulator's world and as the other side reads the thread (the thread JSON the emulator would
answer, through aiograpi's own extractor)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from aiograpi.extractors import extract_direct_thread
from aiograpi.types import DirectThread
from PIL import Image

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.builders.direct import direct_thread
from aiograpi_rest.emulator.builders.media import image_url
from aiograpi_rest.emulator.world.direct import Thread
from tests.api.feed_media import ok
from tests.api.test_story import as_user, no_waits, pk_of
from tests.conftest import AppFactory, left_in
from tests.media_files import jpeg, m4a, mp4
from tests.validation import assert_invalid

FB = "rupload.facebook.com"


def chat(emulator: Emulator) -> Thread:
    """The seeded thread of demo and alice."""
    world = emulator.world
    thread = world.direct.between([pk_of(emulator, "demo"), pk_of(emulator, "alice")])
    assert thread is not None
    return thread


def read_as(emulator: Emulator, thread: Thread, username: str) -> DirectThread:
    """The thread as `username` reads it (newest message first)."""
    return extract_direct_thread(direct_thread(emulator.world, thread, pk_of(emulator, username)))


async def cdn(emulator: Emulator, url: str) -> bytes:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator.app)) as client:
        response = await client.get(url)
    assert response.status_code == 200, response.text
    return response.content


@pytest.fixture
async def alice(make_api: AppFactory) -> httpx.AsyncClient:
    return await as_user(make_api, "alice")


async def test_demo_texts_alice_and_she_replies_in_the_same_thread(
    demo: httpx.AsyncClient, alice: httpx.AsyncClient, emulator: Emulator
) -> None:
    thread = chat(emulator)
    demo_pk, alice_pk = pk_of(emulator, "demo"), pk_of(emulator, "alice")
    sent = ok(await demo.post("/direct/message", data={"text": "Dinner at 8?", "user_ids": [alice_pk]}))
    assert (sent["text"], sent["user_id"], sent["thread_id"]) == ("Dinner at 8?", demo_pk, thread.thread_id)
    assert int(thread.thread_id) > 2**53  # why it leaves as a string
    [newest, *_] = read_as(emulator, thread, "alice").messages
    assert (newest.id, newest.text, newest.user_id) == (sent["id"], "Dinner at 8?", demo_pk)
    assert alice_pk in thread.unread_for

    reply = ok(
        await alice.post("/direct/thread/message", data={"thread_id": thread.thread_id, "text": "Sure"})
    )
    assert (reply["user_id"], reply["thread_id"]) == (alice_pk, thread.thread_id)
    first, second = read_as(emulator, thread, "demo").messages[:2]
    assert [(first.text, first.user_id), (second.text, second.user_id)] == [
        ("Sure", alice_pk),
        ("Dinner at 8?", demo_pk),
    ]


async def test_a_link_and_a_first_message_to_a_stranger(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    demo_pk, trent = pk_of(emulator, "demo"), pk_of(emulator, "trent")
    assert world.direct.between([demo_pk, trent]) is None
    sent = ok(
        await demo.post("/direct/message", data={"text": "See https://example.com/a", "user_ids": [trent]})
    )
    thread = world.direct.get(sent["thread_id"])
    assert thread.user_pks == [demo_pk, trent] and sent["item_type"] == "link"
    assert sent["link"]["link_context"]["link_url"] == "https://example.com/a"
    # a stranger's first message waits in the recipient's requests unless they follow the sender
    assert (trent in thread.pending_for) is not world.social.is_following(trent, demo_pk)
    assert [m.text for m in thread.messages] == ["See https://example.com/a"]


async def test_a_like_a_reaction_and_an_unsend_change_what_alice_reads(
    demo: httpx.AsyncClient, alice: httpx.AsyncClient, emulator: Emulator
) -> None:
    thread = chat(emulator)
    demo_pk, alice_pk = pk_of(emulator, "demo"), pk_of(emulator, "alice")
    theirs = next(m for m in reversed(thread.messages) if m.user_pk == alice_pk and m.text)
    ids = {"thread_id": thread.thread_id, "message_id": theirs.item_id}

    assert ok(await demo.post("/direct/message/like", data=ids)) is True
    [like] = next(
        m for m in read_as(emulator, thread, "alice").messages if m.id == theirs.item_id
    ).reactions.emojis
    assert (str(like.sender_id), like.emoji) == (demo_pk, "❤")
    assert ok(await demo.post("/direct/message/reaction", data={**ids, "emoji": "😂"})) is True
    assert theirs.reactions == {demo_pk: "😂"}  # one reaction per member: the new one replaces it
    assert ok(await demo.delete("/direct/message/reaction", params={**ids, "emoji": "😂"})) is True
    assert theirs.reactions == {}
    assert ok(await demo.post("/direct/message/like", data=ids)) is True
    assert ok(await demo.delete("/direct/message/like", params=ids)) is True
    assert theirs.reactions == {}

    mine = ok(await demo.post("/direct/thread/message", data={"thread_id": thread.thread_id, "text": "oops"}))
    assert ok(
        await demo.delete("/direct/message", params={"thread_id": thread.thread_id, "message_id": mine["id"]})
    )
    assert mine["id"] not in [m.id for m in read_as(emulator, thread, "alice").messages]
    # alice cannot unsend demo's message
    demos = next(m for m in thread.messages if m.user_pk == demo_pk and not m.deleted)
    response = await alice.delete("/direct/message", params=ids | {"message_id": demos.item_id})
    assert response.status_code == 403 and response.json()["exc_type"] and not demos.deleted


async def test_alice_marks_a_message_seen(alice: httpx.AsyncClient, emulator: Emulator) -> None:
    thread = chat(emulator)
    alice_pk = pk_of(emulator, "alice")
    last = thread.messages[-1]
    thread.unread_for.add(alice_pk)
    data = {"thread_id": thread.thread_id, "message_id": last.item_id}
    assert ok(await alice.patch("/direct/message/seen", data=data)) is True
    assert thread.last_seen[alice_pk] == last.item_id and alice_pk not in thread.unread_for


async def test_shares_of_a_profile_a_story_a_post_and_a_sticker(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, thread = emulator.world, chat(emulator)
    alice_pk, bob_pk = pk_of(emulator, "alice"), pk_of(emulator, "bob")
    to_thread = {"thread_ids": [thread.thread_id]}
    profile = ok(await demo.post("/direct/profile", data={"user_id": bob_pk, **to_thread}))
    assert profile["item_type"] == "profile" and thread.messages[-1].profile_pk == bob_pk

    story = world.stories.of(alice_pk)[0]
    shared = ok(await demo.post("/direct/story", data={"story_id": story.pk, **to_thread}))
    assert shared["item_type"] == "story_share" and thread.messages[-1].story_pk == story.pk
    assert emulator.log.calls(f"media/{story.pk}/info/", method="GET")  # aiograpi completes the id

    post = world.media.by_owner(bob_pk)[0]
    media = ok(await demo.post("/direct/media", data={"media_id": post.pk, "user_ids": [alice_pk]}))
    assert media["media_share"]["pk"] == post.pk and thread.messages[-1].media_pk == post.pk

    sticker = ok(await demo.post("/direct/cutout/sticker", data={"sticker_pk": "123", **to_thread}))
    assert sticker["animated_media"]["id"] == "cutout_photo_123"
    [newest, *_] = read_as(emulator, thread, "alice").messages
    assert newest.animated_media == sticker["animated_media"]


async def test_a_jpeg_and_a_voice_note_arrive_with_their_bytes(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    tmp_path: Path,
    temp_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept = no_waits(monkeypatch)
    world, thread = emulator.world, chat(emulator)
    to_thread = {"thread_ids": [thread.thread_id]}
    photo = jpeg(tmp_path / "p.jpg", (640, 480), (10, 200, 30)).read_bytes()
    sent = ok(await demo.post("/direct/photo", data=to_thread, files={"file": ("p.jpg", photo)}))
    assert sent["item_type"] == "media" and sent["media"]["media_type"] == 1
    attachment = thread.messages[-1].attachment
    assert attachment is not None and (attachment.width, attachment.height) == (640, 480)
    with Image.open(io.BytesIO(await cdn(emulator, sent["media"]["thumbnail_url"]))) as im:
        assert im.size == (640, 480) and im.convert("RGB").getpixel((320, 240))[1] > 150  # the green photo

    voice = m4a(tmp_path / "v.m4a", seconds=1.5).read_bytes()
    wave = [0.1, 0.5, 0.9]
    note = ok(
        await demo.post(
            "/direct/voice", data={**to_thread, "waveform": wave}, files={"file": ("v.m4a", voice)}
        )
    )
    assert note["item_type"] == "voice_media" and note["media"]["media_type"] == 11
    sent_voice = thread.messages[-1].attachment
    assert sent_voice is not None and sent_voice.waveform == wave and 1.4 < sent_voice.video_duration < 1.7
    assert world.files.kept_bytes(sent_voice.key, "audio") == voice
    [newest, *_] = read_as(emulator, thread, "alice").messages
    assert newest.media is not None and await cdn(emulator, str(newest.media.audio_url)) == voice
    assert [e.method for e in emulator.log.calls("messenger_audio", host=FB)] == ["GET", "POST"]
    picture = image_url(sent_voice.key, 1080, 1080)  # the size of a picture without one
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator.app)) as client:
        assert (await client.get(picture)).status_code == 404  # a voice note has no picture
    assert slept == [] and left_in(temp_root) == []
    # unsent, the note is off the CDN too
    assert ok(
        await demo.delete("/direct/message", params={"thread_id": thread.thread_id, "message_id": note["id"]})
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator.app)) as client:
        assert (await client.get(str(newest.media.audio_url))).status_code == 404


async def test_a_voice_note_to_the_thread_v2_id(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    """aiograpi sends a voice note or video for `user_ids` to the `thread_v2_id` that
    `get_by_participants` gives: the same thread."""
    thread = chat(emulator)
    voice = m4a(tmp_path / "v.m4a").read_bytes()
    data = {"thread_ids": [thread.thread_v2_id]}
    note = ok(await demo.post("/direct/voice", data=data, files={"file": ("v.m4a", voice)}))
    assert note["thread_id"] == thread.thread_id and thread.messages[-1].item_id == note["id"]


async def test_a_voice_note_and_a_video_to_user_ids_reach_their_thread(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    """For `user_ids` aiograpi asks `get_by_participants` for the thread first, then uploads."""
    thread = chat(emulator)
    to_alice = {"user_ids": [pk_of(emulator, "alice")]}
    files = {
        "/direct/voice": ("v.m4a", m4a(tmp_path / "v.m4a").read_bytes()),
        "/direct/video": ("v.mp4", mp4(tmp_path / "v.mp4").read_bytes()),
    }
    for route, file in files.items():
        sent = ok(await demo.post(route, data=to_alice, files={"file": file}))
        assert sent["thread_id"] == thread.thread_id and thread.messages[-1].item_id == sent["id"]
    assert len(emulator.log.calls("get_by_participants")) == 2


async def test_a_video_and_a_video_file_go_through_rupload_facebook(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept = no_waits(monkeypatch)
    world, thread = emulator.world, chat(emulator)
    video = mp4(tmp_path / "v.mp4", size=(64, 96)).read_bytes()
    for route, extra in (("/direct/video", {}), ("/direct/file", {"content_type": "video"})):
        data = {"thread_ids": [thread.thread_id], **extra}
        sent = ok(await demo.post(route, data=data, files={"file": ("v.mp4", video)}))
        assert sent["media"]["media_type"] == 2
        attachment = thread.messages[-1].attachment
        assert attachment is not None and (attachment.video_width, attachment.video_height) == (64, 96)
        assert world.files.kept_bytes(attachment.key, "video") == video
        assert await cdn(emulator, sent["media"]["video_url"]) == video
    assert len(emulator.log.calls("messenger_video", method="POST", host=FB)) == 2
    assert len(emulator.log.calls("broadcast/raven_attachment/", method="POST")) == 2
    assert emulator.log.calls("configure_video") == [] and slept == []


async def test_a_photo_file_is_the_photo_flow(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    thread = chat(emulator)
    photo = jpeg(tmp_path / "p.jpg").read_bytes()
    data = {"thread_ids": [thread.thread_id], "content_type": "photo"}
    sent = ok(await demo.post("/direct/file", data=data, files={"file": ("p.jpg", photo)}))
    assert sent["media"]["media_type"] == 1 and thread.messages[-1].attachment is not None
    assert emulator.log.calls("broadcast/configure_photo/", method="POST")


async def test_refusals_name_their_fields(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    thread, alice_pk = chat(emulator), pk_of(emulator, "alice")
    for data in ({"text": "hi"}, {"text": "hi", "user_ids": [alice_pk], "thread_ids": [thread.thread_id]}):
        body = assert_invalid(await demo.post("/direct/message", data=data), "user_ids")
        assert "thread_ids" in str(body["detail"])
    assert_invalid(await demo.post("/direct/message", data={"text": "  ", "user_ids": [alice_pk]}), "text")
    assert_invalid(
        await demo.post("/direct/thread/message", data={"thread_id": "1/..", "text": "x"}), "thread_id"
    )
    ids = {"thread_id": thread.thread_id, "message_id": "x1"}
    assert_invalid(await demo.post("/direct/message/like", data=ids), "message_id")
    assert_invalid(
        await demo.post("/direct/message/reaction", data={**ids, "message_id": "1", "emoji": "a b"}), "emoji"
    )
    assert_invalid(
        await demo.post("/direct/profile", data={"user_id": "alice", "user_ids": [alice_pk]}), "user_id"
    )
    assert_invalid(await demo.post("/direct/cutout/sticker", data={"sticker_pk": "1"}), "thread_ids")
    to_thread = {"thread_ids": [thread.thread_id]}
    video = mp4(tmp_path / "v.mp4").read_bytes()
    assert_invalid(await demo.post("/direct/voice", data=to_thread, files={"file": ("v.m4a", video)}), "file")
    voice = m4a(tmp_path / "v.m4a").read_bytes()
    assert_invalid(await demo.post("/direct/video", data=to_thread, files={"file": ("v.mp4", voice)}), "file")
    assert_invalid(
        await demo.post(
            "/direct/voice", data={**to_thread, "waveform": ["2"]}, files={"file": ("v.m4a", voice)}
        ),
        "waveform",
    )
    assert emulator.log.calls("direct_v2") == [] and emulator.log.calls("messenger") == []


async def test_unknown_threads_messages_and_foreign_threads_are_404s(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, thread = emulator.world, chat(emulator)
    foreign = world.direct.create(pk_of(emulator, "bob"), [pk_of(emulator, "carol")])
    before = len(foreign.messages)
    for thread_id in ("1", foreign.thread_id):
        response = await demo.post("/direct/thread/message", data={"thread_id": thread_id, "text": "hi"})
        assert response.status_code == 404 and response.json()["exc_type"], response.text
    assert len(foreign.messages) == before
    missing = {"thread_id": thread.thread_id, "message_id": "99"}
    for response in (
        await demo.post("/direct/message/like", data=missing),
        await demo.delete("/direct/message", params=missing),
        await demo.patch("/direct/message/seen", data=missing),
    ):
        assert response.status_code == 404 and response.json()["exc_type"], response.text
