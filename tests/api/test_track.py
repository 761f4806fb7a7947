"""Track (Music): search → track → its audio file, the browsers and trends, bookmarks, titles."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import ok
from tests.conftest import left_in
from tests.media_files import jpeg
from tests.validation import assert_invalid


def _titles(body: dict) -> list[str]:
    return [item["track"]["title"] for item in body["items"]]


def _used_track(emulator: Emulator):  # noqa: ANN202
    """The seeded track most reels use."""
    return list(emulator.world.tags.tracks.values())[0]


async def test_a_searched_track_leads_to_its_page_and_its_audio_file(
    demo: httpx.AsyncClient, emulator: Emulator, temp_root: Path
) -> None:
    found = ok(await demo.get("/music/search", params={"query": "summer"}))
    # exact title, then a title that starts with the query, then the rest
    assert _titles(found) == ["Summer", "Summer Rain", "Emulated Summer"]
    # every word must match (title or artist); neither title starts with the query: by title
    assert _titles(ok(await demo.get("/music/search", params={"query": "fixtures summer"}))) == [
        "Emulated Summer",
        "Summer Rain",
    ]
    track = found["items"][2]["track"]
    assert track["id"] == _used_track(emulator).id

    page = ok(await demo.get("/track", params={"id": track["id"]}))
    asset = page["metadata"]["music_info"]["music_asset_info"]
    assert (asset["title"], asset["display_artist"]) == ("Emulated Summer", "The Fixtures")
    reels = {m.pk for m in emulator.world.media.medias.values() if m.track_id == track["id"]}
    assert {item["media"]["pk"] for item in page["items"]} == {int(pk) for pk in reels} and reels

    emulator.log.clear()
    url = asset["progressive_download_url"]
    audio = await demo.get("/track/download/by/url", params={"url": url, "filename": "song"})
    assert audio.status_code == 200, audio.text
    assert audio.content == emulator.world.files.audio(track["id"]) and audio.content[4:8] == b"ftyp"
    assert audio.headers["content-disposition"] == 'attachment; filename="song.m4a"'
    [fetched] = emulator.log.calls(rf"/track_{track['id']}\.m4a$", method="GET")
    assert fetched.host == "scontent.cdninstagram.com" and fetched.status == 200
    assert left_in(temp_root) == [], "the download's temporary folder is gone"

    unknown = url.replace(f"track_{track['id']}", "track_1")
    missing = await demo.get("/track/download/by/url", params={"url": unknown})
    assert missing.status_code == 404 and missing.json()["exc_type"], missing.text
    # `;…` ends the file name as aiograpi reads a URL (urlparse's params): no name.ext is left.
    params = await demo.get("/track/download/by/url", params={"url": url.replace(".m4a", ";v=2.m4a")})
    assert_invalid(params, "url")
    elsewhere = await demo.get("/track/download/by/url", params={"url": "https://example.com/song.m4a"})
    assert "url" in assert_invalid(elsewhere, "url")["hint"]
    assert emulator.log.calls("example.com") == []


async def test_a_track_by_canonical_id_and_a_search_row_post_with_music_as_they_are(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    summer = ok(await demo.get("/music/search", params={"query": "Summer"}))["items"][0]
    canonical = summer["track"]["music_canonical_id"]
    track = ok(await demo.get("/track", params={"canonical_id": canonical}))
    assert track["title"] == "Summer" and track["audio_cluster_id"] == summer["track"]["audio_cluster_id"]
    assert isinstance(track["audio_asset_id"], str) and track["uri"].endswith(".m4a")

    photo = ("p.jpg", jpeg(tmp_path / "p.jpg").read_bytes(), "image/jpeg")
    for given in (track, summer, summer["track"]):
        body = ok(
            await demo.post(
                "/photo/upload/with/music",
                files={"file": photo},
                data={"caption": "With a song", "track": json.dumps(given)},
            )
        )
        assert emulator.world.media.get(body["pk"]).track_id == summer["track"]["id"]


async def test_unknown_tracks_are_404s_and_ids_are_checked(demo: httpx.AsyncClient) -> None:
    for params in ({"id": "12345"}, {"canonical_id": "12345"}):
        missing = await demo.get("/track", params=params)
        assert missing.status_code == 404 and missing.json()["exc_type"], missing.text
    stream = await demo.get("/track/stream", params={"id": "12345"})
    assert stream.status_code == 404 and stream.json()["exc_type"]
    assert_invalid(await demo.get("/track", params={"id": "1/../2"}), "id")
    assert_invalid(await demo.get("/track"), "id")
    assert_invalid(await demo.get("/track", params={"canonical_id": "1", "max_id": "5"}), "max_id")
    assert_invalid(await demo.get("/music/search", params={"query": "   "}), "query")
    assert_invalid(await demo.get("/music/search", params={"query": "a", "product": "Bad Value"}), "product")
    assert_invalid(
        await demo.get("/music/keywords", params={"query": "a", "num_keywords": 21}), "num_keywords"
    )
    assert_invalid(await demo.get("/music/trends/top", params={"page_size": 0}), "page_size")
    assert_invalid(await demo.post("/music/bookmark", data={"original_audio_id": "x"}), "original_audio_id")


async def test_a_track_stream_pages_the_reels_that_use_it(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    track = _used_track(emulator)
    stream = ok(await demo.get("/track/stream", params={"id": track.id}))
    assert stream["metadata"]["music_info"]["music_asset_info"]["id"] == track.id
    clips = [m for m in emulator.world.media.medias.values() if m.track_id == track.id]
    assert len(stream["items"]) == len(clips) and stream["paging_info"]["more_available"] is False
    assert_invalid(await demo.get("/track/stream", params={"id": track.id, "max_id": "a b"}), "max_id")


async def test_keywords_trends_and_browsers_come_from_the_world(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    keywords = ok(await demo.get("/music/keywords", params={"query": "sum", "num_keywords": 2}))
    assert keywords["keywords"] == ["summer", "summer rain"]

    uses = {
        t.title: sum(1 for m in emulator.world.media.medias.values() if m.track_id == t.id)
        for t in emulator.world.tags.tracks.values()
    }
    trending = _titles(ok(await demo.get("/music/trending")))
    assert (
        trending[:2] == ["Emulated Summer", "Offline Nights"]
        and uses["Emulated Summer"] > uses["Offline Nights"]
    )
    assert sorted(trending) == sorted(uses)
    top = ok(await demo.get("/music/trends/top", params={"page_size": 2}))
    assert _titles(top) == trending[:2]
    assert [item["metadata"]["media_count"] for item in top["items"]] == [uses[t] for t in trending[:2]]

    for path in ("/music/feed/browser", "/music/clips/browser"):
        browser = ok(await demo.get(path, params={"browse_session_id": "b-1"}))
        assert sorted(_titles(browser)) == sorted(uses) and browser["alacorn_session_id"] == "alacorn-b-1"


async def test_a_bookmark_shows_on_the_track(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    track = list(emulator.world.tags.tracks.values())[1]
    demo_pk = emulator.world.users.by_username("demo").pk
    assert ok(await demo.post("/music/bookmark", data={"original_audio_id": track.id})) is True
    assert demo_pk in track.bookmarked_by
    row = ok(await demo.get("/music/search", params={"query": track.title}))["items"][0]
    assert row["track"]["id"] == track.id and row["metadata"]["is_bookmarked"] is True
    missing = await demo.post("/music/bookmark", data={"original_audio_id": "12345"})
    assert missing.status_code == 404 and missing.json()["exc_type"]


async def test_original_audio_titles_that_are_taken_or_too_long_are_not_available(
    demo: httpx.AsyncClient,
) -> None:
    path = "/music/original-audio/title/availability"
    assert ok(await demo.get(path, params={"name": "My own beat"})) is True
    assert ok(await demo.get(path, params={"name": "summer rain"})) is False  # a track's title
    assert ok(await demo.get(path, params={"name": "x" * 31})) is False
    assert_invalid(await demo.get(path, params={"name": " "}), "name")
