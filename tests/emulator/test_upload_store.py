"""The upload store and the file store: keys, bounds, and what configure refuses."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.seed import build_world
from aiograpi_rest.emulator.world.files import MediaFiles, image_size
from aiograpi_rest.emulator.world.publish import PostFields
from aiograpi_rest.emulator.world.uploads import IMAGE, VIDEO, Upload, Uploads


def _jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "JPEG")
    return out.getvalue()


def test_a_video_and_its_cover_with_one_upload_id_are_both_kept() -> None:
    uploads = Uploads()
    uploads.put(Upload("42", "42_0_1", "video/mp4", b"video bytes", "1"))
    uploads.put(Upload("42", "42_0_2", "image/jpeg", b"cover bytes", "1"))
    assert uploads.take("42", "1", VIDEO).data == b"video bytes"
    assert uploads.take("42", "1", IMAGE).data == b"cover bytes"
    with pytest.raises(errors.UpstreamError) as refused:
        uploads.take("42", "1", IMAGE)  # each upload configures one thing
    assert refused.value.body["error_type"] == "upload_not_found"


def test_uploads_are_the_uploader_s_own() -> None:
    uploads = Uploads()
    uploads.put(Upload("7", "7_0_1", "image/jpeg", b"x", "1"))
    with pytest.raises(errors.UpstreamError):
        uploads.take("7", "2")


def test_pending_bytes_are_bounded_oldest_dropped_first() -> None:
    uploads = Uploads(max_bytes=10)
    uploads.put(Upload("1", "a", "image/jpeg", b"123456", "1"))
    uploads.put(Upload("2", "b", "image/jpeg", b"123456", "1"))
    assert uploads.total == 6 and list(uploads.by_key) == [("2", IMAGE)]
    with pytest.raises(errors.UpstreamError) as refused:
        uploads.put(Upload("3", "c", "video/mp4", b"x" * 11, "1"))
    assert refused.value.status == 413


def test_kept_files_are_bounded_and_a_dropped_one_is_served_as_a_stand_in() -> None:
    first, second = _jpeg((40, 30)), _jpeg((40, 30))
    files = MediaFiles(max_kept=len(first) + len(second) - 1)
    files.keep("1", IMAGE, first)
    files.keep("2", IMAGE, second)
    assert files.kept_bytes("1", IMAGE) is None and files.kept_bytes("2", IMAGE) == second
    assert files.image("2", 40, 30) == second
    assert image_size(files.image("1", 40, 30)) == (40, 30)  # drawn again at its size
    assert image_size(files.image("2", 20, 15)) == (20, 15)  # scaled from the upload


def test_an_album_is_refused_whole_when_one_item_is_missing() -> None:
    world = build_world(0)
    demo = world.users.by_username("demo").pk
    world.uploads.put(Upload("1", "a", "image/jpeg", _jpeg((64, 48)), demo))
    before = len(world.media.medias)
    with pytest.raises(errors.UpstreamError):
        world.publish.album(demo, [("1", False), ("2", False)], PostFields(caption="half"))
    assert len(world.media.medias) == before and ("1", IMAGE) in world.uploads.by_key


def test_bytes_that_are_not_an_image_need_a_reupload() -> None:
    world = build_world(0)
    demo = world.users.by_username("demo").pk
    world.uploads.put(Upload("9", "a", "image/jpeg", b"not a jpeg", demo))
    with pytest.raises(errors.UpstreamError) as refused:
        world.publish.photo(demo, "9", PostFields())
    assert refused.value.body["error_type"] == "media_needs_reupload"
