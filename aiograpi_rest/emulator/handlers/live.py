"""Live broadcasts: create, start, end, info, comments and viewers."""

from __future__ import annotations

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.live import Broadcast

RTMP_SERVER = "rtmps://live-upload.instagram.com:443/rtmp/"


def _visible(req: EmRequest) -> Broadcast:
    broadcast = req.world.live.get(req.params["broadcast_id"])
    req.world.require_view(req.viewer_pk, req.world.users.get(broadcast.owner_pk))
    return broadcast


@route("POST", "live/create/")
def live_create(req: EmRequest) -> dict:
    broadcast = req.world.live.create(req.viewer_pk, req.field("broadcast_message"))
    # aiograpi splits this URL at the broadcast id: server before it, stream key from it on.
    upload_url = f"{RTMP_SERVER}{broadcast.id}?s_bl=1&s_psm=1&s_sw=0&s_vt=ig&a={broadcast.stream_token}"
    return {"broadcast_id": int(broadcast.id), "upload_url": upload_url}


@route("POST", "live/{broadcast_id}/start/")
def live_start(req: EmRequest) -> dict:
    broadcast = req.world.live.owned(req.params["broadcast_id"], req.viewer_pk)
    req.world.live.start(broadcast)
    return {"media_id": f"{broadcast.id}_{broadcast.owner_pk}"}


@route("POST", "live/{broadcast_id}/end_broadcast/")
def live_end(req: EmRequest) -> dict:
    req.world.live.end(req.world.live.owned(req.params["broadcast_id"], req.viewer_pk))
    return {}


@route("GET", "live/{broadcast_id}/info/")
def live_info(req: EmRequest) -> dict:
    return builders.broadcast_v1(req.world, _visible(req))


@route("GET", "live/{broadcast_id}/get_comment/")
def live_comments(req: EmRequest) -> dict:
    broadcast = _visible(req)
    return {
        "comments": [builders.live_comment_v1(req.world, c) for c in broadcast.comments],
        "comment_count": len(broadcast.comments),
        "has_more_comments": False,
        "is_first_fetch": "true",
        "live_seconds_per_comment": 2,
    }


@route("GET", "live/{broadcast_id}/get_viewer_list/")
def live_viewers(req: EmRequest) -> dict:
    broadcast = _visible(req)
    joined = sorted(broadcast.viewers, key=broadcast.viewers.__getitem__)
    return {
        "users": [builders.user_short(req.world.users.get(pk)) for pk in joined],
        "total_unique_viewer_count": len(broadcast.viewers),
    }
