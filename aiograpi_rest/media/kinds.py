"""Download routes serve one kind of post each: a media pk of another kind is the caller's mistake.

aiograpi checks the kind only after fetching the post, with a bare `Exception` ("Must been photo")
or an `assert` (albums): both would be 500s. `media_info` is cached by aiograpi, so looking first
costs no extra upstream call when aiograpi then downloads.
"""

from __future__ import annotations

from aiograpi import Client
from aiograpi.types import Media

from aiograpi_rest.errors import invalid

# Instagram's media_type values, and the route that downloads each.
KINDS = {
    1: ("a photo", "GET /photo/download"),
    2: ("a video", "GET /video/download"),
    8: ("an album", "GET /album/download"),
}


async def media_of_kind(cl: Client, field: str, media_pk: int, media_type: int) -> Media:
    """The post `media_pk` if its media_type is `media_type`; else a 422 naming `field` that says
    which route serves it."""
    media = await cl.media_info(media_pk)
    if media.media_type != media_type:
        what, route = KINDS.get(media.media_type, (f"media_type {media.media_type}", "no download route"))
        raise invalid(field, f"this post is {what}, not {KINDS[media_type][0]}: {route} serves it", media_pk)
    return media
