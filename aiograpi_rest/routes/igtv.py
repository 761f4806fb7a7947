"""IGTV (Legacy): long videos (60 s to 15 min, `media/rules.py`) posted with a title, and downloads.

IGTV is gone from the app, but Instagram still takes `configure_to_igtv`; the post comes back with
`product_type` "igtv". The form fields are the Video routes' (`routes/video.py`).
"""

from __future__ import annotations

from typing import Annotated

from aiograpi import Client
from fastapi import APIRouter, Form
from starlette.responses import Response

from aiograpi_rest.boundary import QueryPk
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FolderQuery,
    ReturnFileQuery,
)
from aiograpi_rest.media.kinds import VIDEO
from aiograpi_rest.media.posting import VideoUpload, posted_video
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.served import CdnDownloadQuery, post_download, url_download
from aiograpi_rest.media.spool import Video
from aiograpi_rest.models import Media
from aiograpi_rest.post_fields import PostForm
from aiograpi_rest.routes.video import ThumbnailFile, VideoFile, VideoUrl

router = APIRouter(prefix="/igtv", tags=["IGTV (Legacy)"])

Title = Annotated[
    str, Form(min_length=1, max_length=75, description="The video's title (shown above the caption).")
]


def igtv_video(cl: Client, title: str, post: PostForm) -> VideoUpload:
    async def upload(video: Video) -> Media:
        return await cl.igtv_upload(
            video.path,
            title,
            post.caption,
            thumbnail=video.thumbnail,
            usertags=post.usertags,
            location=post.location,
        )

    return upload


@router.get("/download", summary="Download an IGTV video", responses=FILE_RESPONSES)
async def igtv_download(
    cl: SessionClient,
    svc: ServicesDep,
    media_pk: QueryPk,
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    return await post_download(cl, svc.settings, VIDEO, cl.igtv_download, media_pk, folder, return_file)


@router.get(
    "/download/by/url", summary="Download an IGTV video from Instagram's CDN", responses=FILE_RESPONSES
)
async def igtv_download_by_url(cl: SessionClient, svc: ServicesDep, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.igtv_download_by_url, wanted)


@router.post("/upload", summary="Post an IGTV video")
async def igtv_upload(
    cl: SessionClient,
    svc: ServicesDep,
    file: VideoFile,
    title: Title,
    post: PostForm,
    thumbnail: ThumbnailFile = None,
) -> Media:
    return await posted_video(svc.settings, file, Surface.IGTV, thumbnail, igtv_video(cl, title, post))


@router.post("/upload/by/url", summary="Post an IGTV video fetched from a URL")
async def igtv_upload_by_url(
    cl: SessionClient,
    svc: ServicesDep,
    url: VideoUrl,
    title: Title,
    post: PostForm,
    thumbnail: ThumbnailFile = None,
) -> Media:
    return await posted_video(svc.settings, url, Surface.IGTV, thumbnail, igtv_video(cl, title, post))
