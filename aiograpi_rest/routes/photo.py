"""Photo posts: upload one (a file, a URL, with music) and download one (by media pk or CDN URL).

Uploads go through the request's `Spool` (the type read from the bytes, a 422 naming `file` or
`url` otherwise, nothing left on disk); downloads through `download_to` (see `media.downloads`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.responses import Response

from aiograpi_rest.boundary import PK_MAX
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.media.cdn import CDN_HELP, cdn_url
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FilenameQuery,
    FolderQuery,
    ReturnFileQuery,
    download_to,
    safe_filename,
)
from aiograpi_rest.media.kinds import media_of_kind
from aiograpi_rest.media.spool import Source, Spool
from aiograpi_rest.models import Media
from aiograpi_rest.music_fields import MusicForm
from aiograpi_rest.post_fields import PostFields, PostForm

router = APIRouter(prefix="/photo", tags=["Photo"])

PhotoFile = Annotated[UploadFile, File(description="The photo: JPEG, PNG or WebP (read from its bytes).")]
PhotoUrl = Annotated[
    str, Form(max_length=2048, description="An http(s) URL of the photo; the gateway fetches it.")
]
# aiograpi puts it in the rupload path (`rupload_igphoto/<upload_id>_0_<n>`).
UploadId = Annotated[
    str,
    Form(pattern=r"^(\d{1,20})?$", description="Your own upload id (digits); blank: a new one."),
]
MediaPk = Annotated[int, Query(ge=1, le=PK_MAX, description="The photo post's media pk.")]


async def _upload(
    cl: SessionClient, svc: ServicesDep, field: str, source: Source, post: PostFields, upload_id: str
) -> Media:
    async with Spool.of(svc.settings) as spool:
        photo = await spool.photo(field, source)
        return await cl.photo_upload(photo.path, post.caption, upload_id, post.usertags, post.location)


@router.get("/download", summary="Download a photo post's image", responses=FILE_RESPONSES)
async def photo_download(
    cl: SessionClient,
    svc: ServicesDep,
    media_pk: MediaPk,
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    await media_of_kind(cl, "media_pk", media_pk, 1)
    async with download_to(svc.settings, folder, return_file) as dl:
        return dl.deliver(await cl.photo_download(media_pk, dl.folder))


@router.get("/download/by/url", summary="Download a photo from Instagram's CDN", responses=FILE_RESPONSES)
async def photo_download_by_url(
    cl: SessionClient,
    svc: ServicesDep,
    url: Annotated[str, Query(max_length=2048, description=CDN_HELP)],
    filename: FilenameQuery = "",
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    checked, name = cdn_url("url", url), safe_filename("filename", filename)
    async with download_to(svc.settings, folder, return_file) as dl:
        return dl.deliver(await cl.photo_download_by_url(checked, name, dl.folder))


@router.post("/upload", summary="Post a photo")
async def photo_upload(
    cl: SessionClient, svc: ServicesDep, file: PhotoFile, post: PostForm, upload_id: UploadId = ""
) -> Media:
    return await _upload(cl, svc, "file", file, post, upload_id)


@router.post("/upload/by/url", summary="Post a photo fetched from a URL")
async def photo_upload_by_url(
    cl: SessionClient, svc: ServicesDep, url: PhotoUrl, post: PostForm, upload_id: UploadId = ""
) -> Media:
    return await _upload(cl, svc, "url", url, post, upload_id)


@router.post("/upload/with/music", summary="Post a photo with a song")
async def photo_upload_with_music(
    cl: SessionClient,
    svc: ServicesDep,
    file: PhotoFile,
    post: PostForm,
    music: MusicForm,
    upload_id: UploadId = "",
) -> Media:
    async with Spool.of(svc.settings) as spool:
        photo = await spool.photo("file", file)
        return await cl.photo_upload_with_music(
            photo.path,
            post.caption,
            music.track,
            upload_id,
            post.usertags,
            post.location,
            **music.options,
        )
