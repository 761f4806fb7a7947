"""Reels feeds: the Reels tab, Explore reels and the Friends tab, as arrays of media.

`amount` caps the answer; `last_media_pk` is the newest reel the caller has already seen: the feed
stops just before it, so polling returns only what is new. Instagram sends these media pks as
numbers; they leave the gateway as strings (see `models.Media`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from aiograpi_rest.boundary import PK_MAX
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.models import Media

router = APIRouter(prefix="/reels", tags=["Reels"])

Amount = Annotated[int, Query(ge=1, le=200, description="At most this many reels.")]
LastMediaPk = Annotated[
    int,
    Query(ge=0, le=PK_MAX, description="Stop before this reel (the newest one already seen); 0: no stop."),
]


@router.get("", summary="The Reels tab")
async def reels(cl: SessionClient, amount: Amount = 10, last_media_pk: LastMediaPk = 0) -> list[Media]:
    return await cl.reels(amount, last_media_pk)


@router.get("/explore", summary="Reels from accounts you do not follow (Explore)")
async def explore_reels(
    cl: SessionClient, amount: Amount = 10, last_media_pk: LastMediaPk = 0
) -> list[Media]:
    return await cl.explore_reels(amount, last_media_pk)


@router.get("/friends", summary="Reels from accounts you follow (the Friends tab)")
async def friends_reels(
    cl: SessionClient, amount: Amount = 10, last_media_pk: LastMediaPk = 0
) -> list[Media]:
    return await cl.friends_reels(amount, last_media_pk)


@router.get("/timeline", summary="One of the three reels feeds, named by collection_pk")
async def reels_timeline(
    cl: SessionClient,
    collection_pk: Annotated[
        Literal["reels", "explore_reels", "friends_reels"],
        Query(description="'reels' (the Reels tab), 'explore_reels' or 'friends_reels'."),
    ],
    amount: Amount = 10,
    last_media_pk: LastMediaPk = 0,
) -> list[Media]:
    return await cl.reels_timeline_media(collection_pk, amount, last_media_pk)
