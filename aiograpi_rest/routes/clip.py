"""Clip (Reels): post a reel (a file, a URL, or with a song's metadata), download one, pin it to
the profile's Reels tab, and the creation preflight (limits, Trial Reels, Facebook sharing).

Uploads go through the spool: the video is checked against the Reels rules (`media/rules.py`, a
422 naming the field and the rule) and always gets a cover (the caller's or its first frame), so
aiograpi never reaches for moviepy. Posting with music only attaches the song's metadata; no
audio is mixed in (as in the app, which streams the song beside the video).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.responses import Response

from aiograpi_rest.boundary import DIGITS_PATTERN, PK_MAX, WORD_PATTERN
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.forms import json_field
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
from aiograpi_rest.media_params import QueryMediaId
from aiograpi_rest.models import Media
from aiograpi_rest.music_fields import ExtraDataForm, TrackForm, checked_track, extra_data_of
from aiograpi_rest.post_fields import PostFields, PostForm

router = APIRouter(prefix="/clip", tags=["Clip (Reels)"])

PIN_HELP = "Pk of one of your own reels."
VideoFile = Annotated[UploadFile, File(description="The reel: an MP4 or MOV video (H.264/HEVC, AAC).")]
Thumbnail = Annotated[
    UploadFile | None, File(description="Cover image (JPEG, PNG or WebP); default: the first frame.")
]
DEVICE_STATUS_HELP = (
    "JSON object of the device's video capabilities the app sends (`hw_avc_dec`, `chip_name`, …); "
    "default: aiograpi's (no hardware decoders)."
)


def _reel(cl: SessionClient, post: PostFields, music: dict[str, Any] | None = None) -> VideoUpload:
    """aiograpi's reel upload, with a song if `music` (the keyword arguments of
    `clip_upload_with_music`)."""

    async def upload(video: Video) -> Media:
        fields = {"thumbnail": video.thumbnail, "usertags": post.usertags, "location": post.location}
        if music is None:
            return await cl.clip_upload(video.path, post.caption, **fields)
        return await cl.clip_upload_with_music(video.path, post.caption, **music, **fields)

    return upload


@router.get("/creation/info", summary="Reel creation preflight: duration limits, Trial Reels, defaults")
async def clip_creation_info(cl: SessionClient) -> dict[str, Any]:
    return await cl.clip_info_for_creation()


@router.get("/download", summary="Download a reel's video", responses=FILE_RESPONSES)
async def clip_download(
    svc: ServicesDep,
    cl: SessionClient,
    media_pk: Annotated[int, Query(ge=1, le=PK_MAX, description="The reel's media pk.")],
    folder: FolderQuery = "",
    return_file: ReturnFileQuery = True,
) -> Response:
    return await post_download(cl, svc.settings, VIDEO, cl.clip_download, media_pk, folder, return_file)


@router.get("/download/by/url", summary="Download a reel's video by its CDN URL", responses=FILE_RESPONSES)
async def clip_download_by_url(svc: ServicesDep, cl: SessionClient, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.clip_download_by_url, wanted)


@router.delete("/pin", summary="Unpin a reel from your profile's Reels tab")
async def clip_unpin(
    cl: SessionClient, media_pk: Annotated[str, Query(pattern=DIGITS_PATTERN, description=PIN_HELP)]
) -> bool:
    return await cl.clip_unpin(media_pk)


@router.post("/pin", summary="Pin a reel to the top of your profile's Reels tab")
async def clip_pin(
    cl: SessionClient, media_pk: Annotated[str, Form(pattern=DIGITS_PATTERN, description=PIN_HELP)]
) -> bool:
    return await cl.clip_pin(media_pk)


@router.get("/share/facebook/config", summary="Whether and where your reels can be shared to Facebook")
async def clip_share_facebook_config(
    cl: SessionClient,
    device_status: Annotated[str | None, Query(max_length=4096, description=DEVICE_STATUS_HELP)] = None,
) -> dict[str, Any]:
    return await cl.clip_share_to_fb_config(json_field("device_status", device_status, dict))


@router.get("/template", summary="A reel's template (segments and song) for 'Use as template'")
async def clip_template(cl: SessionClient, media_id: QueryMediaId) -> dict[str, Any]:
    return await cl.media_template_v1(media_id)


@router.get("/trial-eligibility", summary="Whether you may post Trial Reels (professional accounts)")
async def clip_trial_eligibility(cl: SessionClient) -> bool:
    return await cl.clip_trial_eligible()


@router.post("/upload", summary="Post a reel")
async def clip_upload(
    svc: ServicesDep, cl: SessionClient, file: VideoFile, post: PostForm, thumbnail: Thumbnail = None
) -> Media:
    return await posted_video(svc.settings, file, Surface.CLIP, thumbnail, _reel(cl, post))


@router.post("/upload/by/url", summary="Post a reel from a video's http(s) URL")
async def clip_upload_by_url(
    svc: ServicesDep,
    cl: SessionClient,
    url: Annotated[str, source_url_form("an MP4 or MOV video")],
    post: PostForm,
    thumbnail: Thumbnail = None,
) -> Media:
    return await posted_video(svc.settings, url, Surface.CLIP, thumbnail, _reel(cl, post))


@router.post("/upload/with/music", summary="Post a reel with a song (its metadata; no audio is mixed)")
async def clip_upload_with_music(
    svc: ServicesDep,
    cl: SessionClient,
    file: VideoFile,
    post: PostForm,
    track: TrackForm,
    thumbnail: Thumbnail = None,
    extra_data: ExtraDataForm = None,
    audio_asset_start_time: Annotated[
        int | None,
        Form(ge=0, le=3_600_000, description="Where the song starts, in ms; default: its highlight."),
    ] = None,
    overlap_duration: Annotated[
        int, Form(ge=0, le=3_600_000, description="How long the song plays, in ms.")
    ] = 30000,
    original_volume: Annotated[float, Form(ge=0, le=1, description="The video's own sound, 0 to 1.")] = 1.0,
    music_volume: Annotated[float, Form(ge=0, le=1, description="The song's volume, 0 to 1.")] = 1.0,
    product: Annotated[str, Form(pattern=WORD_PATTERN, description="The app surface it came from.")] = (
        "story_camera_clips_v2"
    ),
    alacorn_session_id: Annotated[
        str, Form(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="The app's music session id.")
    ] = "null",
) -> Media:
    music = {
        "track": checked_track(track),
        "extra_data": extra_data_of(extra_data),
        "audio_asset_start_time": audio_asset_start_time,
        "overlap_duration": overlap_duration,
        "original_volume": original_volume,
        "music_volume": music_volume,
        "product": product,
        "alacorn_session_id": alacorn_session_id,
    }
    return await posted_video(svc.settings, file, Surface.CLIP, thumbnail, _reel(cl, post, music))
