"""Video: feed videos posted from a file or from a URL's bytes, and video posts or CDN URLs downloaded.

Uploads are checked against the feed-video rules (`media/rules.py`: 1 to 60 s, 4:5 to 16:9, H.264
or HEVC) before anything goes upstream; without a `thumbnail` the cover is the first frame. The
download and upload bodies here serve the IGTV routes too (aiograpi's IGTV downloads are its video
downloads).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from aiograpi import Client
from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.responses import Response

from aiograpi_rest.boundary import QueryPk
from aiograpi_rest.config import Settings
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.media.cdn import CDN_HELP, cdn_url
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
    FilenameQuery,
    FolderQuery,
    ReturnFileQuery,
    download_to,
    safe_filename,
)
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Source, Spool, Video
from aiograpi_rest.models import Media
from aiograpi_rest.post_fields import PostForm

router = APIRouter(prefix="/video", tags=["Video"])

VIDEO = 2  # aiograpi's media_type of a video post (feed, IGTV or reel)

VideoFile = Annotated[UploadFile, File(description="An MP4 or MOV video (H.264 or HEVC, AAC sound).")]
VideoUrl = Annotated[
    str,
    Form(
        max_length=2048,
        pattern=r"^\s*[Hh][Tt][Tt][Pp][Ss]?://\S+\s*$",
        description="An http(s) URL of the video: the gateway fetches it (public addresses only, "
        "unless AIOGRAPI_REST_FETCH_ALLOW lists it) and checks it as an upload.",
    ),
]
ThumbnailFile = Annotated[
    UploadFile | None, File(description="The cover (JPEG, PNG or WebP); default: the first frame.")
]
CdnUrl = Annotated[str, Query(max_length=2048, description=CDN_HELP)]

Upload = Callable[[Video], Awaitable[Media]]


async def posted(
    settings: Settings, source: Source, surface: Surface, thumbnail: UploadFile | None, upload: Upload
) -> Media:
    """`source` (a file, or a URL the gateway fetches) checked for `surface`, then `upload`ed; 422s
    name `file` or `url`, and `thumbnail`. The temporary files are gone when this returns."""
    field = "url" if isinstance(source, str) else "file"
    async with Spool.of(settings) as spool:
        return await upload(await spool.video(field, source, surface, thumbnail=thumbnail))


async def video_post_download(
    cl: Client, settings: Settings, media_pk: int, folder: str, return_file: bool
) -> Response:
    """aiograpi's `video_download`, with a post that is not a video refused as a 422 naming
    `media_pk` (aiograpi raises a bare Exception for it: a 500)."""
    async with download_to(settings, folder, return_file) as dl:
        media = await cl.media_info(media_pk)
        if media.media_type != VIDEO or not media.video_url:
            raise invalid(
                "media_pk",
                "this post is not a video (albums: GET /album/download, photos: GET /photo/download)",
            )
        name = f"{media.user.username}_{media_pk}"
        return dl.deliver(await cl.video_download_by_url(str(media.video_url), name, dl.folder))


async def url_download(
    cl: Client, settings: Settings, url: str, filename: str, folder: str, return_file: bool
) -> Response:
    """aiograpi's `video_download_by_url` (IGTV's is the same call) for an Instagram CDN URL."""
    async with download_to(settings, folder, return_file) as dl:
        path = await cl.video_download_by_url(
            cdn_url("url", url), safe_filename("filename", filename), dl.folder
        )
        return dl.deliver(path)


def feed_video(cl: Client, post: PostForm) -> Upload:
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
    return await video_post_download(cl, svc.settings, media_pk, folder, return_file)


@router.get("/download/by/url", summary="Download a video from Instagram's CDN", responses=FILE_RESPONSES)
async def video_download_by_url(
    cl: SessionClient,
    svc: ServicesDep,
    url: CdnUrl,
    filename: FilenameQuery = "",
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    return await url_download(cl, svc.settings, url, filename, folder, return_file)


@router.post("/upload", summary="Post a video to the feed")
async def video_upload(
    cl: SessionClient, svc: ServicesDep, file: VideoFile, post: PostForm, thumbnail: ThumbnailFile = None
) -> Media:
    return await posted(svc.settings, file, Surface.FEED, thumbnail, feed_video(cl, post))


@router.post("/upload/by/url", summary="Post a video fetched from a URL to the feed")
async def video_upload_by_url(
    cl: SessionClient, svc: ServicesDep, url: VideoUrl, post: PostForm, thumbnail: ThumbnailFile = None
) -> Media:
    return await posted(svc.settings, url, Surface.FEED, thumbnail, feed_video(cl, post))
