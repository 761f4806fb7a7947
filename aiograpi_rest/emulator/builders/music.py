"""The music endpoints' answers: track lists (search, browsers, trends) and a track's page."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.media import media_v1
from aiograpi_rest.emulator.builders.tags import track_v1
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.tags import Track


def music_item(track: Track, viewer_pk: str | None, **metadata: object) -> Json:
    """One row of a music list: the track (what `extract_track` parses) and the viewer's state."""
    return {
        "track": track_v1(track),
        "metadata": {
            "is_bookmarked": viewer_pk in track.bookmarked_by,
            "allow_media_creation_with_music": True,
            **metadata,
        },
    }


def music_list(tracks: list[Track], viewer_pk: str | None, session: str = "", **extra: object) -> Json:
    """A track list as the search, browser and trend endpoints answer it (one page: all of it)."""
    return {
        "items": [music_item(t, viewer_pk) for t in tracks],
        "page_info": {"more_available": False, "next_max_id": None},
        "alacorn_session_id": f"alacorn-{session}" if session else "alacorn-emulator",
        **extra,
    }


def track_page(
    world: World, track: Track, clips: list[Media], next_max_id: str | None, viewer_pk: str | None
) -> Json:
    """A track's audio page (`clips/music/`, `clips/stream_clips_pivot_page/`): its reels, a page
    at a time, and the track under `metadata.music_info.music_asset_info`."""
    return {
        "items": [{"media": media_v1(world, m, viewer_pk)} for m in clips],
        "paging_info": {"max_id": next_max_id or "", "more_available": next_max_id is not None},
        "metadata": {
            "music_info": {
                "music_asset_info": track_v1(track),
                "music_consumption_info": {
                    "is_bookmarked": viewer_pk in track.bookmarked_by,
                    "should_mute_audio": False,
                },
            },
            "original_sound_info": None,
        },
    }
