"""The two download bodies of the feed-media routes: a post by its media pk, and a CDN URL.

    return await post_download(cl, svc.settings, PHOTO, cl.photo_download, media_pk, folder, return_file)

The download place (`folder`, `returnFile`) is checked first, then what is downloaded (the post's
kind, `kinds`; the URL and file name), so a local mistake never costs an upstream call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from aiograpi import Client
from fastapi import Depends
from starlette.responses import Response

from aiograpi_rest.config import Settings
from aiograpi_rest.media.cdn import cdn_url
from aiograpi_rest.media.downloads import (
    CdnUrlQuery,
    FilenameQuery,
    FolderQuery,
    ReturnFileQuery,
    download_to,
    safe_filename,
)
from aiograpi_rest.media.kinds import media_of_kind

# aiograpi's `<kind>_download(media_pk, folder)` and `<kind>_download_by_url(url, filename, folder)`.
PkDownload = Callable[[int, Path], Awaitable[Path | str]]
UrlDownload = Callable[[str, str, Path], Awaitable[Path | str]]


async def post_download(
    cl: Client,
    settings: Settings,
    media_type: int,
    download: PkDownload,
    media_pk: int,
    folder: str,
    return_file: bool,
) -> Response:
    """`download` of the post `media_pk`, answered as `returnFile` says; a post that is not of
    `media_type` is a 422 naming `media_pk`."""
    async with download_to(settings, folder, return_file) as dl:
        await media_of_kind(cl, "media_pk", media_pk, media_type)
        return dl.deliver(await download(media_pk, dl.folder))


@dataclass(frozen=True)
class CdnDownload:
    """What a `*/download/by/url` route is asked: the CDN URL, the file's name and where it goes."""

    url: str
    filename: str
    folder: str
    return_file: bool


async def _cdn_download(
    url: CdnUrlQuery,
    filename: FilenameQuery = "",
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> CdnDownload:
    return CdnDownload(url, filename, folder, return_file)


CdnDownloadQuery = Annotated[CdnDownload, Depends(_cdn_download)]


async def url_download(settings: Settings, download: UrlDownload, wanted: CdnDownload) -> Response:
    """`download` of an Instagram CDN URL under the bare name asked for; 422s name the field."""
    async with download_to(settings, wanted.folder, wanted.return_file) as dl:
        url, name = cdn_url("url", wanted.url), safe_filename("filename", wanted.filename)
        return dl.deliver(await download(url, name, dl.folder))
