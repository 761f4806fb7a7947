"""IGTV (Legacy): long videos (60 s to 15 min) posted with a title, and downloaded."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import demo_on, ok, seeded
from tests.conftest import AppFactory, left_in
from tests.file_server import serving
from tests.media_files import mp4
from tests.validation import assert_invalid, invalid_text


@pytest.fixture(scope="module")
def minute(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """60 s at 16x16 px and 1 fps: the shortest IGTV video, cheap to make."""
    return mp4(tmp_path_factory.mktemp("igtv") / "minute.mp4", size=(16, 16), seconds=60, fps=1).read_bytes()


async def test_an_igtv_video_is_posted_with_its_title_and_downloads_as_uploaded(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    minute: bytes,
    temp_root: Path,
) -> None:
    form = {"title": "Long form", "caption": "A minute of colour"}
    body = ok(await demo.post("/igtv/upload", data=form, files={"file": ("m.mp4", minute)}))
    assert (body["product_type"], body["title"], body["caption_text"]) == (
        "igtv",
        "Long form",
        form["caption"],
    )
    assert body["video_duration"] == pytest.approx(60, abs=1)
    posted = emulator.world.media.get(body["pk"])
    assert (posted.product_type, posted.title, posted.caption) == ("igtv", "Long form", form["caption"])
    assert left_in(temp_root) == []

    down = await demo.get("/igtv/download", params={"media_pk": body["pk"]})
    assert down.status_code == 200, down.text
    assert down.content == minute and down.headers["content-type"] == "video/mp4"
    by_url = await demo.get(
        "/igtv/download/by/url", params={"url": body["video_url"], "filename": "a/../b c"}
    )
    assert by_url.content == minute
    assert by_url.headers["content-disposition"] == 'attachment; filename="b_c.mp4"'
    assert left_in(temp_root) == []


async def test_igtv_refusals_name_the_field(
    demo: httpx.AsyncClient,
    emulator: Emulator,
    minute: bytes,
    tmp_path: Path,
    temp_root: Path,
) -> None:
    before = len(emulator.world.media.medias)
    short = mp4(tmp_path / "short.mp4").read_bytes()
    refused = await demo.post(
        "/igtv/upload", data={"title": "t", "caption": "c"}, files={"file": ("s.mp4", short)}
    )
    assert_invalid(refused, "file")
    assert "IGTV videos" in invalid_text(refused)
    blank = await demo.post(
        "/igtv/upload", data={"title": "", "caption": "c"}, files={"file": ("m.mp4", minute)}
    )
    assert_invalid(blank, "title")
    untitled = await demo.post("/igtv/upload", data={"caption": "c"}, files={"file": ("m.mp4", minute)})
    assert_invalid(untitled, "title")
    assert_invalid(await demo.get("/igtv/download", params={"media_pk": "x"}), "media_pk")
    # aiograpi's igtv_download raises a bare Exception for a photo (a 500): refused first.
    photo = await demo.get("/igtv/download", params={"media_pk": seeded(emulator, 1).pk})
    assert_invalid(photo, "media_pk")
    assert "GET /photo/download" in invalid_text(photo)
    assert_invalid(
        await demo.get("/igtv/download/by/url", params={"url": "http://scontent.cdninstagram.com/v.mp4"}),
        "url",
    )
    assert len(emulator.world.media.medias) == before and left_in(temp_root) == []


async def test_an_igtv_video_fetched_from_a_url_is_posted(
    make_api: AppFactory,
    emulator: Emulator,
    minute: bytes,
    temp_root: Path,
) -> None:
    api = await demo_on(make_api, fetch_allow="127.0.0.1")
    with serving({"/minute.mp4": minute}) as served:
        form = {"url": served.url("/minute.mp4"), "title": "Fetched", "caption": "From afar"}
        body = ok(await api.post("/igtv/upload/by/url", data=form))
        missing = {**form, "url": served.url("/gone.mp4")}
        assert_invalid(await api.post("/igtv/upload/by/url", data=missing), "url")
    posted = emulator.world.media.get(body["pk"])
    assert (posted.product_type, posted.title, posted.caption) == ("igtv", "Fetched", "From afar")
    assert left_in(temp_root) == []
