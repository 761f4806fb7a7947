"""A few test-only routes on the real app that use the media plumbing as the route modules will."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, File, Form, UploadFile
from PIL import Image
from starlette.responses import Response

from aiograpi_rest.deps import ServicesDep
from aiograpi_rest.media.downloads import (
    FilenameQuery,
    FolderQuery,
    ReturnFileQuery,
    download_to,
    safe_filename,
)
from aiograpi_rest.media.photos import Photo
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Spool, Video
from tests.conftest import AppFactory

router = APIRouter(prefix="/test-media")
OptionalFile = Annotated[UploadFile | None, File()]
# A "JPEG" (by its magic number) of several read chunks.
DOWNLOADED = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3000


def _source(file: UploadFile | None, url: str) -> tuple[str, UploadFile | str]:
    return ("file", file) if file is not None else ("url", url)


def _described(item: Photo | Video) -> dict[str, Any]:
    if isinstance(item, Photo):
        return {"name": item.path.name, "size": [item.width, item.height]}
    info = item.info
    body: dict[str, Any] = {
        "name": item.path.name,
        "container": info.container.name,
        "video_codec": info.video_codec,
        "audio_codec": info.audio_codec,
        "duration": info.duration,
        "size": [info.width, info.height],
        "thumbnail": None,
    }
    if item.thumbnail is not None:
        with Image.open(item.thumbnail) as cover:
            body["thumbnail"] = {
                "name": item.thumbnail.name,
                "format": cover.format,
                "size": list(cover.size),
            }
    return body


@router.post("/photo")
async def photo(
    svc: ServicesDep, file: OptionalFile = None, url: Annotated[str, Form()] = ""
) -> dict[str, Any]:
    async with Spool.of(svc.settings) as spool:
        return _described(await spool.photo(*_source(file, url)))


@router.post("/video")
async def video(
    svc: ServicesDep,
    surface: Annotated[str, Form()],
    file: OptionalFile = None,
    url: Annotated[str, Form()] = "",
    thumbnail: OptionalFile = None,
    thumbnail_at: Annotated[float, Form()] = 0.0,
) -> dict[str, Any]:
    async with Spool.of(svc.settings) as spool:
        field, source = _source(file, url)
        made = await spool.video(
            field, source, Surface[surface], thumbnail=thumbnail, thumbnail_at=thumbnail_at
        )
        return _described(made)


@router.post("/voice")
async def voice(svc: ServicesDep, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    async with Spool.of(svc.settings) as spool:
        recording = await spool.audio("file", file)
        return {"name": recording.path.name, "codec": recording.info.audio_codec}


@router.post("/album")
async def album(svc: ServicesDep, files: Annotated[list[UploadFile], File()]) -> list[dict[str, Any]]:
    async with Spool.of(svc.settings) as spool:
        return [_described(await spool.photo_or_video("files", f, Surface.ALBUM)) for f in files]


@router.post("/photo-then-failure")
async def photo_then_failure(svc: ServicesDep, file: Annotated[UploadFile, File()]) -> None:
    async with Spool.of(svc.settings) as spool:
        await spool.photo("file", file)
        raise RuntimeError("Instagram's part failed")


@router.get("/download")
async def download(
    svc: ServicesDep,
    folder: FolderQuery = "",
    filename: FilenameQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    async with download_to(svc.settings, folder, return_file) as dl:
        # What aiograpi's *_download_by_url does: `Path(folder) / f"{filename}.{suffix}"`.
        path = dl.folder / f"{safe_filename('filename', filename) or 'photo'}.jpg"
        path.write_bytes(DOWNLOADED)
        return dl.deliver(path)


@pytest.fixture
def media_api(make_api: AppFactory, temp_root: Path) -> AppFactory:
    async def start(**overrides: Any) -> httpx.AsyncClient:
        client = await make_api(**overrides)
        client.app.include_router(router)  # type: ignore[attr-defined]
        return client

    return start
