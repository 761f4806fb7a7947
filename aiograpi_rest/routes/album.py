"""Albums (carousels): post 2 to 10 photos and videos, with a song or not, and download an album.

An album's downloads are several files, so they are kept, not streamed back: both download routes
need `AIOGRAPI_REST_DOWNLOAD_DIR` and answer the files' paths in it, in the album's order (the
contract has no `returnFile` here). Without a download directory they are a 422 naming `folder`;
single items can still be streamed with `GET /photo/download/by/url` or `/video/download/by/url`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, Query, UploadFile

from aiograpi_rest.boundary import PK_MAX
from aiograpi_rest.config import Settings
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.media.cdn import CDN_HELP, cdn_url
from aiograpi_rest.media.downloads import NO_ROOT, FolderQuery, download_to
from aiograpi_rest.media.kinds import ALBUM, media_of_kind
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Spool
from aiograpi_rest.models import Media
from aiograpi_rest.music_fields import MusicForm
from aiograpi_rest.post_fields import PostForm

router = APIRouter(prefix="/album", tags=["Album (Carousel)"])

ITEMS_MIN, ITEMS_MAX = 2, 10
# album_download_by_urls picks photo or video by the URL's suffix and knows only these.
URL_SUFFIXES = (".jpg", ".jpeg", ".mp4")

AlbumFiles = Annotated[
    list[UploadFile],
    File(
        min_length=ITEMS_MIN,
        max_length=ITEMS_MAX,
        description=f"{ITEMS_MIN} to {ITEMS_MAX} photos (JPEG, PNG, WebP) and MP4/MOV videos, in order.",
    ),
]
ConfigureTimeout = Annotated[
    int,
    Form(
        ge=0,
        le=60,
        description="Accepted for compatibility: the gateway retries the configure step on its own, "
        "without aiograpi's fixed wait.",
    ),
]


def _kept_root(settings: Settings) -> Path:
    if settings.download_root is None:
        raise invalid("folder", f"an album's files are kept, never streamed: {NO_ROOT}")
    return settings.download_root


def _urls(urls: list[str]) -> list[str]:
    checked = [cdn_url("urls", url) for url in urls]
    for url in checked:
        if not urlsplit(url).path.lower().endswith(URL_SUFFIXES):
            raise invalid("urls", f"only {', '.join(URL_SUFFIXES)} files make an album", url)
    return checked


async def _posted(
    settings: Settings, files: list[UploadFile], upload: Callable[[list[Path]], Awaitable[Media]]
) -> Media:
    """`files` checked as an album's items, then `upload`ed (their paths, in order)."""
    if not ITEMS_MIN <= len(files) <= ITEMS_MAX:
        raise invalid("files", f"an album takes {ITEMS_MIN} to {ITEMS_MAX} files, not {len(files)}")
    async with Spool.of(settings) as spool:
        return await upload([(await spool.photo_or_video("files", f, Surface.ALBUM)).path for f in files])


@router.get("/download", summary="Download an album's photos and videos (kept in the download directory)")
async def album_download(
    cl: SessionClient,
    svc: ServicesDep,
    media_pk: Annotated[int, Query(ge=1, le=PK_MAX, description="The album's media pk.")],
    folder: FolderQuery = "",
) -> list[str]:
    _kept_root(svc.settings)
    async with download_to(svc.settings, folder, return_file=False) as dl:
        await media_of_kind(cl, "media_pk", media_pk, ALBUM)
        return dl.located(await cl.album_download(media_pk, dl.folder))


@router.get("/download/by/urls", summary="Download several CDN files (kept in the download directory)")
async def album_download_by_urls(
    cl: SessionClient,
    svc: ServicesDep,
    urls: Annotated[list[str], Query(min_length=1, max_length=ITEMS_MAX, description=CDN_HELP)],
    folder: FolderQuery = "",
) -> list[str]:
    _kept_root(svc.settings)
    checked = _urls(urls)
    async with download_to(svc.settings, folder, return_file=False) as dl:
        return dl.located(await cl.album_download_by_urls(checked, dl.folder))


@router.post("/upload", summary="Post an album of photos and videos")
async def album_upload(cl: SessionClient, svc: ServicesDep, files: AlbumFiles, post: PostForm) -> Media:
    return await _posted(
        svc.settings, files, lambda paths: cl.album_upload(paths, post.caption, post.usertags, post.location)
    )


@router.post("/upload/with/music", summary="Post an album with a song")
async def album_upload_with_music(
    cl: SessionClient,
    svc: ServicesDep,
    files: AlbumFiles,
    post: PostForm,
    music: MusicForm,
    configure_timeout: ConfigureTimeout = 3,
) -> Media:
    return await _posted(
        svc.settings,
        files,
        lambda paths: cl.album_upload_with_music(
            paths, post.caption, music.track, post.usertags, post.location, configure_timeout, **music.options
        ),
    )
