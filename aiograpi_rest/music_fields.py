"""The music fields of a post with a song: the track and extra data of every `*/upload/with/music`
route, and the rest of a feed post's (`/photo/upload/with/music`, `/album/upload/with/music`).

aiograpi only `assert`s the track's ids (a 500), so a track without them is a 422 naming `track`
here. The session ids reach Instagram in the configure body; they are checked as ids anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form

from aiograpi_rest.boundary import INT32_MAX
from aiograpi_rest.errors import invalid
from aiograpi_rest.forms import json_field

SESSION_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"

ExtraDataForm = Annotated[
    str | None, Form(description="JSON object of extra configure fields Instagram takes.")
]
TrackForm = Annotated[
    str,
    Form(
        description="The track as JSON, as the music routes answer it (`id`, `audio_cluster_id`, …): "
        "a `GET /music/search` row or its `track`, or what `GET /track?canonical_id=` answers."
    ),
]
StartTime = Annotated[
    int | None,
    Form(ge=0, le=INT32_MAX, description="Where the song starts, in ms; default: the track's highlight."),
]
Overlap = Annotated[int, Form(ge=1, le=INT32_MAX, description="How long the song plays, in ms.")]
BrowseSessionId = Annotated[
    str | None,
    Form(pattern=SESSION_ID_PATTERN, description="The music browser's session id, if you have one."),
]
AlacornSessionId = Annotated[
    str | None,
    Form(pattern=SESSION_ID_PATTERN, description="Default: the track's own, else a new one from Instagram."),
]


@dataclass(frozen=True)
class FeedMusic:
    track: dict[str, Any]
    options: dict[str, Any]  # the keyword arguments aiograpi's *_upload_with_music take besides


def extra_data_of(raw: str | None) -> dict[str, Any]:
    return json_field("extra_data", raw, dict) or {}


def checked_track(raw: str | dict[str, Any]) -> dict[str, Any]:
    """The track (JSON text from a form, or an object from a JSON body), if it names the song (`id`
    or `audio_asset_id`) and its `audio_cluster_id`.

    A row of the music lists (`{"track": {...}, "metadata": {...}}`) is taken for its track, so
    what `GET /music/search` answers can be passed on as it is.
    """
    track = raw if isinstance(raw, dict) else json_field("track", raw, dict, required=True)
    if isinstance(track.get("track"), dict) and not track.get("audio_cluster_id"):
        track = track["track"]
    if not (track.get("audio_asset_id") or track.get("id")) or not track.get("audio_cluster_id"):
        raise invalid(
            "track",
            "the JSON needs `id` (or `audio_asset_id`) and `audio_cluster_id`, as the music routes answer",
        )
    return track


async def feed_music(
    track: TrackForm,
    extra_data: ExtraDataForm = None,
    audio_asset_start_time: StartTime = None,
    overlap_duration: Overlap = 30000,
    browse_session_id: BrowseSessionId = None,
    alacorn_session_id: AlacornSessionId = None,
) -> FeedMusic:
    return FeedMusic(
        checked_track(track),
        {
            "extra_data": extra_data_of(extra_data),
            "audio_asset_start_time": audio_asset_start_time,
            "overlap_duration": overlap_duration,
            "browse_session_id": browse_session_id,
            "alacorn_session_id": alacorn_session_id,
        },
    )


MusicForm = Annotated[FeedMusic, Depends(feed_music)]
