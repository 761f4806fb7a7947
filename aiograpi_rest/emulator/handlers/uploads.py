"""Resumable uploads (`rupload_igphoto`): the bytes arrive first, a later call uses the upload id."""

from __future__ import annotations

import json

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.uploads import Upload


@route("POST", "/rupload_igphoto/{upload_name}")
def rupload_photo(req: EmRequest) -> dict:
    try:
        params = json.loads(req.headers.get("x-instagram-rupload-params", ""))
    except ValueError:
        raise errors.bad_request("X-Instagram-Rupload-Params must be JSON") from None
    upload_id = str(params.get("upload_id") or "") if isinstance(params, dict) else ""
    length = req.headers.get("x-entity-length", "")
    if not upload_id or not req.body or length != str(len(req.body)):
        raise errors.bad_request("Upload is missing its id or its bytes do not match X-Entity-Length")
    req.world.uploads.put(
        Upload(
            upload_id,
            req.params["upload_name"],
            req.headers.get("x-entity-type", "image/jpeg"),
            len(req.body),
            req.viewer_pk,
        )
    )
    return {"upload_id": upload_id, "xsharing_nonces": {}}
