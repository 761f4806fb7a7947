"""The Explore tab: a grid of posts from public accounts the viewer does not follow, and one post's
page opened from it."""

from __future__ import annotations

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.builders.sections import GRID_COLUMNS, media_grid
from aiograpi_rest.emulator.handlers.user_feeds import media_edges
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.paging import page

EXPLORE_PAGE = 24
EXPLORE_ITEM_INFO = {"num_columns": GRID_COLUMNS, "aspect_ratio": 1}


@route("GET", "discover/topical_explore/")
def topical_explore(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk or ""
    medias = world.media.newest(
        lambda m: (
            m.owner_pk != viewer
            and not world.users.get(m.owner_pk).is_private
            and not world.social.is_following(viewer, m.owner_pk)
            and not world.social.is_blocked_between(viewer, m.owner_pk)
        )
    )
    items, next_max_id = page(media_edges(medias), req.field("max_id") or None, EXPLORE_PAGE)
    grid = [{**row, "explore_item_info": EXPLORE_ITEM_INFO} for row in media_grid(world, items, viewer)]
    return {
        "clusters": [
            {"id": "explore_all:0", "title": "For you", "type": "explore_all", "context": "explore_all"}
        ],
        "sectional_items": grid,
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
        "auto_load_more_enabled": True,
    }


@route("GET", "discover/media_metadata/")
def media_metadata(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.field("media_id"))
    return {"media_or_ad": builders.media_v1(req.world, media, req.viewer_pk)}
