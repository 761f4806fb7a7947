"""The Explore tab and a post opened from it, as Instagram's raw objects."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from aiograpi_rest.boundary import PK_MAX
from aiograpi_rest.deps import SessionClient

router = APIRouter(prefix="/explore", tags=["Explore"])


@router.get("", summary="The Explore page: sections of posts (raw Instagram object)")
async def explore_page(cl: SessionClient) -> dict[str, Any]:
    return await cl.explore_page()


@router.get("/media", summary="A post as the Explore page opens it (raw Instagram object)")
async def explore_media(
    cl: SessionClient, media_pk: Annotated[int, Query(ge=1, le=PK_MAX, description="Media pk.")]
) -> dict[str, Any]:
    return await cl.explore_page_media_info(media_pk)
