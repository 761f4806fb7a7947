"""Clip (Reels): uploads (file, URL, with a song), downloads, pins and the creation preflight,
through real aiograpi against the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.builders import track_v1
from aiograpi_rest.emulator.world.media import Media as WorldMedia
from tests.api.feed_media import demo_on, ok, seeded
from tests.conftest import AppFactory, left_in, login
from tests.file_server import serving
from tests.media_files import jpeg, mp4
from tests.validation import assert_invalid, invalid_text


@pytest.fixture
def video(tmp_path: Path) -> bytes:
    return mp4(tmp_path / "clip.mp4", size=(64, 64)).read_bytes()


def demo_clip(emulator: Emulator) -> WorldMedia:
    demo = emulator.world.users.by_username("demo")
    return next(
        m for m in emulator.world.media.medias.values() if m.owner_pk == demo.pk and m.product_type == "clips"
    )


async def upload(client: httpx.AsyncClient, video: bytes, caption: str = "first reel", **form: Any) -> Any:
    files = {"file": ("clip.mp4", video, "video/mp4")}
    return ok(await client.post("/clip/upload", files=files, data={"caption": caption, **form}))


async def test_a_reel_is_posted_with_its_caption_and_leaves_no_files(
    demo: httpx.AsyncClient, emulator: Emulator, video: bytes, temp_root: Path
) -> None:
    body = await upload(demo, video, "sunset #reels")
    assert (body["media_type"], body["product_type"], body["caption_text"]) == (2, "clips", "sunset #reels")
    assert isinstance(body["pk"], str) and 0.5 < body["video_duration"] < 1.5
    posted = emulator.world.media.get(body["pk"])
    assert posted.owner_pk == emulator.world.users.by_username("demo").pk
    assert posted.product_type == "clips"
    assert left_in(temp_root) == []


async def test_a_100_second_video_is_refused_naming_the_reels_rule(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, temp_root: Path
) -> None:
    long = mp4(tmp_path / "long.mp4", size=(16, 16), seconds=100, fps=1, audio=False).read_bytes()
    before = len(emulator.world.media.medias)
    files = {"file": ("long.mp4", long, "video/mp4")}
    response = await demo.post("/clip/upload", files=files, data={"caption": "too long"})
    assert_invalid(response, "file")
    assert "Reels accept at most 90 s" in invalid_text(response)
    assert len(emulator.world.media.medias) == before
    assert left_in(temp_root) == []


async def test_a_photo_or_a_bad_cover_is_refused_naming_its_field(
    demo: httpx.AsyncClient, tmp_path: Path, video: bytes
) -> None:
    photo = jpeg(tmp_path / "p.jpg").read_bytes()
    files = {"file": ("clip.mp4", photo, "video/mp4")}
    assert_invalid(await demo.post("/clip/upload", files=files, data={"caption": "x"}), "file")
    files = {"file": ("clip.mp4", video, "video/mp4"), "thumbnail": ("c.jpg", b"not an image", "image/jpeg")}
    assert_invalid(await demo.post("/clip/upload", files=files, data={"caption": "x"}), "thumbnail")


async def test_a_reel_with_a_track_carries_that_track(
    demo: httpx.AsyncClient, emulator: Emulator, video: bytes
) -> None:
    track = list(emulator.world.tags.tracks.values())[1]
    files = {"file": ("clip.mp4", video, "video/mp4")}
    form = {"caption": "with a song", "track": json.dumps(track_v1(track)), "music_volume": "0.5"}
    body = ok(await demo.post("/clip/upload/with/music", files=files, data=form))
    song = body["clips_metadata"]["music_info"]["music_asset_info"]
    assert (song["id"], song["title"]) == (track.id, track.title)
    assert emulator.world.media.get(body["pk"]).track_id == track.id


async def test_a_track_without_its_ids_is_refused_naming_track(demo: httpx.AsyncClient, video: bytes) -> None:
    files = {"file": ("clip.mp4", video, "video/mp4")}
    for track in ('{"id": "1"}', "not json", ""):
        form = {"caption": "x", "track": track}
        assert_invalid(await demo.post("/clip/upload/with/music", files=files, data=form), "track")
    form = {"caption": "x", "track": '{"id": "1", "audio_cluster_id": "8"}', "music_volume": "2"}
    assert_invalid(await demo.post("/clip/upload/with/music", files=files, data=form), "music_volume")


async def test_a_reel_is_posted_from_a_url(make_api: AppFactory, emulator: Emulator, video: bytes) -> None:
    api = await demo_on(make_api, fetch_allow="127.0.0.1")
    with serving({"/clip.mp4": video}) as served:
        form = {"url": served.url("/clip.mp4"), "caption": "from afar"}
        body = ok(await api.post("/clip/upload/by/url", data=form))
    assert (body["product_type"], body["caption_text"]) == ("clips", "from afar")
    assert emulator.world.media.get(body["pk"]).caption == "from afar"


async def test_a_url_that_is_not_http_is_refused_naming_url(demo: httpx.AsyncClient) -> None:
    response = await demo.post("/clip/upload/by/url", data={"url": "file:///etc/passwd", "caption": "x"})
    assert_invalid(response, "url")


async def test_a_posted_reel_downloads_as_the_uploaded_video(demo: httpx.AsyncClient, video: bytes) -> None:
    body = await upload(demo, video)
    response = await demo.get("/clip/download", params={"media_pk": body["pk"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "video/mp4"
    assert response.content == video
    assert_invalid(
        await demo.get("/clip/download", params={"media_pk": body["pk"], "folder": "/etc"}), "folder"
    )
    assert_invalid(await demo.get("/clip/download", params={"media_pk": "0"}), "media_pk")


async def test_a_photo_or_an_album_is_not_a_reel_to_download(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    # aiograpi's clip_download raises a bare Exception for them (a 500): refused first, naming media_pk.
    for media_type, route in ((1, "GET /photo/download"), (8, "GET /album/download")):
        response = await demo.get("/clip/download", params={"media_pk": seeded(emulator, media_type).pk})
        assert_invalid(response, "media_pk")
        assert route in invalid_text(response)


async def test_a_reel_downloads_by_its_cdn_url_under_a_bare_name(
    demo: httpx.AsyncClient, video: bytes
) -> None:
    body = await upload(demo, video)
    params = {"url": body["video_url"], "filename": "../../etc/my reel"}
    response = await demo.get("/clip/download/by/url", params=params)
    assert response.status_code == 200, response.text
    assert response.content == video
    assert 'filename="my_reel.mp4"' in response.headers["content-disposition"]
    url = "https://example.com/clip.mp4"
    assert_invalid(await demo.get("/clip/download/by/url", params={"url": url}), "url")


async def test_pinning_a_reel_puts_it_on_the_reels_tab_and_unpinning_removes_it(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    clip = demo_clip(emulator)
    owner = emulator.world.users.get(clip.owner_pk)
    assert ok(await demo.post("/clip/pin", data={"media_pk": clip.pk})) is True
    assert clip.pk in owner.pinned_clip_pks
    assert ok(await demo.delete("/clip/pin", params={"media_pk": clip.pk})) is True
    assert clip.pk not in owner.pinned_clip_pks


async def test_a_pin_media_pk_that_is_not_digits_is_refused(demo: httpx.AsyncClient) -> None:
    assert_invalid(await demo.post("/clip/pin", data={"media_pk": "1/../2"}), "media_pk")
    assert_invalid(await demo.delete("/clip/pin", params={"media_pk": "1?x=2"}), "media_pk")


async def test_a_reels_template_holds_its_segment_and_song(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    clip = demo_clip(emulator)
    body = ok(await demo.get("/clip/template", params={"media_id": clip.id}))
    template = body["template"]
    assert template["media_id"] == clip.id
    assert template["clips_segments"][0]["duration_ms"] == int(clip.video_duration * 1000)
    assert template["audio"]["id"] == clip.track_id
    assert_invalid(await demo.get("/clip/template", params={"media_id": "abc"}), "media_id")


async def test_creation_info_and_trial_eligibility_follow_the_account_type(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    info = ok(await demo.get("/clip/creation/info"))
    assert info["trial_config"] == {"is_enabled": False} and info["max_duration_sec"] > 0
    assert ok(await demo.get("/clip/trial-eligibility")) is False
    carol = await login(demo, "carol")
    assert emulator.world.users.by_username("carol").account_type in (2, 3)
    answer = ok(await demo.get("/clip/trial-eligibility", headers={"X-Session-ID": carol}))
    assert answer is True


async def test_share_to_facebook_config_sends_the_device_status_given(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    body = ok(await demo.get("/clip/share/facebook/config"))
    assert str(body["user_id"]) == emulator.world.users.by_username("demo").pk
    assert "is_account_linked" in body
    sent = json.loads(emulator.log.calls("share_to_fb_config")[-1].query["device_status"])
    assert sent["chip_name"] == "unknown"  # aiograpi's default
    status = {"hw_avc_dec": True, "chip_name": "tensor"}
    params = {"device_status": json.dumps(status)}
    assert ok(await demo.get("/clip/share/facebook/config", params=params)) == body
    assert json.loads(emulator.log.calls("share_to_fb_config")[-1].query["device_status"]) == status
    bad = await demo.get("/clip/share/facebook/config", params={"device_status": "[1"})
    assert_invalid(bad, "device_status")
