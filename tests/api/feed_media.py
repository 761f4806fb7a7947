"""Helpers of the feed-media tests (Photo, Video, Clip, Album, IGTV): answers, seeded posts, tracks."""

from __future__ import annotations

from typing import Any

import httpx
from aiograpi.extractors import extract_track

from aiograpi_rest.emulator import Emulator, builders
from aiograpi_rest.emulator.world.media import Media as WorldMedia
from tests.conftest import AppFactory, login


def ok(response: httpx.Response) -> Any:
    """The JSON of a 200 answer (anything else fails the test with the body)."""
    assert response.status_code == 200, response.text
    return response.json()


async def demo_on(make_api: AppFactory, **settings: Any) -> httpx.AsyncClient:
    """A demo session on a gateway with these settings (`fetch_allow=`, `download_dir=`)."""
    api = await make_api(**settings)
    api.headers["X-Session-ID"] = await login(api)
    return api


def seeded(emulator: Emulator, media_type: int) -> WorldMedia:
    """One of demo's seeded posts of `media_type` (1 photo, 2 video, 8 album)."""
    demo = emulator.world.users.by_username("demo")
    return next(m for m in emulator.world.media.by_owner(demo.pk) if m.media_type == media_type)


def track_json(emulator: Emulator, index: int = 0) -> dict:
    """A track as the music routes answer it (aiograpi's Track as JSON)."""
    track = list(emulator.world.tags.tracks.values())[index]
    return extract_track(builders.track_v1(track)).model_dump(mode="json")
