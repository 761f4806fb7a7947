"""Photo posts: upload one (a file, a URL, with music) and download one (by media pk or CDN URL).

Uploads go through `media.posting` (the type read from the bytes, a 422 naming `file` or `url`
otherwise, nothing left on disk); downloads through `media.served`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.responses import Response

from aiograpi_rest.boundary import PK_MAX
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FolderQuery,
    ReturnFileQuery,
)
from aiograpi_rest.media.fetch import source_url_form
from aiograpi_rest.media.kinds import PHOTO
from aiograpi_rest.media.photos import Photo
from aiograpi_rest.media.posting import PhotoUpload, posted_photo
from aiograpi_rest.media.served import CdnDownloadQuery, post_download, url_download
from aiograpi_rest.models import Media
from aiograpi_rest.music_fields import FeedMusic, MusicForm
from aiograpi_rest.post_fields import PostFields, PostForm

router = APIRouter(prefix="/photo", tags=["Photo"])

PhotoFile = Annotated[UploadFile, File(description="The photo: JPEG, PNG or WebP (read from its bytes).")]
PhotoUrl = Annotated[str, source_url_form("the photo")]
# aiograpi puts it in the rupload path (`rupload_igphoto/<upload_id>_0_<n>`).
UploadId = Annotated[
    str,
    Form(pattern=r"^(\d{1,20})?$", description="Your own upload id (digits); blank: a new one."),
]
MediaPk = Annotated[int, Query(ge=1, le=PK_MAX, description="The photo post's media pk.")]


def _feed_photo(
    cl: SessionClient, post: PostFields, upload_id: str, music: FeedMusic | None = None
) -> PhotoUpload:
    async def upload(photo: Photo) -> Media:
        if music is None:
            return await cl.photo_upload(photo.path, post.caption, upload_id, post.usertags, post.location)
        return await cl.photo_upload_with_music(
            photo.path, post.caption, music.track, upload_id, post.usertags, post.location, **music.options
        )

    return upload


@router.get("/download", summary="Download a photo post's image", responses=FILE_RESPONSES)
async def photo_download(
    cl: SessionClient,
    svc: ServicesDep,
    media_pk: MediaPk,
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    return await post_download(cl, svc.settings, PHOTO, cl.photo_download, media_pk, folder, return_file)


@router.get("/download/by/url", summary="Download a photo from Instagram's CDN", responses=FILE_RESPONSES)
async def photo_download_by_url(cl: SessionClient, svc: ServicesDep, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.photo_download_by_url, wanted)


@router.post("/upload", summary="Post a photo")
async def photo_upload(
    cl: SessionClient, svc: ServicesDep, file: PhotoFile, post: PostForm, upload_id: UploadId = ""
) -> Media:
    return await posted_photo(svc.settings, file, _feed_photo(cl, post, upload_id))


@router.post("/upload/by/url", summary="Post a photo fetched from a URL")
async def photo_upload_by_url(
    cl: SessionClient, svc: ServicesDep, url: PhotoUrl, post: PostForm, upload_id: UploadId = ""
) -> Media:
    return await posted_photo(svc.settings, url, _feed_photo(cl, post, upload_id))


@router.post("/upload/with/music", summary="Post a photo with a song")
async def photo_upload_with_music(
    cl: SessionClient,
    svc: ServicesDep,
    file: PhotoFile,
    post: PostForm,
    music: MusicForm,
    upload_id: UploadId = "",
) -> Media:
    return await posted_photo(svc.settings, file, _feed_photo(cl, post, upload_id, music))
