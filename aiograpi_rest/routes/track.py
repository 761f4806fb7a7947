"""Tracks and music: a track's info and audio page, its file from the CDN, the music browsers,
search, keywords, trends, bookmarks and original-audio titles.

The lists answer Instagram's JSON as it comes. A track in them (`items[].track`, or the whole
item) is what the `*/upload/with/music` routes and `POST /note/music` take as `track`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.responses import Response

from aiograpi_rest.boundary import CURSOR_PATTERN, DIGITS_PATTERN, TEXT_PATTERN, WORD_PATTERN
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.forms import exactly_one
from aiograpi_rest.media.downloads import (
    FILE_RESPONSES,
)
from aiograpi_rest.media.served import CdnDownloadQuery, url_download
from aiograpi_rest.models import Track
from aiograpi_rest.music_fields import SESSION_ID_PATTERN

router = APIRouter(tags=["Track (Music)"])

TRACK_ID_HELP = "The track's `id` (its audio asset id; `audio_cluster_id` works too)."
SESSION_HELP = "The session id Instagram gave; default: a new one."

TrackId = Annotated[str, Query(pattern=DIGITS_PATTERN, description=TRACK_ID_HELP)]
MaxId = Annotated[
    str, Query(pattern=CURSOR_PATTERN, description="`paging_info.max_id` of the previous page.")
]
Product = Annotated[str, Query(pattern=WORD_PATTERN, description="Instagram's music surface.")]
SessionId = Annotated[str | None, Query(pattern=SESSION_ID_PATTERN, description=SESSION_HELP)]
SearchText = Annotated[
    str, Query(pattern=TEXT_PATTERN, max_length=100, description="Words of a title or an artist.")
]
Raw = dict[str, Any]


@router.get(
    "/track",
    summary="A track: by canonical id its info, by id its audio page (info and reels using it)",
)
async def track_info(
    cl: SessionClient,
    id: Annotated[str | None, Query(pattern=DIGITS_PATTERN, description=TRACK_ID_HELP)] = None,
    canonical_id: Annotated[
        str | None, Query(pattern=DIGITS_PATTERN, description="The track's `music_canonical_id`.")
    ] = None,
    max_id: MaxId = "",
) -> Raw:
    kind, value = exactly_one(id=id, canonical_id=canonical_id)
    if kind == "id":
        return await cl.track_info_by_id(value, max_id)
    if max_id:
        raise invalid("max_id", "pages the reels of a track asked for by `id`, not by `canonical_id`")
    track = await cl.track_info_by_canonical_id(value)
    return Track.model_validate(track, from_attributes=True).model_dump(mode="json")


@router.get("/track/stream", summary="A track's audio page as the app streams it (reels using it)")
async def track_stream(cl: SessionClient, id: TrackId, max_id: MaxId = "") -> Raw:
    return await cl.track_stream_info_by_id(id, max_id)


@router.get(
    "/track/download/by/url",
    summary="Download a track's audio from Instagram's CDN",
    responses=FILE_RESPONSES,
)
async def track_download_by_url(cl: SessionClient, svc: ServicesDep, wanted: CdnDownloadQuery) -> Response:
    return await url_download(svc.settings, cl.track_download_by_url, wanted)


@router.get("/music/search", summary="Search music by title or artist")
async def music_search(
    cl: SessionClient,
    query: SearchText,
    product: Product = "music_in_feed",
    from_typeahead: Annotated[bool, Query(description="The query came from a keyword suggestion.")] = False,
    search_session_id: SessionId = None,
    browse_session_id: SessionId = None,
) -> Raw:
    return await cl.music_search_v2(
        query.strip(), product, from_typeahead, search_session_id, browse_session_id
    )


@router.get("/music/keywords", summary="Keyword suggestions for a music search")
async def music_keywords(
    cl: SessionClient,
    query: SearchText,
    product: Product = "music_in_feed",
    num_keywords: Annotated[int, Query(ge=1, le=20, description="How many suggestions.")] = 3,
    search_session_id: Annotated[
        str, Query(pattern=r"^$|" + SESSION_ID_PATTERN, description="The search's session id, if any.")
    ] = "",
    browse_session_id: SessionId = None,
) -> Raw:
    return await cl.music_keyword_search(
        query.strip(), product, num_keywords, search_session_id, browse_session_id
    )


@router.get("/music/trending", summary="Trending music")
async def music_trending(cl: SessionClient, product: Product = "feed_post") -> Raw:
    return await cl.music_trending(product)


@router.get("/music/trends/top", summary="The top music trends")
async def music_trends_top(
    cl: SessionClient,
    product: Product = "music_in_feed",
    page_size: Annotated[int, Query(ge=1, le=100, description="How many trends.")] = 15,
) -> Raw:
    return await cl.music_top_trends(product, page_size)


@router.get("/music/feed/browser", summary="Music for feed posts (photos and albums with music)")
async def music_feed_browser(cl: SessionClient, browse_session_id: SessionId = None) -> Raw:
    return await cl.music_in_feed_audio_browser(browse_session_id)


@router.get("/music/clips/browser", summary="Music for reels")
async def music_clips_browser(
    cl: SessionClient, product: Product = "story_camera_clips_v2", browse_session_id: SessionId = None
) -> Raw:
    return await cl.music_clips_audio_browser(product, browse_session_id)


@router.post("/music/bookmark", summary="Save a track or original audio to your saved audio")
async def music_bookmark(
    cl: SessionClient,
    original_audio_id: Annotated[str, Form(pattern=DIGITS_PATTERN, description=TRACK_ID_HELP)],
    surface_requested_from: Annotated[
        str, Form(pattern=WORD_PATTERN, description="The app surface the bookmark is made from.")
    ] = "audio_aggregation_page",
) -> bool:
    return await cl.music_bookmark(original_audio_id, surface_requested_from)


@router.get(
    "/music/original-audio/title/availability",
    summary="Whether a name is free for your reel's original audio",
)
async def music_original_audio_title(
    cl: SessionClient,
    name: Annotated[str, Query(pattern=TEXT_PATTERN, max_length=255, description="The proposed name.")],
) -> bool:
    return await cl.music_verify_original_audio_title(name.strip())
