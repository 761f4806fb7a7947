"""Story: posting photo and video stories with decorations, reading, seen marks, viewers, likes,
the archive, deletes and downloads, through the real aiograpi and the emulator."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import demo_on, ok
from tests.conftest import AppFactory, left_in, login
from tests.file_server import serving
from tests.media_files import jpeg, mp4
from tests.validation import assert_invalid

PHOTO, VIDEO = 1, 2


@pytest.fixture
def story_jpeg(tmp_path: Path) -> bytes:
    return jpeg(tmp_path / "story.jpg", (540, 960)).read_bytes()


@pytest.fixture
def story_mp4(tmp_path: Path) -> bytes:
    return mp4(tmp_path / "story.mp4", size=(72, 128)).read_bytes()


def pk_of(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


async def as_user(make_api: AppFactory, username: str) -> httpx.AsyncClient:
    api = await make_api()
    api.headers["X-Session-ID"] = await login(api, username)
    return api


def no_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The positive sleeps taken from now on (aiograpi's fixed upload waits would show here)."""
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float, *args: Any, **kwargs: Any) -> Any:
        if delay > 0:
            slept.append(delay)
        return await real_sleep(0, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", recording_sleep)
    return slept


async def test_a_jpeg_story_with_a_mention_and_a_link_shows_in_the_users_stories(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    story_jpeg: bytes,
    temp_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept = no_waits(monkeypatch)
    alice = pk_of(emulator, "alice")
    form = {
        "caption": "Morning run",
        "mentions": json.dumps({"user": {"pk": alice}, "x": 0.3}),
        "links": json.dumps([{"webUri": "https://example.com/run"}]),
        "hashtags": json.dumps({"hashtag": {"name": "#running"}}),
    }
    # the name says .png: the bytes say JPEG, and they decide
    body = ok(await demo.post("/story/upload", data=form, files={"file": ("story.png", story_jpeg)}))
    assert body["media_type"] == PHOTO and isinstance(body["pk"], str)
    assert [m["user"]["pk"] for m in body["mentions"]] == [alice]
    assert body["mentions"][0]["x"] == 0.3 and body["mentions"][0]["y"] == 0.5  # the omitted one centred
    assert [link["webUri"] for link in body["links"]] == ["https://example.com/run"]

    posted = emulator.world.stories.get(body["pk"])
    assert (posted.owner_pk, posted.caption, posted.mentions) == (
        pk_of(emulator, "demo"),
        "Morning run",
        [alice],
    )
    assert (posted.link, posted.hashtags) == ("https://example.com/run", ["running"])
    assert emulator.log.calls("media/validate_reel_url/") and emulator.log.calls("media/configure_to_story/")
    assert slept == [] and left_in(temp_root) == []

    stories = ok(await demo.get("/user/stories", params={"user_id": pk_of(emulator, "demo")}))
    mine = next(s for s in stories if s["pk"] == body["pk"])
    assert [m["user"]["username"] for m in mine["mentions"]] == ["alice"]
    assert [link["webUri"] for link in mine["links"]] == ["https://example.com/run"]


async def test_an_mp4_story_is_a_video_and_downloads_as_uploaded(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    story_mp4: bytes,
    temp_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept = no_waits(monkeypatch)
    files = {"file": ("story.jpg", story_mp4)}
    body = ok(await demo.post("/story/upload", data={"caption": "A caption on a video"}, files=files))
    assert body["media_type"] == VIDEO and body["video_url"]
    posted = emulator.world.stories.get(body["pk"])
    assert (posted.media_type, posted.caption) == (VIDEO, "A caption on a video")
    assert (posted.frames.video_width, posted.frames.video_height) == (72, 128)
    assert slept == []

    info = ok(await demo.get("/story", params={"story_pk": body["pk"]}))
    assert (info["pk"], info["media_type"]) == (body["pk"], VIDEO)
    down = await demo.get("/story/download", params={"story_pk": body["pk"], "filename": "../run"})
    assert down.status_code == 200, down.text
    assert down.content == story_mp4 and down.headers["content-type"] == "video/mp4"
    assert down.headers["content-disposition"] == 'attachment; filename="run.mp4"'

    by_url = await demo.get("/story/download/by/url", params={"url": info["video_url"]})
    assert by_url.status_code == 200 and by_url.content == story_mp4
    assert_invalid(
        await demo.get("/story/download/by/url", params={"url": "https://example.com/a.mp4"}), "url"
    )
    assert left_in(temp_root) == []


async def test_a_story_from_a_url_is_a_photo_or_video_by_its_bytes(
    make_api: AppFactory, emulator: Emulator, story_jpeg: bytes, story_mp4: bytes
) -> None:
    api = await demo_on(make_api, fetch_allow="127.0.0.1")
    with serving({"/clip.jpg": story_mp4, "/pic": story_jpeg, "/notes.mp4": b"plain text"}) as served:
        video = ok(await api.post("/story/upload/by/url", data={"url": served.url("/clip.jpg")}))
        photo = ok(
            await api.post("/story/upload/by/url", data={"url": served.url("/pic"), "as_video": "true"})
        )
        assert_invalid(await api.post("/story/upload/by/url", data={"url": served.url("/notes.mp4")}), "url")
    assert (video["media_type"], photo["media_type"]) == (VIDEO, PHOTO)
    assert emulator.world.stories.get(video["pk"]).media_type == VIDEO


@pytest.mark.parametrize(
    ("mentions", "why"),
    [
        ([json.dumps({"user": {"username": "alice"}}), "{not json"], "not valid"),
        (
            [json.dumps([{"user": {"username": "alice"}}, {"user": {"username": "nobody_here"}}])],
            "no such user",
        ),
        (
            [
                json.dumps({"user": {"username": "alice"}}),
                json.dumps({"user": {"username": "bob"}, "x": 1.5}),
            ],
            "x",
        ),
    ],
)
async def test_a_bad_mention_is_a_422_naming_its_index_and_nothing_is_posted(
    demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes, mentions: list[str], why: str
) -> None:
    before = len(emulator.world.stories.stories)
    response = await demo.post(
        "/story/upload", data={"mentions": mentions}, files={"file": ("s.jpg", story_jpeg)}
    )
    body = assert_invalid(response, "mentions")
    assert body["detail"][0]["loc"] == ["body", "mentions", 1]
    assert why in body["detail"][0]["msg"]
    assert len(emulator.world.stories.stories) == before
    assert emulator.log.calls("configure_to_story") == [] and emulator.log.calls("rupload") == []


async def test_other_bad_decorations_and_files_name_their_field(
    demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes
) -> None:
    jpg = {"file": ("s.jpg", story_jpeg)}
    bad_link = await demo.post("/story/upload", data={"links": '{"webUri": "not a url"}'}, files=jpg)
    assert assert_invalid(bad_link, "links")["detail"][0]["loc"] == ["body", "links", 0]
    tall = await demo.post(
        "/story/upload", data={"hashtags": '[{"hashtag": {"name": "a"}, "height": 2}]'}, files=jpg
    )
    assert assert_invalid(tall, "hashtags")["detail"][0]["loc"] == ["body", "hashtags", 0]
    two_links = json.dumps([{"webUri": "https://a.example/"}, {"webUri": "https://b.example/"}])
    refused = await demo.post("/story/upload", data={"links": two_links}, files=jpg)
    assert assert_invalid(refused, "links")["detail"][0]["loc"] == ["body", "links", 1]
    crowd = json.dumps([{"user": {"username": "alice"}}] * 21)
    refused = await demo.post("/story/upload", data={"mentions": crowd}, files=jpg)
    assert assert_invalid(refused, "mentions")["detail"][0]["loc"] == ["body", "mentions", 20]
    assert_invalid(await demo.post("/story/upload", files={"file": ("s.jpg", b"text, not media")}), "file")
    assert emulator.log.calls("users/") == []
    assert emulator.log.calls("configure_to_story") == []


async def test_alice_marks_demos_story_seen_and_demo_sees_her_among_the_viewers(
    make_api: AppFactory, demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes
) -> None:
    story = ok(await demo.post("/story/upload", files={"file": ("s.jpg", story_jpeg)}))
    alice = await as_user(make_api, "alice")
    assert ok(await alice.patch("/story/seen", data={"story_pks": [story["pk"]]})) is True
    page = ok(await demo.get("/story/viewers", params={"story_pk": story["pk"]}))
    assert [v["username"] for v in page["items"]] == ["alice"] and page["next_cursor"] == ""
    assert pk_of(emulator, "alice") in emulator.world.stories.get(story["pk"]).viewers

    # only its owner reads the viewers
    assert (await alice.get("/story/viewers", params={"story_pk": story["pk"]})).status_code == 403
    assert_invalid(await demo.patch("/story/seen", data={"story_pks": ["x"]}), "story_pks")


async def test_viewers_page_at_amount_and_the_pages_join_up(
    demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes
) -> None:
    story = ok(await demo.post("/story/upload", files={"file": ("s.jpg", story_jpeg)}))
    world = emulator.world
    stored = world.stories.get(story["pk"])
    viewers = [u for u in world.users.by_pk.values() if u.pk != stored.owner_pk][:60]
    for user in viewers:
        world.stories.mark_seen(stored, user.pk)
    seen, cursor = [], ""
    while True:
        page = ok(
            await demo.get("/story/viewers", params={"story_pk": story["pk"], "amount": 25, "cursor": cursor})
        )
        assert len(page["items"]) <= 25
        seen += [v["pk"] for v in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [u.pk for u in reversed(viewers)]


async def test_a_story_is_liked_and_unliked(
    make_api: AppFactory, emulator: Emulator, demo: httpx.AsyncClient, story_jpeg: bytes
) -> None:
    story = ok(await demo.post("/story/upload", files={"file": ("s.jpg", story_jpeg)}))
    alice = await as_user(make_api, "alice")
    stored = emulator.world.stories.get(story["pk"])
    assert ok(await alice.post("/story/like", data={"story_id": story["id"]})) is True
    assert stored.likes == {pk_of(emulator, "alice")}
    assert ok(await alice.delete("/story/like", params={"story_id": story["pk"]})) is True
    assert stored.likes == set()
    assert_invalid(await alice.post("/story/like", data={"story_id": "../1"}), "story_id")


async def test_a_deleted_story_is_gone_and_an_unknown_one_is_a_404(
    demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes
) -> None:
    story = ok(await demo.post("/story/upload", files={"file": ("s.jpg", story_jpeg)}))
    assert ok(await demo.delete("/story", params={"story_pk": story["pk"]})) is True
    assert emulator.world.stories.stories[story["pk"]].deleted
    gone = await demo.get("/story", params={"story_pk": story["pk"], "use_cache": "false"})
    assert gone.status_code == 404 and gone.json()["exc_type"], gone.text
    assert_invalid(await demo.get("/story"), "story_pk")


async def test_a_story_by_its_url(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = emulator.world.users.by_username("alice")
    seeded = emulator.world.stories.of(alice.pk)[0]
    url = f"https://www.instagram.com/stories/alice/{seeded.pk}/"
    body = ok(await demo.get("/story", params={"url": url}))
    assert (body["pk"], body["user"]["username"]) == (seeded.pk, "alice")
    # no scheme, a username of digits, a query: the pk is the path's last segment
    bare = ok(await demo.get("/story", params={"url": f"instagram.com/stories/12345/{seeded.pk}/?igsh=x"}))
    assert bare["pk"] == seeded.pk
    assert_invalid(await demo.get("/story", params={"url": "https://example.com/stories/a/1/"}), "url")


async def test_several_users_stories(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    names = ("alice", "bob", "carol")
    ids = [pk_of(emulator, n) for n in names]
    users = ok(await demo.get("/story/users", params={"user_ids": ids}))
    demo_pk = pk_of(emulator, "demo")
    expected = {}
    for pk in ids:
        live = [
            s
            for s in world.stories.of(pk)
            if not s.close_friends_only or world.social.is_close_friend(pk, demo_pk)
        ]
        if live:
            expected[pk] = [s.pk for s in live]
    assert {u["pk"]: [s["pk"] for s in u["stories"]] for u in users} == expected
    one = ok(await demo.get("/story/users", params={"user_ids": ids, "amount": 1}))
    assert all(len(u["stories"]) == 1 for u in one)
    assert_invalid(await demo.get("/story/users", params={"user_ids": ["alice"]}), "user_ids")


async def test_the_archive_pages_by_day_and_its_media_are_every_story(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    demo_pk = pk_of(emulator, "demo")
    days = emulator.world.stories.archive_days(demo_pk)
    assert len(days) >= 2  # the seed's stories span two days
    got, cursor = [], ""
    while True:
        page = ok(await demo.get("/story/archive", params={"amount": 1, "cursor": cursor}))
        assert len(page["items"]) <= 1
        got += [(d["id"], d["media_count"]) for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert got == [(day, len(stories)) for day, stories in days.items()]

    every = ok(await demo.get("/story/archive/media"))
    assert [s["pk"] for s in every] == [s.pk for stories in days.values() for s in stories]
    assert len(ok(await demo.get("/story/archive/media", params={"amount": 1}))) == 1
    first_day = next(iter(days))
    only = ok(await demo.get("/story/archive", params={"reel_id": first_day}))
    assert [d["id"] for d in only["items"]] == [first_day]
    assert_invalid(await demo.get("/story/archive", params={"reel_id": "../x"}), "reel_id")


async def test_the_sticker_tray_is_instagrams_answer(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    tray = ok(await demo.get("/story/stickers"))
    assert tray["status"] == "ok" and tray["static_stickers"][0]["stickers"]
    assert emulator.log.calls("creatives/sticker_tray/", method="POST")


async def test_a_video_sent_to_direct_threads_shows_in_each_thread(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    story_mp4: bytes,
    temp_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept = no_waits(monkeypatch)
    world = emulator.world
    demo_pk = pk_of(emulator, "demo")
    threads = [t for t in world.direct.threads.values() if demo_pk in t.user_pks and not t.pending_for][:2]
    before = {t.thread_id: len(t.messages) for t in threads}
    form = {"thread_ids": [t.thread_id for t in threads], "caption": "For you"}
    message = ok(await demo.post("/direct/video/upload", data=form, files={"file": ("v.mp4", story_mp4)}))
    assert message["user_id"] == demo_pk and message["item_type"] == "media"
    assert message["media"]["media_type"] == VIDEO and message["media"]["video_url"]
    for thread in threads:
        assert len(thread.messages) == before[thread.thread_id] + 1
        sent = thread.messages[-1]
        assert (sent.user_pk, sent.item_type, sent.text) == (demo_pk, "media", "For you")
        assert world.files.kept_bytes(sent.story_pk or "", "video") == story_mp4
    # sent to the threads, not posted to demo's stories
    assert message["media"]["id"].split("_")[0] not in [s.pk for s in world.stories.of(demo_pk)]
    [configure] = emulator.log.calls("media/configure_to_story/", method="POST")
    assert "thread_ids" in configure.form_keys and configure.query.get("video") == "1"
    assert slept == [] and left_in(temp_root) == []


async def test_direct_video_refusals_name_the_field(
    demo: httpx.AsyncClient, emulator: Emulator, story_mp4: bytes, tmp_path: Path
) -> None:
    video = {"file": ("v.mp4", story_mp4)}
    assert_invalid(await demo.post("/direct/video/upload", data={"caption": "x"}, files=video), "thread_ids")
    assert_invalid(
        await demo.post("/direct/video/upload", data={"thread_ids": ["x/1"]}, files=video), "thread_ids"
    )
    photo = {"file": ("v.mp4", jpeg(tmp_path / "p.jpg").read_bytes())}
    assert_invalid(await demo.post("/direct/video/upload", data={"thread_ids": ["1"]}, files=photo), "file")
    bad = {"thread_ids": ["1"], "mentions": ["{}", '{"user": {"pk": "1"}, "y": -1}']}
    assert assert_invalid(await demo.post("/direct/video/upload", data=bad, files=video), "mentions")[
        "detail"
    ][0]["loc"] == ["body", "mentions", 0]
    assert_invalid(
        await demo.post("/direct/video/upload", data={"thread_ids": ["1"], "extra_data": "[1]"}, files=video),
        "extra_data",
    )
    assert emulator.log.calls("rupload") == []


async def test_unknown_stories_and_cursors_are_named(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    unknown = "3299999999999999999"
    for response in (
        await demo.get("/story", params={"story_pk": unknown}),
        await demo.get("/story/viewers", params={"story_pk": unknown}),
        await demo.patch("/story/seen", data={"story_pks": [unknown]}),
        await demo.post("/story/like", data={"story_id": f"{unknown}_1"}),
        await demo.delete("/story", params={"story_pk": unknown}),
    ):
        assert response.status_code == 404 and response.json()["exc_type"], response.text
    assert_invalid(await demo.get("/story/archive", params={"cursor": "archiveDay:1"}), "cursor")
    demo_story = emulator.world.stories.of(pk_of(emulator, "demo"))[0]
    assert_invalid(
        await demo.get("/story/viewers", params={"story_pk": demo_story.pk, "cursor": "x"}), "cursor"
    )


async def test_a_location_sticker_names_a_known_place(
    demo: httpx.AsyncClient, emulator: Emulator, story_jpeg: bytes
) -> None:
    place = next(iter(emulator.world.tags.locations.values()))
    jpg = {"file": ("s.jpg", story_jpeg)}
    sticker = json.dumps({"location": {"pk": int(place.pk), "name": place.name}, "y": 0.8})
    body = ok(await demo.post("/story/upload", data={"locations": sticker}, files=jpg))
    assert [loc["location"]["name"] for loc in body["locations"]] == [place.name]
    assert emulator.world.stories.get(body["pk"]).location_pk == place.pk
    unknown = json.dumps({"location": {"pk": 1, "name": "Nowhere"}})
    refused = await demo.post("/story/upload", data={"locations": unknown}, files=jpg)
    assert refused.status_code == 404 and refused.json()["exc_type"], refused.text
    assert emulator.log.calls("configure_to_story") == [emulator.log.calls("configure_to_story")[0]]
