"""A user's posts, reels, IGTV videos, tagged posts, pinned posts, stories, highlights and guides.

The four post lists page as `{items, next_cursor}`: pass `next_cursor` back as `cursor`; an empty
one ends the list. They take `user_id` or `username`; the others take `user_id` (see `user`).
"""

from __future__ import annotations

from typing import Annotated

from aiograpi.types import Story
from fastapi import APIRouter, Depends, Query

from aiograpi_rest.boundary import MAX_ALL
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.models import Guide, Highlight, Media
from aiograpi_rest.pagination import CutPaging, MediaPage, Paging, cut_pages, cut_paging, paging
from aiograpi_rest.selectors import UserIdQuery, UserQuery

router = APIRouter(prefix="/user", tags=["User"])

PostPaging = Annotated[Paging, Depends(paging(50))]
# Instagram picks the tagged feed's page size (the app sends no count): pages are cut at `amount`.
TaggedPaging = Annotated[CutPaging, Depends(cut_paging(50))]


@router.get("/posts", summary="A page of a user's posts (pinned ones first)")
async def posts(cl: SessionClient, ref: UserQuery, page: PostPaging) -> MediaPage:
    medias, cursor = await cl.user_medias_paginated_v1(await ref.resolve(cl), page.amount, page.cursor)
    return MediaPage(items=medias, next_cursor=cursor or "")


@router.get("/reels", summary="A page of a user's reels")
async def reels(cl: SessionClient, ref: UserQuery, page: PostPaging) -> MediaPage:
    medias, cursor = await cl.user_clips_paginated_v1(await ref.resolve(cl), page.amount, page.cursor)
    return MediaPage(items=medias, next_cursor=cursor or "")


@router.get("/videos", summary="A page of a user's IGTV videos")
async def videos(cl: SessionClient, ref: UserQuery, page: PostPaging) -> MediaPage:
    medias, cursor = await cl.user_videos_paginated_v1(await ref.resolve(cl), page.amount, page.cursor)
    return MediaPage(items=medias, next_cursor=cursor or "")


@router.get("/tagged/posts", summary="A page of the posts a user is tagged in")
async def tagged_posts(cl: SessionClient, ref: UserQuery, page: TaggedPaging) -> MediaPage:
    user_id = await ref.resolve(cl)
    medias, cursor = await cut_pages(lambda c: cl.usertag_medias_paginated_v1(user_id, 0, c), page)
    return MediaPage(items=medias, next_cursor=cursor)


@router.get("/pinned/posts", summary="The posts a user pinned to their profile")
async def pinned_posts(cl: SessionClient, ref: UserIdQuery) -> list[Media]:
    return await cl.user_pinned_medias(await ref.resolve(cl))


@router.get("/stories", summary="A user's live stories, oldest first")
async def stories(
    cl: SessionClient,
    ref: UserIdQuery,
    amount: Annotated[
        int | None, Query(ge=0, le=MAX_ALL, description="At most this many; none or 0: all.")
    ] = None,
) -> list[Story]:
    return await cl.user_stories_v1(await ref.resolve(cl), amount or None)


@router.get("/highlights", summary="A user's story highlights")
async def highlights(
    cl: SessionClient,
    ref: UserIdQuery,
    amount: Annotated[int, Query(ge=0, le=MAX_ALL, description="At most this many; 0: all.")] = 0,
) -> list[Highlight]:
    found = await cl.user_highlights(await ref.resolve(cl), amount)
    # aiograpi 1.0.9 takes `amount` but returns the whole tray.
    return found[:amount] if amount else found


@router.get("/guides", summary="A user's guides")
async def guides(cl: SessionClient, ref: UserIdQuery) -> list[Guide]:
    return await cl.user_guides_v1(await ref.resolve(cl))
