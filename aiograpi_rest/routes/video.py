"""Video: feed videos posted from a file or from a URL's bytes, and video posts or CDN URLs downloaded.

Uploads are checked against the feed-video rules (`media/rules.py`: 1 to 60 s, 4:5 to 16:9, H.264
or HEVC) before anything goes upstream; without a `thumbnail` the cover is the first frame. The
form fields here serve the IGTV routes too.
"""

from __future__ import annotations

from typing import Annotated

from aiograpi import Client
from fastapi import APIRouter, File, UploadFile
from starlette.responses import Response

from aiograpi_rest.boundary import QueryPk
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FolderQuery,
    ReturnFileQuery,
)
from aiograpi_rest.media.fetch import source_url_form
from aiograpi_rest.media.kinds import VIDEO
from aiograpi_rest.media.posting import VideoUpload, posted_video
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.served import CdnDownloadQuery, post_download, url_download
from aiograpi_rest.media.spool import Video
from aiograpi_rest.models import Media
from aiograpi_rest.post_fields import PostForm

router = APIRouter(prefix="/video", tags=["Video"])

VideoFile = Annotated[UploadFile, File(description="An MP4 or MOV video (H.264 or HEVC, AAC sound).")]
VideoUrl = Annotated[str, source_url_form("the video")]
ThumbnailFile = Annotated[
    UploadFile | None, File(description="The cover (JPEG, PNG or WebP); default: the first frame.")
]


def feed_video(cl: Client, post: PostForm) -> VideoUpload:
    async def upload(video: Video) -> Media:
        return await cl.video_upload(
            video.path,
            post.caption,
            thumbnail=video.thumbnail,
            usertags=post.usertags,
            location=post.location,
        )

    return upload


@router.get("/download", summary="Download a video post", responses=FILE_RESPONSES)
async def video_download(
    cl: SessionClient,
    svc: ServicesDep,
    media_pk: QueryPk,
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    return await post_download(cl, svc.settings, VIDEO, cl.video_download, media_pk, folder, return_file)


@router.get("/download/by/url", summary="Download a video from Instagram's CDN", responses=FILE_RESPONSES)
async def video_download_by_url(cl: SessionClient, svc: ServicesDep, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.video_download_by_url, wanted)


@router.post("/upload", summary="Post a video to the feed")
async def video_upload(
    cl: SessionClient, svc: ServicesDep, file: VideoFile, post: PostForm, thumbnail: ThumbnailFile = None
) -> Media:
    return await posted_video(svc.settings, file, Surface.FEED, thumbnail, feed_video(cl, post))


@router.post("/upload/by/url", summary="Post a video fetched from a URL to the feed")
async def video_upload_by_url(
    cl: SessionClient, svc: ServicesDep, url: VideoUrl, post: PostForm, thumbnail: ThumbnailFile = None
) -> Media:
    return await posted_video(svc.settings, url, Surface.FEED, thumbnail, feed_video(cl, post))
