"""The sectioned grids hashtag and location pages answer: rows of media under `layout_content`."""

from __future__ import annotations

from collections.abc import Sequence

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.media import media_v1
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import Media

GRID_COLUMNS = 3


def media_grid(world: World, medias: Sequence[Media], viewer_pk: str | None) -> list[Json]:
    """`sections[].layout_content.medias[].media`, three to a row, as the app draws them."""
    rows = [medias[i : i + GRID_COLUMNS] for i in range(0, len(medias), GRID_COLUMNS)]
    return [
        {
            "layout_type": "media_grid",
            "feed_type": "media",
            "layout_content": {"medias": [{"media": media_v1(world, m, viewer_pk)} for m in row]},
        }
        for row in rows
    ]
