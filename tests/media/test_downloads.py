"""Downloads: confined folders, safe file names, streamed answers that leave nothing behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aiograpi_rest.errors import ApiError
from aiograpi_rest.media.downloads import safe_filename
from tests.conftest import AppFactory, left_in
from tests.media.conftest import DOWNLOADED
from tests.validation import assert_invalid


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("", ""),
        ("holiday", "holiday"),
        ("../x", "x"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".hidden", "hidden"),
        ("my photo (1)", "my_photo__1_"),
        ("été", "_t_"),
        ("a" * 300, "a" * 100),
    ],
)
def test_file_names_are_reduced_to_a_bare_safe_name(given: str, safe: str) -> None:
    assert safe_filename("filename", given) == safe


@pytest.mark.parametrize("given", ["..", "../", "/", "a/..", "...", "__"])
def test_a_file_name_with_nothing_left_is_refused(given: str) -> None:
    with pytest.raises(ApiError) as refused:
        safe_filename("filename", given)
    assert refused.value.status == 422 and refused.value.detail.startswith("filename: ")


async def test_a_download_is_streamed_back_and_its_folder_is_gone(
    media_api: AppFactory, temp_root: Path
) -> None:
    api = await media_api()
    response = await api.get("/test-media/download", params={"filename": "../../etc/pic"})
    assert response.status_code == 200
    assert response.content == DOWNLOADED
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-length"] == str(len(DOWNLOADED))
    assert response.headers["content-disposition"] == 'attachment; filename="pic.jpg"'
    assert left_in(temp_root) == []


async def test_without_a_download_dir_folder_must_be_blank_and_a_path_cannot_be_answered(
    media_api: AppFactory, temp_root: Path
) -> None:
    api = await media_api()
    assert_invalid(await api.get("/test-media/download", params={"folder": "/etc"}), "folder")
    assert_invalid(await api.get("/test-media/download", params={"folder": "mine"}), "folder")
    assert_invalid(await api.get("/test-media/download", params={"returnFile": "false"}), "returnFile")
    assert left_in(temp_root) == []


@pytest.mark.parametrize("folder", ["/etc", "../x", "a/../../x", "~/x", "out"])
async def test_a_folder_must_stay_inside_the_download_dir(
    media_api: AppFactory, tmp_path: Path, folder: str
) -> None:
    root = tmp_path / "downloads"
    root.mkdir()
    os.symlink(tmp_path, root / "out")  # a symlink that leads out
    api = await media_api(download_dir=str(root))
    assert_invalid(await api.get("/test-media/download", params={"folder": folder}), "folder")
    assert sorted(p.name for p in root.iterdir()) == ["out"]
    assert not (tmp_path / "x").exists()


async def test_with_a_download_dir_files_are_kept_and_their_path_answered(
    media_api: AppFactory, tmp_path: Path, temp_root: Path
) -> None:
    root = tmp_path / "downloads"
    api = await media_api(download_dir=str(root))
    params = {"folder": "club/2024", "filename": "x", "returnFile": "false"}
    response = await api.get("/test-media/download", params=params)
    assert response.status_code == 200 and response.json() == "club/2024/x.jpg"
    assert (root / "club" / "2024" / "x.jpg").read_bytes() == DOWNLOADED
    blank = await api.get("/test-media/download", params={"returnFile": "false"})
    assert blank.json() == "photo.jpg" and (root / "photo.jpg").exists()
    # returnFile=true with a folder keeps the file there and answers it too.
    kept = await api.get("/test-media/download", params={"folder": "club", "filename": "y"})
    assert kept.content == DOWNLOADED and (root / "club" / "y.jpg").exists()
    assert left_in(temp_root) == []
