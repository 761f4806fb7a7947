"""Highlights: create, edit (title, cover, stories), delete, and reading them as reels.

A highlight's id is `highlight:<pk>`, in the URL of an edit and in `feed/reels_media/`'s
`user_ids`. The JSON fields aiograpi sends as strings (`media_ids`, `cover`, …) are read back
as JSON.
"""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route


def _json(req: EmRequest, name: str, default: Any) -> Any:
    raw = req.form.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise errors.bad_request(f"{name} must be JSON") from None
    if not isinstance(raw, type(default)):
        raise errors.bad_request(f"{name} must be a JSON {type(default).__name__}")
    return raw


def _ids(req: EmRequest, name: str) -> list[str]:
    return [str(v) for v in _json(req, name, [])]


def _reel(req: EmRequest, highlight: Any) -> dict:
    return {"reel": builders.highlight_v1(req.world, highlight, req.viewer_pk)}


@route("POST", "highlights/create_reel/")
def create_reel(req: EmRequest) -> dict:
    cover = _json(req, "cover", {})
    highlight = req.world.highlights.create(
        req.viewer_pk,
        req.field("title"),
        _ids(req, "media_ids"),
        cover.get("media_id"),
        cover.get("crop_rect"),
    )
    return _reel(req, highlight)


@route("POST", "highlights/highlight:{highlight_pk}/edit_reel/")
def edit_reel(req: EmRequest) -> dict:
    world = req.world
    highlight = world.highlights.owned(req.params["highlight_pk"], req.viewer_pk)
    world.highlights.edit(
        highlight,
        title=req.field("title"),
        cover=_json(req, "cover", {}),
        added=_ids(req, "added_media_ids"),
        removed=_ids(req, "removed_media_ids"),
    )
    return _reel(req, highlight)


@route("POST", "highlights/highlight:{highlight_pk}/delete_reel/")
def delete_reel(req: EmRequest) -> dict:
    world = req.world
    world.highlights.delete(world.highlights.owned(req.params["highlight_pk"], req.viewer_pk))
    return {}


@route("POST", "feed/reels_media/")
def reels_media(req: EmRequest) -> dict:
    """The reels asked for that the viewer may see; a highlight that is gone is left out."""
    world, reels = req.world, {}
    for reel_id in _ids(req, "user_ids"):
        if not reel_id.startswith("highlight:"):
            continue  # user reels are `feed/user/{id}/story/`'s: nothing the gateway asks here
        try:
            highlight = world.stories.get_highlight(reel_id)
        except errors.UpstreamError:
            continue
        if world.can_view(req.viewer_pk, world.users.get(highlight.owner_pk)):
            reels[reel_id] = builders.highlight_v1(world, highlight, req.viewer_pk)
    return {"reels": reels}
