"""`POST /direct/video/upload`: a video sent to Direct threads as a story (aiograpi's
`video_upload_to_direct`: the story upload with `thread_ids`), checked by the Direct video rules.

The rest of the Direct tag lives beside it in its own module.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from aiograpi.types import StoryMedia
from fastapi import APIRouter, File, Form, UploadFile
from pydantic import Field

from aiograpi_rest.boundary import THREAD_ID_PATTERN
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.forms import json_field, json_items
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Spool
from aiograpi_rest.media.thumbnails import make_thumbnail
from aiograpi_rest.models import DirectMessage
from aiograpi_rest.story_fields import MentionsForm, StoryDecorations, mentions_of

router = APIRouter(prefix="/direct", tags=["Direct"])

ThreadIdItem = Annotated[str, Field(pattern=THREAD_ID_PATTERN)]


@router.post("/video/upload", summary="Send a video to Direct threads (as a story)")
async def direct_video_upload(
    cl: SessionClient,
    svc: ServicesDep,
    file: Annotated[UploadFile, File(description="An MP4 video (H.264, AAC sound).")],
    thread_ids: Annotated[
        list[ThreadIdItem], Form(min_length=1, description="The threads (repeat the field).")
    ],
    caption: Annotated[str, Form(max_length=2200, description="The video's caption.")] = "",
    thumbnail: Annotated[
        UploadFile | None, File(description="The cover (JPEG, PNG or WebP); default: the first frame.")
    ] = None,
    mentions: MentionsForm = [],  # noqa: B006  (FastAPI copies defaults per request)
    medias: Annotated[
        list[str],
        Form(description='Posts shown on it (`{"media_pk": …}`): one JSON array, or the field repeated.'),
    ] = [],  # noqa: B006
    extra_data: Annotated[str | None, Form(description="More configure fields, as a JSON object.")] = None,
) -> DirectMessage:
    decorations = StoryDecorations(mentions=mentions_of(mentions))
    shown = json_items("medias", medias, StoryMedia)
    extra = json_field("extra_data", extra_data, dict[str, str]) or {}
    async with Spool.of(svc.settings) as spool:
        video = await spool.video("file", file, Surface.DIRECT, thumbnail=thumbnail)
        cover = video.thumbnail or spool.new_path(".jpg")
        if video.thumbnail is None:  # aiograpi reads the cover's size (or cuts one with moviepy)
            await anyio.to_thread.run_sync(make_thumbnail, "file", video.path, cover)
        resolved = await decorations.resolved(cl)
        return await cl.video_upload_to_direct(
            video.path,
            caption,
            thumbnail=cover,
            mentions=resolved["mentions"],
            medias=shown,
            thread_ids=[int(t) for t in thread_ids],
            extra_data=extra,
        )
