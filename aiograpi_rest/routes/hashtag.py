"""Hashtags: a hashtag's info (and whether this session follows it), following it, its top and
recent posts (pages of `{items, next_cursor}`) and its reels.

Names are taken with or without '#'; anything but letters, digits and '_' is refused before any
upstream call, since the name goes into Instagram's URL path.
"""

from __future__ import annotations

from typing import Annotated

from aiograpi import types
from fastapi import APIRouter, Depends, Form, Query
from pydantic import Field

from aiograpi_rest.boundary import HASHTAG_PATTERN, path_segment
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.models import Media
from aiograpi_rest.pagination import MAX_AMOUNT, CutPaging, MediaPage, cut_pages
from aiograpi_rest.section_paging import sections_paging

router = APIRouter(prefix="/hashtag", tags=["Hashtag"])

HASHTAG_HELP = "A hashtag name, with or without '#': letters, digits and '_'."


def clean_hashtag(value: str) -> str:
    return path_segment(value.strip().lstrip("#"))


async def hashtag_name(name: Annotated[str, Query(pattern=HASHTAG_PATTERN, description=HASHTAG_HELP)]) -> str:
    return clean_hashtag(name)


NameQuery = Annotated[str, Depends(hashtag_name)]
RecentPaging = Annotated[CutPaging, Depends(sections_paging(27))]
TopPaging = Annotated[CutPaging, Depends(sections_paging(9))]


class HashtagInfo(types.Hashtag):
    """A hashtag, and whether this session follows it. (Named apart from aiograpi's `Hashtag`,
    which story answers still carry, so the schema keeps both names readable.)"""

    following: bool | None = Field(
        None, description="Read from Instagram's answer: aiograpi 1.0.9 drops this flag."
    )


@router.get("", summary="A hashtag's info: posts count and whether you follow it")
async def hashtag_info(cl: SessionClient, name: NameQuery) -> HashtagInfo:
    """`following` is read from Instagram's answer: aiograpi 1.0.9's Hashtag drops it."""
    info = await cl.hashtag_info(name)
    # aiograpi's Hashtag keeps no `following`; the answer it was read from (this call's) has it.
    return HashtagInfo(**info.model_dump(), following=bool(cl.last_json.get("following")))


@router.post("/follow", summary="Follow a hashtag (or unfollow it)")
async def hashtag_follow(
    cl: SessionClient,
    hashtag: Annotated[str, Form(pattern=HASHTAG_PATTERN, description=HASHTAG_HELP)],
    unfollow: Annotated[bool, Form(description="Unfollow instead.")] = False,
) -> bool:
    """aiograpi 1.0.9 puts the name in the path as given: the gateway drops the '#' first."""
    return await cl.hashtag_follow(clean_hashtag(hashtag), unfollow)


@router.delete("/follow", summary="Unfollow a hashtag")
async def hashtag_unfollow(
    cl: SessionClient,
    hashtag: Annotated[str, Query(pattern=HASHTAG_PATTERN, description=HASHTAG_HELP)],
) -> bool:
    return await cl.hashtag_unfollow(clean_hashtag(hashtag))


@router.get("/media/recent", summary="A page of a hashtag's newest posts")
async def hashtag_media_recent(cl: SessionClient, name: NameQuery, page: RecentPaging) -> MediaPage:
    """Pass `next_cursor` back as `cursor`. aiograpi 1.0.9 drops what a page holds past the count it
    is given, so the gateway takes Instagram's pages whole and cuts them at `amount` itself."""
    medias, cursor = await cut_pages(lambda c: cl.hashtag_medias_v1_chunk(name, 0, "recent", c or None), page)
    return MediaPage(items=medias, next_cursor=cursor)


@router.get("/media/top", summary="A page of a hashtag's top posts")
async def hashtag_media_top(cl: SessionClient, name: NameQuery, page: TopPaging) -> MediaPage:
    """Pass `next_cursor` back as `cursor`; pages are cut at `amount` as on the recent tab."""
    medias, cursor = await cut_pages(lambda c: cl.hashtag_medias_v1_chunk(name, 0, "top", c or None), page)
    return MediaPage(items=medias, next_cursor=cursor)


@router.get("/reels", summary="A hashtag's reels")
async def hashtag_reels(
    cl: SessionClient,
    name: NameQuery,
    amount: Annotated[int, Query(ge=1, le=MAX_AMOUNT, description="At most this many.")] = 27,
) -> list[Media]:
    return await cl.hashtag_medias_reels_v1(name, amount)
