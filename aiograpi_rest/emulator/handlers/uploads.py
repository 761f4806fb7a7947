"""Resumable uploads (`rupload_igphoto`, `rupload_igvideo`) and a reel's `upload_settings`: the
bytes arrive first, a later configure call uses them by upload id.
"""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.uploads import IMAGE, VIDEO, Upload, kind_of


def _rupload_params(req: EmRequest) -> dict[str, Any]:
    try:
        params = json.loads(req.headers.get("x-instagram-rupload-params", ""))
    except ValueError:
        raise errors.bad_request("X-Instagram-Rupload-Params must be JSON") from None
    if not isinstance(params, dict) or not str(params.get("upload_id") or ""):
        raise errors.bad_request("X-Instagram-Rupload-Params has no upload_id")
    return params


def _receive(req: EmRequest, kind: str, default_type: str) -> dict:
    params = _rupload_params(req)
    upload_id = str(params["upload_id"])
    length = req.headers.get("x-entity-length", "")
    if not req.body or length != str(len(req.body)):
        raise errors.bad_request("Upload bytes do not match X-Entity-Length")
    entity_type = req.headers.get("x-entity-type", default_type)
    if kind_of(entity_type) != kind:
        raise errors.bad_request(f"X-Entity-Type {entity_type} is not a {kind}")
    upload = Upload(upload_id, req.params["upload_name"], entity_type, req.body, req.viewer_pk, params)
    req.world.uploads.put(upload)
    return {"upload_id": upload_id, "xsharing_nonces": {}}


@route("POST", "/rupload_igphoto/{upload_name}")
def rupload_photo(req: EmRequest) -> dict:
    return _receive(req, IMAGE, "image/jpeg")


@route("GET", "/rupload_igvideo/{upload_name}")
def rupload_video_offset(req: EmRequest) -> dict:
    """Where a resumed upload continues: nothing is kept between attempts, so from the start."""
    _rupload_params(req)
    return {"offset": 0}


@route("POST", "/rupload_igvideo/{upload_name}")
def rupload_video(req: EmRequest) -> dict:
    return {**_receive(req, VIDEO, "video/mp4"), "offset": len(req.body)}


@route("POST", "/upload_settings/{session_id}")
def upload_settings(req: EmRequest) -> dict:
    """A reel's encoding settings, sent before its video; only their session id is checked."""
    if req.form.get("composer_session_id") != req.params["session_id"]:
        raise errors.bad_request("upload_settings must carry the composer_session_id of its URL")
    return {}
