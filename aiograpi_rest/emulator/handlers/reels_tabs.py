"""The viewer's reels tabs: Reels (every clip they may watch), Explore (accounts they do not follow)
and Friends (accounts they follow), newest first."""

from __future__ import annotations

from collections.abc import Callable

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.handlers.user_feeds import media_edges
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.paging import page

REELS_PAGE = 8


def _reels(req: EmRequest, keep: Callable[[str], bool]) -> dict:
    world, viewer = req.world, req.viewer_pk or ""
    clips = world.media.newest(
        lambda m: (
            m.product_type == "clips"
            and m.owner_pk != viewer
            and world.can_view(viewer, world.users.get(m.owner_pk))
            and keep(m.owner_pk)
        )
    )
    items, next_max_id = page(media_edges(clips), req.field("max_id") or None, REELS_PAGE)
    return {
        "items": [{"media": builders.media_v1(world, m, viewer)} for m in items],
        "paging_info": {"max_id": next_max_id or "", "more_available": next_max_id is not None},
    }


@route("POST", "clips/connected/")
def reels_connected(req: EmRequest) -> dict:
    return _reels(req, lambda owner_pk: True)


@route("POST", "clips/discover/")
def reels_discover(req: EmRequest) -> dict:
    return _reels(req, lambda owner_pk: not req.world.social.is_following(req.viewer_pk or "", owner_pk))


@route("POST", "clips/discover/social/")
def reels_friends(req: EmRequest) -> dict:
    return _reels(req, lambda owner_pk: req.world.social.is_following(req.viewer_pk or "", owner_pk))
