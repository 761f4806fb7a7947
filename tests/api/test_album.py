"""Album (Carousel): albums of photos and videos posted in order, with a song, and kept downloads."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from PIL import Image

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import demo_on, ok, seeded, track_json
from tests.conftest import AppFactory, left_in
from tests.media_files import jpeg, mp4
from tests.validation import assert_invalid


@pytest.fixture
async def keeper(make_api: AppFactory, tmp_path: Path) -> httpx.AsyncClient:
    """A demo session on a gateway that keeps downloads in tmp_path/keep."""
    return await demo_on(make_api, download_dir=str(tmp_path / "keep"))


def items(tmp_path: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    first = jpeg(tmp_path / "a.jpg", (800, 600), (200, 0, 0))
    second = jpeg(tmp_path / "b.jpg", (600, 700), (0, 0, 200))
    video = mp4(tmp_path / "c.mp4", (64, 64), seconds=1.0)
    return [
        ("files", ("a.jpg", first.read_bytes(), "image/jpeg")),
        ("files", ("b.jpg", second.read_bytes(), "image/jpeg")),
        ("files", ("c.mp4", video.read_bytes(), "video/mp4")),
    ]


async def test_two_photos_and_a_video_stay_in_order_and_download_in_order(
    keeper: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, temp_root: Path
) -> None:
    body = ok(await keeper.post("/album/upload", files=items(tmp_path), data={"caption": "Trip"}))
    assert (body["media_type"], body["caption_text"]) == (8, "Trip")
    assert [m["media_type"] for m in body["resources"]] == [1, 1, 2]
    album = emulator.world.media.get(body["pk"])
    assert [(r.media_type, r.width, r.height) for r in album.resources[:2]] == [(1, 800, 600), (1, 600, 700)]
    assert album.resources[2].media_type == 2
    assert left_in(temp_root) == []

    paths = ok(await keeper.get("/album/download", params={"media_pk": body["pk"], "folder": "trip"}))
    assert len(paths) == 3 and all(p.startswith("trip/") for p in paths)
    kept = [tmp_path / "keep" / p for p in paths]
    assert [p.suffix for p in kept] == [".jpg", ".jpg", ".mp4"]
    with Image.open(kept[0]) as image:
        assert image.format == "JPEG"
    assert kept[2].read_bytes()[4:8] == b"ftyp"


async def test_an_album_needs_two_to_ten_good_files(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, temp_root: Path
) -> None:
    files = items(tmp_path)
    assert_invalid(await demo.post("/album/upload", files=files[:1], data={"caption": "x"}), "files")
    text = ("files", ("n.jpg", b"a text file, not a photo", "image/jpeg"))
    assert_invalid(await demo.post("/album/upload", files=[files[0], text], data={"caption": "x"}), "files")
    assert emulator.log.calls("rupload") == []
    assert left_in(temp_root) == []


async def test_an_album_with_a_song_carries_the_track(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    track = track_json(emulator, 1)
    data = {"caption": "With a song", "track": json.dumps(track), "configure_timeout": "0"}
    body = ok(await demo.post("/album/upload/with/music", files=items(tmp_path)[:2], data=data))
    assert emulator.world.media.get(body["pk"]).track_id == track["id"]
    assert len(body["resources"]) == 2
    bad = await demo.post("/album/upload/with/music", files=items(tmp_path)[:2], data={**data, "track": "{"})
    assert_invalid(bad, "track")


async def test_cdn_files_are_kept_and_only_album_suffixes_pass(
    keeper: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    album = seeded(emulator, 8)
    info = ok(await keeper.get("/media", params={"pk": album.pk}))
    urls = [r["thumbnail_url"] for r in info["resources"]]
    paths = ok(await keeper.get("/album/download/by/urls", params={"urls": urls}))
    assert len(paths) == len(urls) and all((tmp_path / "keep" / p).is_file() for p in paths)
    webp = urls[0].split("?")[0].rsplit(".", 1)[0] + ".webp"
    assert_invalid(await keeper.get("/album/download/by/urls", params={"urls": [webp]}), "urls")
    assert_invalid(
        await keeper.get("/album/download/by/urls", params={"urls": ["https://example.com/a.jpg"]}), "urls"
    )


async def test_album_downloads_need_a_download_directory_and_an_album(
    demo: httpx.AsyncClient, keeper: httpx.AsyncClient, emulator: Emulator
) -> None:
    album, photo = seeded(emulator, 8), seeded(emulator, 1)
    assert_invalid(await demo.get("/album/download", params={"media_pk": album.pk}), "folder")
    response = await keeper.get("/album/download", params={"media_pk": photo.pk})
    assert "GET /photo/download" in str(assert_invalid(response, "media_pk")["detail"])
    assert_invalid(
        await keeper.get("/album/download", params={"media_pk": album.pk, "folder": "/etc"}), "folder"
    )
