"""Photo: posts made from a file, a URL and with a song, and downloads by media pk and CDN URL."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
from PIL import Image

from aiograpi_rest.emulator import Emulator
from tests.api.feed_media import demo_on, ok, seeded, track_json
from tests.conftest import AppFactory, left_in
from tests.file_server import serving
from tests.media_files import jpeg
from tests.validation import assert_invalid


async def test_a_square_jpeg_is_posted_with_its_caption_and_downloads_at_its_size(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, temp_root: Path
) -> None:
    bob = emulator.world.users.by_username("bob")
    photo = jpeg(tmp_path / "square.jpg", (1080, 1080))
    usertag = {"user": {"pk": bob.pk, "username": "bob"}, "x": 0.25, "y": 0.75}
    body = ok(
        await demo.post(
            "/photo/upload",
            files={"file": ("square.jpg", photo.read_bytes(), "image/jpeg")},
            data={"caption": "Sunset #beach", "usertags": json.dumps([usertag])},
        )
    )
    assert (body["media_type"], body["caption_text"]) == (1, "Sunset #beach")
    posted = emulator.world.media.get(body["pk"])
    assert (posted.caption, posted.width, posted.height) == ("Sunset #beach", 1080, 1080)
    assert posted.usertags == [(bob.pk, 0.25, 0.75)]
    assert left_in(temp_root) == [], "the upload's temporary folder is gone"

    posts = ok(await demo.get("/user/posts", params={"username": "demo", "amount": 5}))
    newest = next(m for m in posts["items"] if m["pk"] == body["pk"])
    assert newest["caption_text"] == "Sunset #beach"

    download = await demo.get("/photo/download", params={"media_pk": body["pk"]})
    assert download.status_code == 200 and download.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(download.content)) as image:
        assert (image.format, image.size) == ("JPEG", (1080, 1080))
    assert left_in(temp_root) == [], "the download's temporary folder is gone"


async def test_a_text_file_named_jpg_is_refused_before_any_upload(
    demo: httpx.AsyncClient, emulator: Emulator, temp_root: Path
) -> None:
    before = len(emulator.world.media.medias)
    files = {"file": ("photo.jpg", b"just text, not a photo", "image/jpeg")}
    response = await demo.post("/photo/upload", files=files, data={"caption": "no"})
    assert "JPEG, PNG or WebP" in str(assert_invalid(response, "file")["detail"])
    assert emulator.log.calls("rupload_igphoto") == [] and len(emulator.world.media.medias) == before
    assert left_in(temp_root) == []
    bad_id = await demo.post("/photo/upload", files=files, data={"caption": "no", "upload_id": "1/../x"})
    assert_invalid(bad_id, "upload_id")


async def test_a_photo_is_posted_from_an_allowed_url(
    make_api: AppFactory, emulator: Emulator, temp_root: Path
) -> None:
    png = io.BytesIO()
    Image.new("RGB", (320, 400), (10, 200, 30)).save(png, "PNG")
    with serving({"/p.png": png.getvalue()}) as served:
        strict = await demo_on(make_api)
        refused = await strict.post(
            "/photo/upload/by/url", data={"url": served.url("/p.png"), "caption": "x"}
        )
        assert_invalid(refused, "url")

        api = await demo_on(make_api, fetch_allow="127.0.0.1")
        body = ok(
            await api.post("/photo/upload/by/url", data={"url": served.url("/p.png"), "caption": "From afar"})
        )
    posted = emulator.world.media.get(body["pk"])
    assert (posted.caption, posted.width, posted.height) == ("From afar", 320, 400)
    assert left_in(temp_root) == []


async def test_a_photo_with_a_song_carries_the_track(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path
) -> None:
    track = track_json(emulator)
    photo = ("p.jpg", jpeg(tmp_path / "p.jpg").read_bytes(), "image/jpeg")
    body = ok(
        await demo.post(
            "/photo/upload/with/music",
            files={"file": photo},
            data={"caption": "With a song", "track": json.dumps(track), "overlap_duration": "15000"},
        )
    )
    assert emulator.world.media.get(body["pk"]).track_id == track["id"]
    nameless = {k: v for k, v in track.items() if k != "audio_cluster_id"}
    response = await demo.post(
        "/photo/upload/with/music",
        files={"file": photo},
        data={"caption": "x", "track": json.dumps(nameless)},
    )
    assert_invalid(response, "track")


async def test_a_cdn_photo_downloads_under_a_bare_safe_name(
    demo: httpx.AsyncClient, emulator: Emulator, temp_root: Path
) -> None:
    photo = seeded(emulator, 1)
    info = ok(await demo.get("/media", params={"pk": photo.pk}))
    url = info["thumbnail_url"]
    response = await demo.get("/photo/download/by/url", params={"url": url, "filename": "../../etc/evil"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="evil.jpg"'
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "JPEG"
    assert left_in(temp_root) == []
    assert_invalid(
        await demo.get("/photo/download/by/url", params={"url": "https://example.com/a.jpg"}), "url"
    )
    assert_invalid(await demo.get("/photo/download/by/url", params={"url": url, "folder": "/etc"}), "folder")


async def test_a_kept_download_answers_its_path_and_a_video_is_not_a_photo(
    make_api: AppFactory, emulator: Emulator, tmp_path: Path
) -> None:
    api = await demo_on(make_api, download_dir=str(tmp_path / "keep"))
    photo = seeded(emulator, 1)
    kept = ok(
        await api.get(
            "/photo/download", params={"media_pk": photo.pk, "folder": "mine", "returnFile": "false"}
        )
    )
    assert kept.startswith("mine/") and (tmp_path / "keep" / kept).is_file()
    video = seeded(emulator, 2)
    response = await api.get("/photo/download", params={"media_pk": video.pk})
    assert "GET /video/download" in str(assert_invalid(response, "media_pk")["detail"])
    assert_invalid(await api.get("/photo/download", params={"media_pk": 0}), "media_pk")
