"""Media (Post) livestreams: create a broadcast, start and end it, read its info, comments, viewers.

`POST` answers the RTMP server and stream key to point the streaming software at; `PATCH` with
`state=started` goes live, `state=ended` ends the broadcast.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query

from aiograpi_rest.boundary import DIGITS_PATTERN
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import ApiError

router = APIRouter(prefix="/media/livestream", tags=["Media (Post)"])

BROADCAST_HELP = "The broadcast id POST /media/livestream answered."
TITLE = "Instagram Live"

QueryBroadcastId = Annotated[str, Query(pattern=DIGITS_PATTERN, description=BROADCAST_HELP)]


@router.post("", summary="Create a broadcast: its id, stream server and stream key")
async def livestream_create(
    cl: SessionClient, title: Annotated[str, Form(description="Shown to viewers.")] = TITLE
) -> dict[str, Any]:
    created = await cl.media_create_livestream(title)
    if created is None:  # aiograpi found no broadcast id inside Instagram's upload URL
        raise ApiError(502, "Instagram's answer had no usable stream URL", exc_type="LivestreamCreateError")
    return created


@router.patch("", summary="Go live (state=started) or end the broadcast (state=ended)")
async def livestream_state(
    cl: SessionClient,
    broadcast_id: Annotated[str, Form(pattern=DIGITS_PATTERN, description=BROADCAST_HELP)],
    state: Annotated[Literal["started", "ended"], Form(description="'started' goes live, 'ended' ends it.")],
) -> bool:
    move = cl.media_start_livestream if state == "started" else cl.media_end_livestream
    if await move(broadcast_id):
        return True
    # aiograpi logs the refusal and answers False; the broadcast's info tells why (and is a 404
    # for an unknown broadcast).
    info = await cl.media_get_livestream_info(broadcast_id)
    raise ApiError(
        409,
        f"Instagram did not move the broadcast to {state!r}: it is {info.get('broadcast_status')!r}",
        exc_type="LivestreamStateConflict",
        hint="A broadcast starts once, after POST /media/livestream, and ends once.",
    )


@router.get("", summary="A broadcast's info (status, owner, viewer count, playback URL)")
async def livestream_info(cl: SessionClient, broadcast_id: QueryBroadcastId) -> dict[str, Any]:
    return await cl.media_get_livestream_info(broadcast_id)


@router.get("/comments", summary="A broadcast's comments: username and text")
async def livestream_comments(cl: SessionClient, broadcast_id: QueryBroadcastId) -> list[dict[str, Any]]:
    return await cl.media_get_livestream_comments(broadcast_id)


@router.get("/viewers", summary="A broadcast's viewers: username and pk")
async def livestream_viewers(cl: SessionClient, broadcast_id: QueryBroadcastId) -> list[dict[str, Any]]:
    return await cl.media_get_livestream_viewers(broadcast_id)
