"""A new post's upload flow: the source spooled and checked, aiograpi's upload called with the
checked file, the spool's folder removed when it returns, whatever happened.

    return await posted_video(svc.settings, file, Surface.FEED, thumbnail, feed_video(cl, post))

A refused source is a 422 naming the field it came in: `url` for a URL the gateway fetches, else
`file` (and `thumbnail` for a video's cover). Each route keeps its own aiograpi call (`upload`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiograpi.types import Media
from starlette.datastructures import UploadFile

from aiograpi_rest.config import Settings
from aiograpi_rest.media.photos import Photo
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Source, Spool, Video

PhotoUpload = Callable[[Photo], Awaitable[Media]]
VideoUpload = Callable[[Video], Awaitable[Media]]


def field_of(source: Source) -> str:
    """The form field `source` came in."""
    return "url" if isinstance(source, str) else "file"


async def posted_photo(settings: Settings, source: Source, upload: PhotoUpload) -> Media:
    """`source` checked as a photo, then `upload`ed."""
    async with Spool.of(settings) as spool:
        return await upload(await spool.photo(field_of(source), source))


async def posted_video(
    settings: Settings, source: Source, surface: Surface, thumbnail: UploadFile | None, upload: VideoUpload
) -> Media:
    """`source` checked as a video for `surface` (with its cover: `thumbnail` or a first frame
    where the surface needs one), then `upload`ed."""
    async with Spool.of(settings) as spool:
        return await upload(await spool.video(field_of(source), source, surface, thumbnail=thumbnail))
