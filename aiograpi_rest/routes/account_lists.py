"""Account: what the account sees and keeps — follow requests, saved collections, liked and
archived posts, the timeline and the profile stream.

Lists that Instagram pages with a cursor answer `{items, next_cursor}`; pass `next_cursor` back
as `cursor` to continue, an empty one ends the list.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi import Client
from aiograpi.exceptions import CollectionNotFound
from aiograpi.types import Collection
from fastapi import APIRouter, Depends, Form, Query

from aiograpi_rest.boundary import DIGITS_PATTERN, PK_MAX, UserItem
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.forms import exactly_one
from aiograpi_rest.models import Media, UserOutcomes
from aiograpi_rest.pagination import (
    MAX_AMOUNT,
    CutPaging,
    MediaPage,
    Paging,
    UserShortPage,
    cut_pages,
    cut_paging,
    paging,
)
from aiograpi_rest.selectors import UserIdForm, UserIdQuery

router = APIRouter(prefix="/account", tags=["Account"])

COLLECTION_PK_HELP = "The collection's id (GET /account/collections); ALL_MEDIA_AUTO_COLLECTION: all saved."
LAST_MEDIA_HELP = "Stop before this post's pk (the last one already seen); 0: from the newest."

CollectionPk = Annotated[
    str | None, Query(pattern=r"^(\d{1,20}|ALL_MEDIA_AUTO_COLLECTION)$", description=COLLECTION_PK_HELP)
]
CollectionName = Annotated[
    str | None, Query(max_length=200, description="The collection's name, as shown in the app.")
]
Amount21 = Annotated[int, Query(ge=1, le=MAX_AMOUNT, description="How many posts.")]
LastMediaPk = Annotated[int, Query(ge=0, le=PK_MAX, description=LAST_MEDIA_HELP)]
Page50 = Annotated[Paging, Depends(paging(50))]
# Instagram picks the archive's page size (the app sends no count): pages are cut at `amount`.
ArchivePaging = Annotated[CutPaging, Depends(cut_paging(50))]


# follow requests
@router.get("/follow/requests", summary="A page of pending follow requests to this private account")
async def follow_requests(cl: SessionClient, page: Page50) -> UserShortPage:
    users, cursor = await cl.user_follow_requests_chunk(page.amount, page.cursor)
    return UserShortPage(items=users, next_cursor=cursor or "")


@router.post("/follow/request/approve", summary="Approve one follow request")
async def follow_request_approve(cl: SessionClient, user: UserIdForm) -> bool:
    return await cl.user_follow_request_approve(await user.resolve(cl))


@router.delete("/follow/request", summary="Decline one follow request")
async def follow_request_decline(cl: SessionClient, user: UserIdQuery) -> bool:
    return await cl.user_follow_request_decline(await user.resolve(cl))


@router.post(
    "/follow/requests/approve",
    summary="Approve several follow requests: {user_id: approved}",
    response_model=UserOutcomes,
)
async def follow_requests_approve(
    cl: SessionClient, user_ids: Annotated[list[UserItem], Form(description="Repeat the field per user.")]
) -> dict[str, bool]:
    return await cl.user_follow_requests_approve([u.strip() for u in user_ids])


@router.delete(
    "/follow/requests",
    summary="Decline several follow requests: {user_id: declined}",
    response_model=UserOutcomes,
)
async def follow_requests_decline(
    cl: SessionClient,
    user_ids: Annotated[list[UserItem], Query(description="Repeat the parameter per user.")],
) -> dict[str, bool]:
    return await cl.user_follow_requests_decline([u.strip() for u in user_ids])


# saved collections and liked posts
async def _collection(cl: Client, collection_pk: str | None, name: str | None) -> Collection:
    """Exactly one of pk or name, found in the account's collections list, or CollectionNotFound."""
    kind, value = exactly_one(
        "Pass either 'collection_pk' or 'name' (GET /account/collections lists both).",
        collection_pk=collection_pk,
        name=name,
    )
    for collection in await cl.collections():
        if value == (collection.id if kind == "collection_pk" else collection.name):
            return collection
    raise CollectionNotFound(f"No saved collection {value!r}", pk=collection_pk, name=name)


@router.get("/collections", summary="The account's saved collections (All posts first)")
async def collections(cl: SessionClient) -> list[Collection]:
    return await cl.collections()


@router.get("/collection", summary="One saved collection, by pk or name")
async def collection(
    cl: SessionClient,
    collection_pk: CollectionPk = None,
    name: CollectionName = None,
) -> Collection:
    return await _collection(cl, collection_pk, name)


@router.get("/collection/media", summary="Posts of one saved collection, by pk or name, newest saved first")
async def collection_media(
    cl: SessionClient,
    collection_pk: CollectionPk = None,
    name: CollectionName = None,
    amount: Amount21 = 21,
    last_media_pk: LastMediaPk = 0,
) -> list[Media]:
    # Looked up first: aiograpi answers an unknown pk with an empty list, not an error.
    found = await _collection(cl, collection_pk, name)
    return await cl.collection_medias(found.id, amount, last_media_pk)


@router.get("/liked/media", summary="Posts this account liked, newest like first")
async def liked_media(
    cl: SessionClient, amount: Amount21 = 21, last_media_pk: LastMediaPk = 0
) -> list[Media]:
    return await cl.liked_medias(amount, last_media_pk)


@router.get("/archive/media", summary="A page of this account's archived posts")
async def archive_media(cl: SessionClient, page: ArchivePaging) -> MediaPage:
    medias, cursor = await cut_pages(lambda c: cl.archive_medias_paginated_v1(0, c), page)
    return MediaPage(items=medias, next_cursor=cursor)


# feeds
@router.get("/feed/new", summary="Whether the timeline has posts newer than those last fetched")
async def feed_new(cl: SessionClient) -> bool:
    return await cl.new_feed_exist()


@router.get("/feed/timeline", summary="The home timeline's first page, as Instagram sends it")
async def feed_timeline(cl: SessionClient) -> dict[str, Any]:
    return await cl.get_timeline_feed()


@router.get("/feed/user/stream-item", summary="A user's profile feed, streamed (raw `stream_rows`)")
async def feed_user_stream_item(
    cl: SessionClient,
    item_id: Annotated[str, Query(pattern=DIGITS_PATTERN, description="The user's pk.")],
    is_pull_to_refresh: Annotated[bool, Query(description="Fetch as a pull-to-refresh.")] = False,
) -> dict[str, Any]:
    return await cl.feed_user_stream_item(item_id.strip(), is_pull_to_refresh)
