"""Places: one place's info, the guides that visit it, and its top and recent posts (pages of
`{items, next_cursor}`; the posts tagged there)."""

from __future__ import annotations

from typing import Annotated

from aiograpi.types import Location
from fastapi import APIRouter, Depends

from aiograpi_rest.boundary import QueryPk
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.models import Guide
from aiograpi_rest.pagination import CutPaging, MediaPage, cut_pages
from aiograpi_rest.section_paging import sections_paging

router = APIRouter(prefix="/location", tags=["Location"])

RecentPaging = Annotated[CutPaging, Depends(sections_paging(63))]
TopPaging = Annotated[CutPaging, Depends(sections_paging(27))]


@router.get("", summary="A place's info")
async def location_info(cl: SessionClient, location_pk: QueryPk) -> Location:
    return await cl.location_info(location_pk)


@router.get("/guides", summary="The guides that visit a place")
async def location_guides(cl: SessionClient, location_pk: QueryPk) -> list[Guide]:
    return await cl.location_guides_v1(location_pk)


@router.get("/media/recent", summary="A page of a place's newest posts")
async def location_media_recent(cl: SessionClient, location_pk: QueryPk, page: RecentPaging) -> MediaPage:
    medias, cursor = await cut_pages(
        lambda c: cl.location_medias_v1_chunk(location_pk, 0, "recent", c or None), page
    )
    return MediaPage(items=medias, next_cursor=cursor)


@router.get("/media/top", summary="A page of a place's top posts")
async def location_media_top(cl: SessionClient, location_pk: QueryPk, page: TopPaging) -> MediaPage:
    medias, cursor = await cut_pages(
        lambda c: cl.location_medias_v1_chunk(location_pk, 0, "ranked", c or None), page
    )
    return MediaPage(items=medias, next_cursor=cursor)
