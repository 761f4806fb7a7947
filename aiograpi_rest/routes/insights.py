"""Insights of a professional (business or creator) account: the account, one post, the posts grid."""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi.exceptions import MediaNotFound
from aiograpi.mixins.insights import DATA_ORDERING, POST_TYPE, TIME_FRAME
from fastapi import APIRouter, Query

from aiograpi_rest.boundary import MAX_ALL, PK_MAX
from aiograpi_rest.deps import SessionClient

router = APIRouter(prefix="/insights", tags=["Insights"])


@router.get("/account", summary="Account insights: reach, impressions, followers, top posts")
async def insights_account(cl: SessionClient) -> dict[str, Any]:
    return await cl.insights_account()


@router.get("/media", summary="Insights of one of this account's posts")
async def insights_media(
    cl: SessionClient, media_pk: Annotated[int, Query(ge=1, le=PK_MAX, description="The post's pk.")]
) -> dict[str, Any]:
    found = await cl.insights_media(media_pk)
    if not found:  # Instagram answers null for a post that is not this account's (or not there)
        raise MediaNotFound(f"No insights for post {media_pk} on this account", media_pk=media_pk)
    return found


@router.get("/media/feed", summary="This account's posts with their insights, best first")
async def insights_media_feed(
    cl: SessionClient,
    post_type: Annotated[POST_TYPE, Query(description="Which posts.")] = "ALL",
    time_frame: Annotated[TIME_FRAME, Query(description="Posts published within.")] = "TWO_YEARS",
    data_ordering: Annotated[DATA_ORDERING, Query(description="The metric to sort by.")] = "REACH_COUNT",
    count: Annotated[int, Query(ge=0, le=MAX_ALL, description="How many posts; 0: all.")] = 0,
) -> list[dict[str, Any]]:
    # sleep=0: aiograpi waits 2 s between pages by default; the pool paces calls instead.
    return await cl.insights_media_feed_all(post_type, time_frame, data_ordering, count, sleep=0)
