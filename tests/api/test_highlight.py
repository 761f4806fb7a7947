"""Highlight: made from demo's stories, read by pk and URL, changed step by step, deleted."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from PIL import Image

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import ok
from tests.conftest import login
from tests.media_files import jpeg
from tests.validation import assert_invalid


def _demo_stories(emulator: Emulator) -> list[str]:
    """demo's story pks, oldest first."""
    demo = emulator.world.users.by_username("demo")
    return [s.pk for s in emulator.world.stories.of(demo.pk)]


def _item_pks(body: dict) -> list[str]:
    return [item["pk"] for item in body["items"]]


async def test_a_highlight_is_made_grows_shrinks_is_renamed_and_gets_a_new_cover(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    oldest, middle, newest = _demo_stories(emulator)
    made = ok(await demo.post("/highlight", data={"title": "Weekend", "story_ids": [newest]}))
    pk = made["pk"]
    assert isinstance(pk, str) and made["id"] == f"highlight:{pk}"
    assert (made["title"], _item_pks(made)) == ("Weekend", [newest])
    assert emulator.world.stories.get_highlight(pk).story_pks == [newest]

    grown = ok(await demo.post("/highlight/story", data={"highlight_pk": pk, "story_ids": [oldest, middle]}))
    assert _item_pks(grown) == [oldest, middle, newest]  # in the order they were posted
    read = ok(await demo.get("/highlight", params={"highlight_pk": pk}))
    assert _item_pks(read) == [oldest, middle, newest] and read["media_ids"] == [oldest, middle, newest]

    shrunk = ok(await demo.delete("/highlight/story", params={"highlight_pk": pk, "story_ids": [newest]}))
    assert _item_pks(shrunk) == [oldest, middle]
    assert _item_pks(ok(await demo.get("/highlight", params={"highlight_pk": f"highlight:{pk}"}))) == [
        oldest,
        middle,
    ]

    renamed = ok(await demo.patch("/highlight", data={"highlight_pk": pk, "title": "Long weekend"}))
    assert renamed["title"] == "Long weekend" and _item_pks(renamed) == [oldest, middle]
    url = f"https://www.instagram.com/stories/highlights/{pk}/"
    assert ok(await demo.get("/highlight", params={"url": url}))["title"] == "Long weekend"

    before = renamed["cover_media"]["cropped_image_version"]["url"]
    picture = jpeg(tmp_path / "cover.jpg", (400, 400))
    covered = ok(
        await demo.patch(
            "/highlight",
            data={"highlight_pk": pk},
            files={"cover_picture": ("cover.jpg", picture.read_bytes(), "image/jpeg")},
        )
    )
    after = ok(await demo.get("/highlight", params={"highlight_pk": pk}))["cover_media"]
    assert after == covered["cover_media"] and after["cropped_image_version"]["url"] != before
    assert after["media_id"] is None  # no story is the cover any more
    assert len(emulator.log.calls("rupload_igphoto")) == 1
    cover_pk = emulator.world.stories.get_highlight(pk).cover_image_pk
    served = await demo.get("/photo/download/by/url", params={"url": after["cropped_image_version"]["url"]})
    assert served.status_code == 200 and served.content == emulator.world.files.kept_bytes(cover_pk, "image")
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.format == "JPEG"
    assert covered["title"] == "Long weekend" and _item_pks(covered) == [oldest, middle]


async def test_a_story_as_cover_and_membership_in_one_edit(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    oldest, middle, newest = _demo_stories(emulator)
    trips = next(h for h in emulator.world.stories.highlights.values() if h.title == "Trips")
    assert set(trips.story_pks) == {oldest, middle}
    demo_pk = emulator.world.users.by_username("demo").pk
    body = ok(
        await demo.patch(
            "/highlight",
            data={
                "highlight_pk": trips.pk,
                "title": "Trips 2",
                "cover": f'{{"media_id": "{newest}_{demo_pk}", "crop_rect": [0, 0.1, 1, 0.9]}}',
                "added_media_ids": [newest],
                "removed_media_ids": [oldest],
            },
        )
    )
    assert body["title"] == "Trips 2" and _item_pks(body) == [middle, newest]
    assert body["cover_media"]["media_id"] == f"{newest}_{demo_pk}"
    assert body["cover_media"]["crop_rect"] == [0, 0.1, 1, 0.9]
    assert emulator.world.stories.get_highlight(trips.pk).cover_story_pk == newest


async def test_a_highlight_is_deleted_and_then_unknown(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    friends = next(h for h in emulator.world.stories.highlights.values() if h.title == "Friends")
    assert ok(await demo.delete("/highlight", params={"highlight_pk": friends.pk})) is True
    assert friends.pk not in emulator.world.stories.highlights
    gone = await demo.get("/highlight", params={"highlight_pk": friends.pk})
    assert gone.status_code == 404 and gone.json()["exc_type"] == "HighlightNotFound"
    again = await demo.delete("/highlight", params={"highlight_pk": friends.pk})
    assert again.status_code == 404 and again.json()["exc_type"]
    edit = await demo.post("/highlight/story", data={"highlight_pk": friends.pk, "story_ids": ["1"]})
    assert edit.status_code == 404


async def test_someone_elses_highlight_reads_but_does_not_change(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    paris = next(h for h in emulator.world.stories.highlights.values() if h.title == "Paris")
    assert ok(await demo.get("/highlight", params={"highlight_pk": paris.pk}))["title"] == "Paris"
    refused = await demo.patch("/highlight", data={"highlight_pk": paris.pk, "title": "Mine"})
    assert refused.status_code == 404 and paris.title == "Paris"
    trips = next(h for h in emulator.world.stories.highlights.values() if h.title == "Trips")
    outsider = {"X-Session-ID": await login(demo, "mallory")}  # demo is private; mallory only asked
    hidden = await demo.get("/highlight", params={"highlight_pk": trips.pk}, headers=outsider)
    assert hidden.status_code == 404 and hidden.json()["exc_type"] == "HighlightNotFound"
    bob = emulator.world.users.by_username("bob")
    bobs_story = emulator.world.stories.of(bob.pk)[0]
    taken = await demo.post("/highlight", data={"title": "Not mine", "story_ids": [bobs_story.pk]})
    assert taken.status_code == 404 and taken.json()["exc_type"]


async def test_refusals_name_their_field_and_change_nothing(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    oldest, middle, newest = _demo_stories(emulator)
    friends = next(h for h in emulator.world.stories.highlights.values() if h.title == "Friends")
    assert friends.story_pks == [newest]
    count = len(emulator.world.stories.highlights)
    assert_invalid(await demo.get("/highlight", params={"highlight_pk": "highlight:../1"}), "highlight_pk")
    assert_invalid(await demo.get("/highlight", params={"url": "https://example.com/x/1/"}), "url")
    assert_invalid(await demo.get("/highlight"), "highlight_pk")
    assert_invalid(await demo.post("/highlight", data={"title": "  ", "story_ids": [oldest]}), "title")
    assert_invalid(await demo.post("/highlight", data={"title": "x", "story_ids": ["1/../2"]}), "story_ids")
    assert_invalid(
        await demo.post("/highlight", data={"title": "x", "story_ids": [oldest], "cover_story_id": middle}),
        "cover_story_id",
    )
    assert_invalid(
        await demo.post("/highlight", data={"title": "x", "story_ids": [oldest], "crop_rect": ["0", "2"]}),
        "crop_rect",
    )
    assert len(emulator.world.stories.highlights) == count

    assert_invalid(await demo.patch("/highlight", data={"highlight_pk": friends.pk}), "title")
    assert_invalid(await demo.patch("/highlight", data={"highlight_pk": friends.pk, "cover": "{"}), "cover")
    both = await demo.patch(
        "/highlight",
        data={"highlight_pk": friends.pk, "cover": f'{{"media_id": "{middle}"}}'},
        files={"cover_picture": ("c.jpg", jpeg(tmp_path / "c.jpg").read_bytes(), "image/jpeg")},
    )
    assert_invalid(both, "cover")
    not_a_photo = await demo.patch(
        "/highlight",
        data={"highlight_pk": friends.pk},
        files={"cover_picture": ("c.jpg", b"text", "image/jpeg")},
    )
    assert_invalid(not_a_photo, "cover_picture")
    assert emulator.log.calls("edit_reel") == [] and emulator.log.calls("rupload") == []

    # Instagram refuses these; nothing changes
    outside = await demo.patch(
        "/highlight", data={"highlight_pk": friends.pk, "cover": f'{{"media_id": "{oldest}"}}'}
    )
    assert_invalid(outside, "cover")
    absent = await demo.delete("/highlight/story", params={"highlight_pk": friends.pk, "story_ids": [oldest]})
    assert_invalid(absent, "story_ids")
    with_picture = await demo.patch(
        "/highlight",
        data={"highlight_pk": friends.pk, "removed_media_ids": [oldest]},
        files={"cover_picture": ("c.jpg", jpeg(tmp_path / "c.jpg").read_bytes(), "image/jpeg")},
    )
    assert_invalid(with_picture, "removed_media_ids")
    assert emulator.log.calls("rupload") == [] and friends.cover_image_pk is None  # the old cover stays
    last = await demo.delete("/highlight/story", params={"highlight_pk": friends.pk, "story_ids": [newest]})
    assert last.status_code == 409 and "DELETE /highlight" in last.json()["hint"]
    assert emulator.world.stories.get_highlight(friends.pk).story_pks == [newest]
