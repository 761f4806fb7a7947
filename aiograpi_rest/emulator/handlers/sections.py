"""What a hashtag's or a place's page lists: its posts the viewer may see, ranked per tab, one
fixed-size page at a time (the app sends no count: Instagram picks the page size)."""

from __future__ import annotations

from collections.abc import Callable

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.sections import media_grid
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.paging import page_after

SECTIONS_PAGE = 9


def _top(media: Media) -> tuple[int, int, int]:
    return len(media.likes), media.taken_at, int(media.pk)


def ranked(req: EmRequest, predicate: Callable[[Media], bool], top: bool) -> list[Media]:
    """Posts matching `predicate` from accounts the viewer may see: most liked first on the top
    tab, newest first on the recent one (ties by time, then pk, so the order is total)."""
    world, viewer = req.world, req.viewer_pk
    medias = world.media.newest(
        lambda m: predicate(m) and world.can_view(viewer, world.users.get(m.owner_pk))
    )
    return sorted(medias, key=_top, reverse=True) if top else medias


def sections_page(req: EmRequest, medias: list[Media]) -> Json:
    """One page of the ranked list; `max_id` names the last post already shown."""
    shown, next_max_id = page_after(medias, req.field("max_id") or None, SECTIONS_PAGE, lambda m: m.pk)
    try:
        page_number = int(req.field("page") or 1)
    except ValueError:
        raise errors.bad_request("Invalid page") from None
    following = medias[medias.index(shown[-1]) + 1 :][:SECTIONS_PAGE] if next_max_id else []
    return {
        "sections": media_grid(req.world, shown, req.viewer_pk),
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
        "next_page": page_number + 1 if next_max_id else None,
        "next_media_ids": [int(m.pk) for m in following],
        "auto_load_more_enabled": True,
    }
