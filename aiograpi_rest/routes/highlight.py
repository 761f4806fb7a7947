"""Highlights: make one from stories, read it (by pk or URL), change its title, cover and stories,
delete it.

Highlight pks are strings in and out: digits, or Instagram's `highlight:<digits>` reel id.
Stories are named by story pk or id; a bare pk is completed with the account's own user id
(a highlight holds only your own stories), so aiograpi makes no lookup for the owner.
"""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import Annotated, Any

from aiograpi import Client
from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import BaseModel, Field

from aiograpi_rest.boundary import HIGHLIGHT_PK_PATTERN, MEDIA_ID_PATTERN, TEXT_PATTERN, described
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.errors import invalid, invalid_fields
from aiograpi_rest.forms import exactly_one, json_field
from aiograpi_rest.media.spool import saved_photo
from aiograpi_rest.media_params import MediaIdItem
from aiograpi_rest.models import Highlight

router = APIRouter(prefix="/highlight", tags=["Highlight"])

HIGHLIGHT_URL_PATTERN = described(
    r"^ *(https?://)?([A-Za-z0-9-]+\.)*instagram\.com/stories/highlights/\d{1,20}/?([?#][!-~]*)? *$",
    "a highlight's URL: https://www.instagram.com/stories/highlights/<pk>/",
)
PK_HELP = "The highlight's pk (digits, or `highlight:<digits>` as Instagram names its reel)."
STORIES_HELP = "Repeat the field. Your story's pk, or its id `<story_pk>_<your user id>`."
COVER_HELP = (
    'JSON: one of the highlight\'s stories as its cover, `{"media_id": "<story pk or id>", '
    '"crop_rect": [x1, y1, x2, y2]}` (crop optional, 0 to 1). Not with `cover_picture`.'
)
DEFAULT_CROP = [0.0, 0.21830457, 1.0, 0.78094524]  # aiograpi's: the middle of a 9:16 story

CropItem = Annotated[float, Field(ge=0, le=1)]
FormPk = Annotated[str, Form(pattern=HIGHLIGHT_PK_PATTERN, description=PK_HELP)]
QueryPk = Annotated[str, Query(pattern=HIGHLIGHT_PK_PATTERN, description=PK_HELP)]
StoryIds = Annotated[list[MediaIdItem], Form(min_length=1, description=STORIES_HELP)]


class Cover(BaseModel):
    media_id: str = Field(pattern=MEDIA_ID_PATTERN)
    crop_rect: list[CropItem] = Field(default=[0.0, 0.0, 1.0, 1.0], min_length=4, max_length=4)


def _pk(value: str) -> str:
    return value.strip().removeprefix("highlight:")


def _story_ids(cl: Client, values: list[str]) -> list[str]:
    """Story ids `<pk>_<owner>`: a bare pk is the account's own story."""
    return [v if "_" in v else f"{v}_{cl.user_id}" for v in (v.strip() for v in values)]


def _cover_of(cl: Client, cover: Cover) -> dict[str, str]:
    """The `cover` Instagram takes: a story id and its crop as JSON text, as aiograpi's create sends."""
    return {"media_id": _story_ids(cl, [cover.media_id])[0], "crop_rect": json.dumps(cover.crop_rect)}


@router.get("", summary="A highlight with its stories, by pk or URL")
async def highlight_info(
    cl: SessionClient,
    highlight_pk: Annotated[str | None, Query(pattern=HIGHLIGHT_PK_PATTERN, description=PK_HELP)] = None,
    url: Annotated[
        str | None, Query(pattern=HIGHLIGHT_URL_PATTERN, description="The highlight's URL.")
    ] = None,
) -> Highlight:
    kind, value = exactly_one(highlight_pk=highlight_pk, url=url)
    pk = cl.highlight_pk_from_url(value) if kind == "url" else _pk(value)  # the URL is read locally
    return await cl.highlight_info(pk)


@router.post("", summary="Make a highlight of your stories")
async def highlight_create(
    cl: SessionClient,
    title: Annotated[str, Form(pattern=TEXT_PATTERN, description="The highlight's title.")],
    story_ids: StoryIds,
    cover_story_id: Annotated[
        str, Form(pattern=r"^ *$|" + MEDIA_ID_PATTERN, description="Its cover story; default: the first.")
    ] = "",
    crop_rect: Annotated[
        list[CropItem],
        Form(min_length=4, max_length=4, description="The cover's crop: x1, y1, x2, y2, from 0 to 1."),
    ] = DEFAULT_CROP,  # noqa: B006  (FastAPI copies defaults per request)
) -> Highlight:
    stories = _story_ids(cl, story_ids)
    cover = _story_ids(cl, [cover_story_id])[0] if cover_story_id.strip() else ""
    if cover and cover not in stories:
        raise invalid(
            "cover_story_id", "the cover is one of the highlight's stories: name it in story_ids too"
        )
    return await cl.highlight_create(title.strip(), stories, cover, crop_rect)


@router.patch("", summary="Change a highlight's title, cover or stories")
async def highlight_edit(
    cl: SessionClient,
    svc: ServicesDep,
    highlight_pk: FormPk,
    title: Annotated[str, Form(description="The new title; blank: unchanged.")] = "",
    cover: Annotated[str | None, Form(description=COVER_HELP)] = None,
    cover_picture: Annotated[
        UploadFile | None, File(description="A new cover picture: JPEG, PNG or WebP. Not with `cover`.")
    ] = None,
    added_media_ids: Annotated[list[MediaIdItem], Form(description=STORIES_HELP)] = [],  # noqa: B006
    removed_media_ids: Annotated[list[MediaIdItem], Form(description=STORIES_HELP)] = [],  # noqa: B006
) -> Highlight:
    pk, title = _pk(highlight_pk), title.strip()
    story_cover = json_field("cover", cover, Cover)
    if story_cover is not None and cover_picture is not None:
        raise invalid_fields(["cover", "cover_picture"], "give one cover, a story or a picture")
    if not (title or story_cover or cover_picture or added_media_ids or removed_media_ids):
        raise invalid_fields(
            ["title", "cover", "cover_picture", "added_media_ids", "removed_media_ids"],
            "nothing to change",
            kind="missing",
        )
    async with AsyncExitStack() as files:
        # the picture is checked before anything is sent, and uploaded last: a refused edit leaves
        # the old cover
        picture = (
            await files.enter_async_context(
                saved_photo("cover_picture", cover_picture, svc.settings.upload_max_bytes)
            )
            if cover_picture is not None
            else None
        )
        result: Any = None
        if story_cover or added_media_ids or removed_media_ids:
            chosen = _cover_of(cl, story_cover) if story_cover else {}
            added, removed = _story_ids(cl, added_media_ids), _story_ids(cl, removed_media_ids)
            result = await cl.highlight_edit(pk, title, chosen, added, removed)
        elif title:
            result = await cl.highlight_change_title(pk, title)
        if picture is not None:
            result = await cl.highlight_change_cover(pk, picture)
    return result


@router.delete("", summary="Delete a highlight (its stories stay in your archive)")
async def highlight_delete(cl: SessionClient, highlight_pk: QueryPk) -> bool:
    return await cl.highlight_delete(_pk(highlight_pk))


@router.post("/story", summary="Add stories to a highlight")
async def highlight_add_stories(cl: SessionClient, highlight_pk: FormPk, story_ids: StoryIds) -> Highlight:
    return await cl.highlight_add_stories(_pk(highlight_pk), _story_ids(cl, story_ids))


@router.delete("/story", summary="Take stories out of a highlight")
async def highlight_remove_stories(
    cl: SessionClient,
    highlight_pk: QueryPk,
    story_ids: Annotated[list[MediaIdItem], Query(min_length=1, description=STORIES_HELP)],
) -> Highlight:
    return await cl.highlight_remove_stories(_pk(highlight_pk), _story_ids(cl, story_ids))
