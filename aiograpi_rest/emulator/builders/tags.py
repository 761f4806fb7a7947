"""Hashtags and music tracks."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.world.tags import Hashtag, Track
from aiograpi_rest.emulator.world.users import CDN_BASE


def hashtag_v1(tag: Hashtag, media_count: int | None = None) -> Json:
    """`extract_hashtag_v1`."""
    return {
        "id": tag.id,
        "name": tag.name,
        "media_count": media_count or 0,
        "profile_pic_url": f"{CDN_BASE}/v/t51.2885-15/tag_{tag.id}.jpg",
    }


def track_v1(track: Track) -> Json:
    """`extract_track`."""
    return {
        "id": track.id,
        "title": track.title,
        "subtitle": "",
        "display_artist": track.display_artist,
        "audio_cluster_id": track.audio_cluster_id,
        "audio_asset_id": track.id,
        "music_canonical_id": track.music_canonical_id,
        "highlight_start_times_in_ms": [0, 10_000],
        "is_explicit": track.is_explicit,
        "dash_manifest": (
            f'<MPD mediaPresentationDuration="PT{track.duration_in_ms // 1000}S"><Period><AdaptationSet>'
            f"<Representation><BaseURL>{CDN_BASE}/o1/v/t2/track_{track.id}.m4a</BaseURL></Representation>"
            "</AdaptationSet></Period></MPD>"
        ),
        "has_lyrics": False,
        "duration_in_ms": track.duration_in_ms,
        "allows_saving": True,
        "cover_artwork_uri": f"{CDN_BASE}/v/t39/track_{track.id}.jpg",
        "cover_artwork_thumbnail_uri": f"{CDN_BASE}/v/t39/track_{track.id}_t.jpg",
        "progressive_download_url": f"{CDN_BASE}/o1/v/t2/track_{track.id}.m4a",
        "fast_start_progressive_download_url": f"{CDN_BASE}/o1/v/t2/track_{track.id}.m4a",
        "reactive_audio_download_url": None,
        "web_30s_preview_download_url": None,
        "territory_validity_periods": {},
    }
