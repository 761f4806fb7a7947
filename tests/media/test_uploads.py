"""Uploads through the spool: the type from the bytes, the surface's video rules, covers, cleanup."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from starlette.datastructures import UploadFile

from aiograpi_rest.errors import ApiError
from aiograpi_rest.media.spool import Spool
from tests.conftest import AppFactory, left_in
from tests.media.makers import image_bytes, m4a, video
from tests.validation import assert_invalid


async def ok(response):  # noqa: ANN001, ANN201
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("format", "suffix"), [("PNG", ".png"), ("JPEG", ".jpg"), ("WEBP", ".webp")])
async def test_a_photo_is_saved_under_the_suffix_of_its_bytes_whatever_its_name(
    media_api: AppFactory, temp_root: Path, format: str, suffix: str
) -> None:
    api = await media_api()
    files = {"file": ("holiday.jpg", image_bytes(format, (40, 30)), "image/jpeg")}
    body = await ok(await api.post("/test-media/photo", files=files))
    assert Path(body["name"]).suffix == suffix and body["size"] == [40, 30]
    assert left_in(temp_root) == []


async def test_a_text_file_named_jpg_is_refused_naming_the_field(
    media_api: AppFactory, temp_root: Path
) -> None:
    api = await media_api()
    files = {"file": ("photo.jpg", b"just some text, not an image at all", "image/jpeg")}
    body = assert_invalid(await api.post("/test-media/photo", files=files), "file")
    assert "JPEG, PNG or WebP" in str(body["detail"])
    assert_invalid(await api.post("/test-media/photo", files={"file": ("e.jpg", b"", "image/jpeg")}), "file")
    assert left_in(temp_root) == []


async def test_a_photo_that_is_only_a_magic_number_is_refused(media_api: AppFactory) -> None:
    api = await media_api()
    files = {"file": ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png")}
    assert_invalid(await api.post("/test-media/photo", files=files), "file")


async def test_a_file_over_the_limit_is_413_and_leaves_nothing(temp_root: Path) -> None:
    # The app's body-size guard answers first for a declared length; the spool counts what it
    # saves too, for bodies that declare none.
    upload = UploadFile(io.BytesIO(image_bytes("PNG", (400, 400))), filename="a.png")
    with pytest.raises(ApiError) as refused:
        async with Spool(upload_max_bytes=1000) as spool:
            await spool.photo("picture", upload)
    assert (refused.value.status, refused.value.exc_type) == (413, "UploadTooLarge")
    assert refused.value.detail.startswith("picture: ")
    assert left_in(temp_root) == []


async def test_the_folder_is_deleted_when_the_call_fails_after_saving(
    media_api: AppFactory, temp_root: Path
) -> None:
    api = await media_api()
    response = await api.post("/test-media/photo-then-failure", files={"file": ("a", image_bytes(), "x")})
    assert response.status_code == 500
    assert left_in(temp_root) == []


async def test_a_one_second_video_is_probed(media_api: AppFactory, tmp_path: Path, temp_root: Path) -> None:
    api = await media_api()
    clip = video(tmp_path / "one.mov", seconds=1, size=(64, 48), fps=10)
    files = {"file": ("one.mov", clip.read_bytes(), "video/quicktime")}
    body = await ok(await api.post("/test-media/video", data={"surface": "STORY"}, files=files))
    # QuickTime by its brand, saved as .mp4 (album_upload takes no other suffix for video).
    assert body["container"] == "MOV" and body["name"].endswith(".mp4")
    assert (body["video_codec"], body["audio_codec"]) == ("h264", "aac")
    assert body["duration"] == pytest.approx(1.0, abs=0.15)
    assert body["size"] == [64, 48]
    # The cover is made from the video: a JPEG of the video's size.
    assert body["thumbnail"]["format"] == "JPEG" and body["thumbnail"]["size"] == [64, 48]
    assert left_in(temp_root) == []


async def test_a_rotated_video_is_judged_and_covered_as_displayed(
    media_api: AppFactory, tmp_path: Path
) -> None:
    api = await media_api()
    clip = video(tmp_path / "r.mp4", seconds=4, size=(64, 32), fps=2, audio=False, rotation=90)
    files = {"file": ("r.mp4", clip.read_bytes(), "video/mp4")}
    body = await ok(await api.post("/test-media/video", data={"surface": "CLIP"}, files=files))
    assert body["size"] == [32, 64] and body["thumbnail"]["size"] == [32, 64]
    # Displayed 1:2, too narrow for the feed (4:5 at the narrowest).
    refused = assert_invalid(
        await api.post("/test-media/video", data={"surface": "FEED"}, files=files), "file"
    )
    assert "32x64" in str(refused["detail"]) and "4:5" in str(refused["detail"])


async def test_a_100_second_video_is_too_long_for_reels(media_api: AppFactory, tmp_path: Path) -> None:
    api = await media_api()
    long = video(tmp_path / "long.mp4", seconds=100, size=(16, 16), fps=1, audio=False)
    files = {"file": ("long.mp4", long.read_bytes(), "video/mp4")}
    body = assert_invalid(await api.post("/test-media/video", data={"surface": "CLIP"}, files=files), "file")
    assert "100.0 s long; Reels accept at most 90 s" in str(body["detail"])
    # IGTV takes it (1 to 15 minutes); a story does not.
    assert (await ok(await api.post("/test-media/video", data={"surface": "IGTV"}, files=files)))[
        "duration"
    ] >= 99
    assert "stories accept at most 60 s" in str(
        assert_invalid(await api.post("/test-media/video", data={"surface": "STORY"}, files=files), "file")[
            "detail"
        ]
    )


async def test_a_too_short_igtv_video_names_the_minimum(media_api: AppFactory, tmp_path: Path) -> None:
    api = await media_api()
    files = {"file": ("s.mp4", video(tmp_path / "s.mp4", seconds=1, size=(32, 32)).read_bytes(), "video/mp4")}
    body = assert_invalid(await api.post("/test-media/video", data={"surface": "IGTV"}, files=files), "file")
    assert "IGTV videos need at least 60 s" in str(body["detail"])


async def test_a_photo_is_not_a_video(media_api: AppFactory) -> None:
    api = await media_api()
    files = {"file": ("v.mp4", image_bytes("JPEG"), "video/mp4")}
    body = assert_invalid(await api.post("/test-media/video", data={"surface": "CLIP"}, files=files), "file")
    assert "a JPEG file, not an MP4 or MOV video" in str(body["detail"])


async def test_a_given_cover_is_checked_as_a_photo(media_api: AppFactory, tmp_path: Path) -> None:
    api = await media_api()
    clip = video(tmp_path / "c.mp4", seconds=4, size=(48, 48), fps=2).read_bytes()
    cover = {
        "file": ("c.mp4", clip, "video/mp4"),
        "thumbnail": ("cover.png", image_bytes("PNG", (30, 30)), "x"),
    }
    body = await ok(await api.post("/test-media/video", data={"surface": "CLIP"}, files=cover))
    assert body["thumbnail"] == {"name": body["thumbnail"]["name"], "format": "PNG", "size": [30, 30]}
    assert body["thumbnail"]["name"].endswith(".png")
    bad = {"file": ("c.mp4", clip, "video/mp4"), "thumbnail": ("cover.jpg", b"not a picture", "image/jpeg")}
    assert_invalid(await api.post("/test-media/video", data={"surface": "CLIP"}, files=bad), "thumbnail")


async def test_the_cover_frame_can_be_chosen_by_time(media_api: AppFactory, tmp_path: Path) -> None:
    api = await media_api()
    clip = video(tmp_path / "t.mp4", seconds=5, size=(32, 64), fps=2, audio=False).read_bytes()
    data = {"surface": "CLIP", "thumbnail_at": "3.5"}
    body = await ok(
        await api.post("/test-media/video", data=data, files={"file": ("t.mp4", clip, "video/mp4")})
    )
    assert body["thumbnail"]["format"] == "JPEG" and body["thumbnail"]["size"] == [32, 64]


async def test_direct_videos_get_no_cover_and_voice_notes_are_audio_only(
    media_api: AppFactory, tmp_path: Path, temp_root: Path
) -> None:
    api = await media_api()
    clip = video(tmp_path / "d.mp4", seconds=2, size=(32, 32)).read_bytes()
    body = await ok(
        await api.post("/test-media/video", data={"surface": "DIRECT"}, files={"file": ("d", clip, "x")})
    )
    assert body["thumbnail"] is None
    voice = m4a(tmp_path / "v.m4a", seconds=2).read_bytes()
    assert await ok(await api.post("/test-media/voice", files={"file": ("v.mp4", voice, "x")})) == {
        "name": "1.m4a",
        "codec": "aac",
    }
    body = assert_invalid(await api.post("/test-media/voice", files={"file": ("v.m4a", clip, "x")}), "file")
    assert "video track" in str(body["detail"])
    assert left_in(temp_root) == []


async def test_album_items_are_photos_or_videos_by_their_bytes(media_api: AppFactory, tmp_path: Path) -> None:
    api = await media_api()
    clip = video(tmp_path / "a.mp4", seconds=4, size=(48, 48), fps=2).read_bytes()
    files = [("files", ("1.mp4", image_bytes("JPEG"), "x")), ("files", ("2.jpg", clip, "x"))]
    first, second = await ok(await api.post("/test-media/album", files=files))
    assert first["name"].endswith(".jpg") and "container" not in first
    assert second["name"].endswith(".mp4") and second["thumbnail"]["format"] == "JPEG"
    assert second["thumbnail"]["name"] == second["name"] + ".jpg", "where aiograpi looks for a cover"
    files.append(("files", ("3.jpg", b"GIF89a not taken", "x")))
    assert_invalid(await api.post("/test-media/album", files=files), "files")
