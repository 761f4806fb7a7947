"""Music: the browsers (feed posts take their `alacorn_session_id` there), search, keywords,
trends, bookmarks, original-audio titles, and a track's audio page with the reels that use it.

Every list comes from the world's tracks, ranked as `world/music.py` says.
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.builders.music import music_list, track_page
from aiograpi_rest.emulator.handlers.user_feeds import media_edges
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import music
from aiograpi_rest.emulator.world.paging import page
from aiograpi_rest.emulator.world.tags import Track

TRACK_PAGE = 12  # reels per page of a track's audio page
DEFAULT_TOP_TRENDS = 15


def _tracks(req: EmRequest) -> list[Track]:
    return list(req.world.tags.tracks.values())


def _browser(req: EmRequest) -> dict:
    session = req.field("browse_session_id")
    return music_list(_tracks(req), req.viewer_pk, session, browse_session_id=session)


@route("POST", "music/music_in_feed_audio_browser/")
def music_in_feed_audio_browser(req: EmRequest) -> dict:
    return _browser(req)


@route("POST", "music/clips_audio_browser/")
def clips_audio_browser(req: EmRequest) -> dict:
    return _browser(req)


@route("POST", "music/search_v2/")
def search_v2(req: EmRequest) -> dict:
    found = music.search(_tracks(req), req.field("q"))
    session = req.field("browse_session_id")
    return music_list(
        found,
        req.viewer_pk,
        session,
        browse_session_id=session,
        search_session_id=req.field("search_session_id"),
    )


@route("GET", "music/keyword_search/")
def keyword_search(req: EmRequest) -> dict:
    try:
        count = max(1, int(req.field("num_keywords") or 3))
    except ValueError:
        raise errors.bad_request("Invalid num_keywords") from None
    return {
        "keywords": music.keywords(_tracks(req), req.field("q"), count),
        "search_session_id": req.field("search_session_id"),
    }


@route("POST", "music/trending/")
def trending(req: EmRequest) -> dict:
    ranked = [track for track, _ in music.by_use(_tracks(req), req.world.media)]
    return music_list(ranked, req.viewer_pk)


@route("POST", "music/top_trends/")
def top_trends(req: EmRequest) -> dict:
    try:
        size = max(1, int(req.field("page_size") or DEFAULT_TOP_TRENDS))
    except ValueError:
        raise errors.bad_request("Invalid page_size") from None
    ranked = music.by_use(_tracks(req), req.world.media)[:size]
    answer = music_list([t for t, _ in ranked], req.viewer_pk)
    for rank, (item, (_, uses)) in enumerate(zip(answer["items"], ranked, strict=True), 1):
        item["metadata"].update(rank=rank, media_count=uses)
    return answer


@route("POST", "music/bookmark_music/")
def bookmark_music(req: EmRequest) -> dict:
    track = req.world.tags.track(req.field("original_audio_id"))
    track.bookmarked_by.add(req.viewer_pk)
    return {"success": True}


@route("POST", "music/verify_original_audio_title/")
def verify_original_audio_title(req: EmRequest) -> dict:
    return {"is_valid": music.title_available(_tracks(req), req.field("original_audio_name"))}


def _audio_page(req: EmRequest, track: Track, max_id: str) -> dict:
    world, viewer = req.world, req.viewer_pk
    clips = world.media.newest(
        lambda m: (
            m.track_id == track.id
            and m.product_type == "clips"
            and world.can_view(viewer, world.users.get(m.owner_pk))
        )
    )
    items, next_max_id = page(media_edges(clips), max_id or None, TRACK_PAGE)
    return track_page(world, track, items, next_max_id, viewer)


@route("POST", "clips/music/")
def clips_music(req: EmRequest) -> dict:
    tags = req.world.tags
    canonical = req.field("music_canonical_id")
    if canonical:
        track = tags.track_by_canonical_id(canonical)
    else:
        track = tags.track(req.field("original_sound_audio_asset_id") or req.field("audio_cluster_id"))
    return _audio_page(req, track, req.field("max_id"))


@route("POST", "clips/stream_clips_pivot_page/")
def stream_clips_pivot_page(req: EmRequest) -> dict:
    music_page: Any = req.json_field("music_page")
    if req.field("pivot_page_type") != "audio" or not music_page.get("audio_asset_id"):
        raise errors.bad_request("pivot_page_type audio needs music_page.audio_asset_id")
    track = req.world.tags.track(music_page["audio_asset_id"])
    return _audio_page(req, track, str(music_page.get("max_id") or ""))
