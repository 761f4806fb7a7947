"""Video: feed videos posted from a file or a URL, and downloaded by post or by CDN URL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import demo_on, ok, seeded
from tests.conftest import AppFactory, left_in
from tests.file_server import serving
from tests.media_files import jpeg, mp4
from tests.validation import assert_invalid, invalid_text

VIDEO = 2


@pytest.fixture
def one_second(tmp_path: Path) -> bytes:
    return mp4(tmp_path / "one.mp4", size=(64, 64)).read_bytes()


async def test_a_one_second_video_without_a_cover_is_posted_and_downloads_as_uploaded(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    one_second: bytes,
    temp_root: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bob = emulator.world.users.by_username("bob").pk
    form = {
        "caption": "One second #gateway",
        "usertags": json.dumps([{"user": {"pk": bob}, "x": 0.25, "y": 0.75}]),
    }
    body = ok(await demo.post("/video/upload", data=form, files={"file": ("clip.mp4", one_second)}))
    assert body["media_type"] == VIDEO and body["video_duration"] == pytest.approx(1.0, abs=0.1)
    assert capsys.readouterr().out == "", "aiograpi's prints stay off the server's standard output"
    assert body["caption_text"] == "One second #gateway" and isinstance(body["pk"], str)
    posted = emulator.world.media.get(body["pk"])
    assert (posted.product_type, posted.caption, posted.usertags) == (
        "feed",
        form["caption"],
        [(bob, 0.25, 0.75)],
    )
    assert posted.owner_pk == emulator.world.users.by_username("demo").pk
    # the cover is the first frame (64 px, which aiograpi scales up to 320)
    assert (posted.width, posted.height) == (320, 320)
    assert left_in(temp_root) == []

    down = await demo.get("/video/download", params={"media_pk": body["pk"]})
    assert down.status_code == 200, down.text
    assert down.content == one_second and down.headers["content-type"] == "video/mp4"
    assert down.headers["content-disposition"] == f'attachment; filename="demo_{body["pk"]}.mp4"'
    assert left_in(temp_root) == []


async def test_a_given_cover_goes_up_with_the_video(
    demo: httpx.AsyncClient, emulator: Emulator, one_second: bytes, tmp_path: Path
) -> None:
    cover = jpeg(tmp_path / "cover.jpg", (640, 640)).read_bytes()
    files = {"file": ("v.mp4", one_second), "thumbnail": ("c.jpg", cover)}
    body = ok(await demo.post("/video/upload", data={"caption": "With a cover"}, files=files))
    posted = emulator.world.media.get(body["pk"])
    assert (posted.width, posted.height) == (640, 640)


async def test_video_refusals_name_the_field(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    tmp_path: Path,
    temp_root: Path,
) -> None:
    before = len(emulator.world.media.medias)
    text = {"file": ("v.mp4", b"not a video at all, just text")}
    assert_invalid(await demo.post("/video/upload", data={"caption": "x"}, files=text), "file")
    long = mp4(tmp_path / "long.mp4", size=(16, 16), seconds=61, fps=1, audio=False).read_bytes()
    refused = await demo.post("/video/upload", data={"caption": "x"}, files={"file": ("l.mp4", long)})
    assert_invalid(refused, "file")
    assert "feed videos" in invalid_text(refused) and "60" in invalid_text(refused)
    tall = mp4(tmp_path / "tall.mp4", size=(32, 64)).read_bytes()
    assert_invalid(
        await demo.post("/video/upload", data={"caption": "x"}, files={"file": ("t.mp4", tall)}), "file"
    )
    short = mp4(tmp_path / "s.mp4").read_bytes()
    bad_cover = {"file": ("s.mp4", short), "thumbnail": ("c.jpg", b"text")}
    assert_invalid(await demo.post("/video/upload", data={"caption": "x"}, files=bad_cover), "thumbnail")
    tags = {"caption": "x", "usertags": "{not json"}
    assert_invalid(await demo.post("/video/upload", data=tags, files={"file": ("s.mp4", short)}), "usertags")
    assert len(emulator.world.media.medias) == before and left_in(temp_root) == []


async def test_a_video_fetched_from_a_url_is_posted(
    make_api: AppFactory,
    emulator: Emulator,
    one_second: bytes,
    temp_root: Path,
) -> None:
    api = await demo_on(make_api, fetch_allow="127.0.0.1")
    with serving({"/v.mp4": one_second, "/notes.mp4": b"plain text"}) as served:
        body = ok(
            await api.post("/video/upload/by/url", data={"url": served.url("/v.mp4"), "caption": "From afar"})
        )
        assert_invalid(
            await api.post("/video/upload/by/url", data={"url": served.url("/notes.mp4"), "caption": "x"}),
            "url",
        )
    assert served.paths == ["/v.mp4", "/notes.mp4"]
    posted = emulator.world.media.get(body["pk"])
    assert (posted.media_type, posted.caption) == (VIDEO, "From afar")
    assert (await api.get("/video/download", params={"media_pk": body["pk"]})).content == one_second
    assert_invalid(
        await api.post("/video/upload/by/url", data={"url": "ftp://x/v.mp4", "caption": "x"}), "url"
    )
    assert left_in(temp_root) == []


async def test_a_video_by_its_cdn_url_with_a_safe_name(
    demo: httpx.AsyncClient,
    one_second: bytes,
    temp_root: Path,
) -> None:
    body = ok(await demo.post("/video/upload", data={"caption": "x"}, files={"file": ("v.mp4", one_second)}))
    params = {"url": body["video_url"], "filename": "../../etc/holiday"}
    down = await demo.get("/video/download/by/url", params=params)
    assert down.status_code == 200, down.text
    assert down.content == one_second
    assert down.headers["content-disposition"] == 'attachment; filename="holiday.mp4"'
    assert_invalid(
        await demo.get("/video/download/by/url", params={"url": "https://example.com/v.mp4"}), "url"
    )
    assert left_in(temp_root) == []


async def test_download_refusals_name_the_field(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    photo = seeded(emulator, 1)
    assert_invalid(await demo.get("/video/download", params={"media_pk": photo.pk}), "media_pk")
    assert_invalid(await demo.get("/video/download", params={"media_pk": 0}), "media_pk")
    assert_invalid(
        await demo.get("/video/download", params={"media_pk": photo.pk, "folder": "/etc"}), "folder"
    )
    assert_invalid(
        await demo.get("/video/download", params={"media_pk": photo.pk, "returnFile": "false"}), "returnFile"
    )


async def test_return_file_false_keeps_the_video_in_the_download_directory(
    make_api: AppFactory, one_second: bytes, tmp_path: Path
) -> None:
    root = tmp_path / "downloads"
    api = await demo_on(make_api, download_dir=str(root))
    body = ok(await api.post("/video/upload", data={"caption": "x"}, files={"file": ("v.mp4", one_second)}))
    kept = ok(
        await api.get(
            "/video/download", params={"media_pk": body["pk"], "folder": "videos", "returnFile": "false"}
        )
    )
    assert kept == f"videos/demo_{body['pk']}.mp4" and (root / kept).read_bytes() == one_second
    assert_invalid(
        await api.get("/video/download", params={"media_pk": body["pk"], "folder": "../out"}), "folder"
    )
