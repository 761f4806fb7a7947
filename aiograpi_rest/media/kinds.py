"""Download routes serve one kind of post each: a media pk of another kind is the caller's mistake.

aiograpi checks the kind only after fetching the post, with a bare `Exception` ("Must been photo",
"Must been video": also behind its clip and IGTV downloads) or an `assert` (albums): all 500s.
`media_info` is cached by aiograpi, so looking first costs no extra upstream call when aiograpi
then downloads.
"""

from __future__ import annotations

from aiograpi import Client
from aiograpi.types import Media

from aiograpi_rest.errors import invalid

# Instagram's media_type values (a video is a feed video, a reel or an IGTV video alike).
PHOTO, VIDEO, ALBUM = 1, 2, 8
# What each is called, and the route that downloads it.
KINDS = {
    PHOTO: ("a photo", "GET /photo/download"),
    VIDEO: ("a video", "GET /video/download"),
    ALBUM: ("an album", "GET /album/download"),
}


async def media_of_kind(cl: Client, field: str, media_pk: int, media_type: int) -> Media:
    """The post `media_pk` if its media_type is `media_type`; else a 422 naming `field` that says
    which route serves it. A video without a video URL is refused too (aiograpi would fail on it)."""
    media = await cl.media_info(media_pk)
    if media.media_type != media_type:
        what, route = KINDS.get(media.media_type, (f"media_type {media.media_type}", "no download route"))
        raise invalid(field, f"this post is {what}, not {KINDS[media_type][0]}: {route} serves it", media_pk)
    if media_type == VIDEO and not media.video_url:
        raise invalid(field, "this video post has no video file to download", media_pk)
    return media
