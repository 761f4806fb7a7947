"""Search: accounts, hashtags, places, music, reels and blended results, typeahead and recents.

Search text is trimmed; a blank one is a 422 naming its field, since Instagram would find nothing.
The routes documented as raw answers (accounts, top, reels, one tab, typeahead, web top) pass
Instagram's objects through, numeric pks included; the cursors they hold (`next_page_token`,
`next_max_id`, `reels_max_id`, `rank_token`) go back as the parameters of the same names.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiograpi.types import Hashtag, Location, Track, UserShort
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from aiograpi_rest.boundary import (
    CURSOR_PATTERN,
    INT32_MAX,
    WORD_PATTERN,
    QueryTimezoneOffset,
    latitude_query,
    longitude_query,
    search_query,
)
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import invalid, invalid_fields
from aiograpi_rest.selectors import UserIdQuery

router = APIRouter(prefix="/search", tags=["Search"])


async def search_text(query: Annotated[str, search_query()]) -> str:
    return query.strip()


SearchText = Annotated[str, Depends(search_text)]


def _cursor(help_text: str) -> Any:
    return Query(pattern=CURSOR_PATTERN, description=help_text)


Cursor = Annotated[str | None, _cursor("A cursor of the previous answer, as Instagram gave it.")]
RankToken = Annotated[
    str | None, _cursor("`rank_token` of the previous answer: keeps the order across pages.")
]
Count = Annotated[int, Query(ge=1, le=100, description="At most this many results.")]
PageIndex = Annotated[int | None, Query(ge=0, le=INT32_MAX, description="Page number Instagram gave.")]


class RecentSearchItem(BaseModel):
    """One recent search: when (`client_time`, Unix seconds) and what: an account, a hashtag or a
    keyword (Instagram's `{id, name}` object)."""

    client_time: int | None = None
    type: Literal["user", "hashtag", "keyword"]
    user: UserShort | None = None
    hashtag: Hashtag | None = None
    keyword: dict[str, Any] | None = None


def _recent(client_time: int | None, found: UserShort | Hashtag | dict) -> RecentSearchItem:
    if isinstance(found, UserShort):
        return RecentSearchItem(client_time=client_time, type="user", user=found)
    if isinstance(found, Hashtag):
        return RecentSearchItem(client_time=client_time, type="hashtag", hashtag=found)
    return RecentSearchItem(client_time=client_time, type="keyword", keyword=found)


@router.get("/users", summary="Accounts whose username or name matches")
async def search_users(cl: SessionClient, query: SearchText) -> list[UserShort]:
    return await cl.search_users(query)


@router.get("/accounts", summary="The Accounts tab of search, a page at a time (raw Instagram object)")
async def search_accounts(
    cl: SessionClient,
    query: SearchText,
    page_token: Annotated[str | None, _cursor("`next_page_token` of the previous page.")] = None,
) -> dict[str, Any]:
    return await cl.fbsearch_accounts_v2(query, page_token or None)


@router.get("/followers", summary="A user's followers who match")
async def search_followers(cl: SessionClient, user: UserIdQuery, query: SearchText) -> list[UserShort]:
    return await cl.search_followers_v1(await user.resolve(cl), query)


@router.get("/following", summary="Accounts a user follows who match")
async def search_following(cl: SessionClient, user: UserIdQuery, query: SearchText) -> list[UserShort]:
    return await cl.search_following_v1(await user.resolve(cl), query)


@router.get("/hashtags", summary="Hashtags that match, with their post counts")
async def search_hashtags(cl: SessionClient, query: SearchText) -> list[Hashtag]:
    return await cl.search_hashtags(query)


@router.get("/music", summary="Music tracks whose title or artist matches")
async def search_music(cl: SessionClient, query: SearchText) -> list[Track]:
    return await cl.search_music(query)


@router.get("/locations", summary="Places by name, or the places nearest to a point")
async def search_locations(
    cl: SessionClient,
    name: Annotated[str | None, search_query("A place's name (trimmed).")] = None,
    lat: Annotated[float | None, latitude_query("Latitude of the point, with lng.")] = None,
    lng: Annotated[float | None, longitude_query("Longitude of the point, with lat.")] = None,
) -> list[Location]:
    point = [field for field, value in (("lat", lat), ("lng", lng)) if value is not None]
    if name is not None and point:
        raise invalid_fields(["name", *point], "give name, or lat and lng, not both")
    if name is not None:
        return await cl.location_search_name(name.strip())
    if lat is None or lng is None:
        if not point:
            raise invalid_fields(["name", "lat", "lng"], "give name, or lat and lng", kind="missing")
        raise invalid("lng" if lng is None else "lat", "lat and lng go together", kind="missing")
    return await cl.location_search(lat, lng)


@router.get("/places", summary="Places that match, an exact name first, then the nearest to lat/lng")
async def search_places(
    cl: SessionClient,
    query: SearchText,
    lat: Annotated[float, latitude_query("Rank places near this latitude.")] = 40.74,
    lng: Annotated[float, longitude_query("Rank places near this longitude.")] = -73.94,
) -> list[Location]:
    return await cl.fbsearch_places(query, lat, lng)


@router.get("/top", summary="The Top tab of search: accounts and a grid of posts (raw Instagram object)")
async def search_top(
    cl: SessionClient,
    query: SearchText,
    next_max_id: Annotated[str | None, _cursor("`media_grid.next_max_id` of the previous page.")] = None,
    reels_max_id: Cursor = None,
    rank_token: RankToken = None,
) -> dict[str, Any]:
    return await cl.fbsearch_topsearch_v2(
        query, next_max_id or None, reels_max_id or None, rank_token or None
    )


@router.get("/top/flat", summary="Accounts, hashtags and places in one ranked list (raw Instagram objects)")
async def search_top_flat(cl: SessionClient, query: SearchText) -> list[dict[str, Any]]:
    return await cl.fbsearch_topsearch_flat(query)


@router.get("/web/top", summary="The web's search: accounts, places and hashtags (raw Instagram object)")
async def search_web_top(cl: SessionClient, query: SearchText) -> dict[str, Any]:
    return await cl.web_search_topsearch(query)


@router.get("/web/hashtags", summary="The hashtags of the web's search")
async def search_web_hashtags(cl: SessionClient, query: SearchText) -> list[Hashtag]:
    return await cl.web_search_topsearch_hashtags(query)


@router.get("/reels", summary="The Reels tab of search, a page at a time (raw Instagram object)")
async def search_reels(
    cl: SessionClient,
    query: SearchText,
    reels_max_id: Annotated[str | None, _cursor("`reels_max_id` of the previous page.")] = None,
    rank_token: RankToken = None,
) -> dict[str, Any]:
    return await cl.fbsearch_reels_v2(query, reels_max_id or None, rank_token or None)


@router.get("/item", summary="One search results tab by its path segment (raw Instagram object)")
async def search_item(
    cl: SessionClient,
    item_id: Annotated[
        str, Query(pattern=WORD_PATTERN, description="The tab: 'top_serp', 'account_serp', 'reels_serp', …")
    ],
    search_surface: Annotated[
        str, Query(pattern=WORD_PATTERN, description="The ranking surface, e.g. 'top_serp', 'user_serp'.")
    ],
    query: SearchText,
    timezone_offset: QueryTimezoneOffset = 0,
    count: Count = 30,
    reels_page_index: PageIndex = None,
    has_more_reels: Annotated[
        Literal["true", "false"] | None, Query(description="As the previous page said.")
    ] = None,
    reels_max_id: Cursor = None,
    next_max_id: Cursor = None,
    rank_token: RankToken = None,
    page_index: PageIndex = None,
    page_token: Cursor = None,
    paging_token: Cursor = None,
) -> dict[str, Any]:
    return await cl.fbsearch_item(
        item_id,
        search_surface,
        query,
        timezone_offset,
        count,
        reels_page_index,
        has_more_reels,
        reels_max_id or None,
        next_max_id or None,
        rank_token or None,
        page_index,
        page_token or None,
        paging_token or None,
    )


@router.get("/suggested/users", summary="Accounts like a user's (suggested profiles)")
async def search_suggested_users(cl: SessionClient, user: UserIdQuery) -> list[UserShort]:
    return await cl.fbsearch_suggested_profiles(await user.resolve(cl))


@router.get("/recent", summary="This account's recent searches, newest first")
async def search_recent(cl: SessionClient) -> list[RecentSearchItem]:
    return [_recent(client_time, found) for client_time, found in await cl.fbsearch_recent()]


@router.get("/typeahead", summary="Suggestions while typing: accounts, hashtags, places, keywords (raw)")
async def search_typeahead(
    cl: SessionClient, query: SearchText, timezone_offset: QueryTimezoneOffset = 0, count: Count = 30
) -> dict[str, Any]:
    return await cl.fbsearch_keyword_typeahead(query, timezone_offset, count)


@router.get("/typeahead/stream", summary="The streamed typeahead, one row per kind (raw Instagram object)")
async def search_typeahead_stream(
    cl: SessionClient, query: SearchText, timezone_offset: QueryTimezoneOffset = 0, count: Count = 30
) -> dict[str, Any]:
    return await cl.fbsearch_typeahead_stream(query, timezone_offset, count)


@router.get("/typeahead/users", summary="The accounts of the streamed typeahead (raw Instagram objects)")
async def search_typeahead_users(cl: SessionClient, query: SearchText) -> list[dict[str, Any]]:
    return await cl.fbsearch_typehead(query)
