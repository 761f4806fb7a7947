"""rupload.facebook.com: Direct video and voice bytes (`messenger_video/`, `messenger_audio/`).

aiograpi asks where to resume (`GET` → `{"offset": 0}`), sends the bytes (`POST` with
`X-Entity-Length`, `X-Entity-Type`) and reads `media_id`, which its Direct send then names as
`attachment_fbid`; the upload waits in `world.uploads` under that id until then.
"""

from __future__ import annotations

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import RUPLOAD_FB, route
from aiograpi_rest.emulator.world.uploads import Upload, kind_of

KINDS = {"video": "video/mp4", "audio": "audio/mp4"}


def _kind(req: EmRequest) -> str:
    kind = req.params["kind"]
    if kind not in KINDS:
        raise errors.fail(404, f"No messenger_{kind} upload")
    return kind


@route("GET", "/messenger_{kind}/{entity}", host=RUPLOAD_FB)
def messenger_offset(req: EmRequest) -> dict:
    """Nothing is kept between attempts: an upload starts from the beginning."""
    _kind(req)
    return {"offset": 0}


@route("POST", "/messenger_{kind}/{entity}", host=RUPLOAD_FB)
def messenger_upload(req: EmRequest) -> dict:
    kind = _kind(req)
    entity_type = req.headers.get("x-entity-type", KINDS[kind])
    if kind_of(entity_type) != kind:
        raise errors.bad_request(f"X-Entity-Type {entity_type} is not {kind}")
    if not req.body or req.headers.get("x-entity-length") != str(len(req.body)):
        raise errors.bad_request("Upload bytes do not match X-Entity-Length")
    media_id = req.world.ids.next("attachment")
    req.world.uploads.put(Upload(media_id, req.params["entity"], entity_type, req.body, req.viewer_pk or ""))
    return {"media_id": int(media_id)}
