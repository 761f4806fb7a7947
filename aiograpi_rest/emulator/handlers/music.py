"""Music for feed posts: the browser a photo or album with music takes its `alacorn_session_id` from."""

from __future__ import annotations

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route


@route("POST", "music/music_in_feed_audio_browser/")
def music_in_feed_audio_browser(req: EmRequest) -> dict:
    session = req.field("browse_session_id")
    tracks = list(req.world.tags.tracks.values())
    return {
        "items": [{"track": builders.track_v1(t)} for t in tracks],
        "alacorn_session_id": f"alacorn-{session}" if session else "alacorn-emulator",
        "browse_session_id": session,
        "page_info": {"more_available": False, "next_max_id": None},
    }
