"""Configure calls: the uploads named by upload id become a post (photo, video, IGTV, reel, album).

Each answers `{"media": <media v1>}`, which aiograpi's `extract_media_v1` reads. A 202
"Transcode not finished yet." comes only from a fault rule (preset `transcode_not_finished`):
the emulator's transcoding is instant.
"""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.publish import PostFields


def _json(value: Any, name: str) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value) if value else None
    except ValueError:
        raise errors.bad_request(f"{name} must be JSON") from None


def _usertags(value: Any) -> list[tuple[str, float, float]]:
    """`{"in": [{"user_id": pk, "position": [x, y]}]}`, as aiograpi sends it."""
    data = _json(value, "usertags") or {}
    tags = []
    for item in data.get("in", []) if isinstance(data, dict) else []:
        try:
            x, y = (float(v) for v in item["position"])
            tags.append((str(item["user_id"]), x, y))
        except (KeyError, TypeError, ValueError):
            raise errors.bad_request("A usertag needs user_id and position [x, y]") from None
    return tags


def _location_pk(world: World, value: Any) -> str | None:
    """aiograpi's `location_build`: name and facebook_places_id of a place it looked up first."""
    data = _json(value, "location") or {}
    if not isinstance(data, dict) or not data:
        return None
    places_id = data.get("facebook_places_id")
    for location in world.tags.locations.values():
        if places_id and str(location.external_id) == str(places_id):
            return location.pk
    for location in world.tags.locations.values():
        if data.get("name") and location.name == data.get("name"):
            return location.pk
    raise errors.bad_request("Invalid location")


def _track_id(req: EmRequest) -> str | None:
    """The song a post or reel carries: `music_params` (feed and reels) or `clips_audio_metadata`."""
    music = _json(req.form.get("music_params"), "music_params") or {}
    song = (_json(req.form.get("clips_audio_metadata"), "clips_audio_metadata") or {}).get("song") or {}
    asset = music.get("audio_asset_id") or song.get("audio_asset_id")
    if not asset:
        return None
    return req.world.tags.track(asset).id


def _post(req: EmRequest, usertags: list[tuple[str, float, float]] | None = None) -> PostFields:
    return PostFields(
        caption=req.field("caption"),
        usertags=_usertags(req.form.get("usertags")) if usertags is None else usertags,
        location_pk=_location_pk(req.world, req.form.get("location")),
        track_id=_track_id(req),
        title=req.field("title"),
    )


def _configured(req: EmRequest, media: Media) -> dict:
    return {"media": builders.media_v1(req.world, media, req.viewer_pk), "upload_id": req.field("upload_id")}


def _upload_id(req: EmRequest) -> str:
    upload_id = req.field("upload_id")
    if not upload_id:
        raise errors.bad_request("upload_id is required")
    return upload_id


@route("POST", "media/configure/")
def configure(req: EmRequest) -> dict:
    """A feed photo, or with `?video=1` a feed video."""
    publish = req.world.publish
    if req.query.get("video") == "1":
        media = publish.video(req.viewer_pk, _upload_id(req), "feed", _post(req))
    else:
        media = publish.photo(req.viewer_pk, _upload_id(req), _post(req))
    return _configured(req, media)


@route("POST", "media/configure_to_igtv/")
def configure_to_igtv(req: EmRequest) -> dict:
    if not req.field("title"):
        raise errors.bad_request("An IGTV video needs a title")
    return _configured(req, req.world.publish.video(req.viewer_pk, _upload_id(req), "igtv", _post(req)))


@route("POST", "media/configure_to_clips/")
def configure_to_clips(req: EmRequest) -> dict:
    return _configured(req, req.world.publish.video(req.viewer_pk, _upload_id(req), "clips", _post(req)))


@route("POST", "media/configure_sidecar/")
def configure_sidecar(req: EmRequest) -> dict:
    """An album: `children_metadata` in order; a video child carries `length`. aiograpi puts the
    album's usertags on its first child."""
    children = _json(req.form.get("children_metadata"), "children_metadata")
    if not isinstance(children, list) or not all(
        isinstance(c, dict) and c.get("upload_id") for c in children
    ):
        raise errors.bad_request("children_metadata must list the album's uploads")
    post = _post(req, usertags=[t for child in children for t in _usertags(child.get("usertags"))])
    items = [(str(c["upload_id"]), "length" in c or "clips" in c) for c in children]
    media = req.world.publish.album(req.viewer_pk, items, post)
    return {
        "media": builders.media_v1(req.world, media, req.viewer_pk),
        "client_sidecar_id": req.field("client_sidecar_id"),
    }
