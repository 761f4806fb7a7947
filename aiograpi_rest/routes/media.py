"""Media (Post): a post's info, author, oEmbed and likers; edits, delete; the viewer's state pairs
(like, save, archive, pin to profile, seen) and notes on posts.

State pairs: `POST` does it, `DELETE` undoes it (and `revert=true` on the POST is the same undo,
as in the reference). Media ids are checked before aiograpi sees them: see `media_params`.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi.types import MediaOembed, UserShort
from fastapi import APIRouter, Form, Query

from aiograpi_rest.boundary import DIGITS_PATTERN, INT32_MAX, PK_MAX
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.forms import json_field
from aiograpi_rest.media_params import (
    MEDIA_ID_HELP,
    POST_URL_HELP,
    POST_URL_PATTERN,
    FormMediaId,
    MediaIdItem,
    MediaQuery,
    QueryMediaId,
    post_code,
)
from aiograpi_rest.models import Media
from aiograpi_rest.post_fields import LocationForm, UsertagsForm, location_of, usertags_of

router = APIRouter(prefix="/media", tags=["Media (Post)"])

REVERT_HELP = "Undo instead (same as the DELETE route)."
COLLECTION_HELP = "One of your collections (GET /account/collections); none: saved to All posts only."
EXTRA_DATA_HELP = "JSON object of extra app fields (tracking_token, ranking_info_token, nav_chain)."

Revert = Annotated[bool, Form(description=REVERT_HELP)]


@router.get("", summary="A post's info, by exactly one of pk, id, code or url")
async def media_info(
    cl: SessionClient,
    ref: MediaQuery,
    use_cache: Annotated[
        bool,
        Query(
            description="Accepted for compatibility: the gateway always asks Instagram (one private "
            "API call), so the answer is never stale."
        ),
    ] = True,
) -> Media:
    return await cl.media_info_v1(ref.pk(cl))


@router.patch("", summary="Edit a post's caption, add or move user tags, set its location")
async def media_edit(
    cl: SessionClient,
    media_id: FormMediaId,
    caption: Annotated[str, Form(description="The new caption (replaces the old one).")],
    title: Annotated[str, Form(description="IGTV title; default: the caption's first line.")] = "",
    usertags: UsertagsForm = [],  # noqa: B006  (FastAPI copies defaults per request)
    location: LocationForm = None,
) -> dict[str, Any]:
    return await cl.media_edit(media_id, caption, title, usertags_of(usertags), location_of(location))


@router.delete("", summary="Delete a post")
async def media_delete(cl: SessionClient, media_id: QueryMediaId) -> bool:
    return bool(await cl.media_delete(media_id))


@router.get("/author", summary="The author of a post")
async def media_author(
    cl: SessionClient, media_pk: Annotated[int, Query(ge=1, le=PK_MAX, description="Media pk.")]
) -> UserShort:
    return await cl.media_user(str(media_pk))


@router.get("/oembed", summary="oEmbed data (author, embed HTML, thumbnail) for a post's URL")
async def media_oembed(
    cl: SessionClient,
    url: Annotated[str, Query(pattern=POST_URL_PATTERN, description=POST_URL_HELP)],
) -> MediaOembed:
    # The URL goes into Instagram's query string unescaped: send only its canonical form.
    return await cl.media_oembed(f"https://www.instagram.com/p/{post_code('url', url)}/")


@router.get("/likers", summary="Users who liked a post")
async def media_likers(cl: SessionClient, media_id: QueryMediaId) -> list[UserShort]:
    return await cl.media_likers(media_id)


@router.post("/like", summary="Like a post")
async def media_like(cl: SessionClient, media_id: FormMediaId, revert: Revert = False) -> bool:
    return await cl.media_like(media_id, revert)


@router.delete("/like", summary="Unlike a post")
async def media_unlike(cl: SessionClient, media_id: QueryMediaId) -> bool:
    return await cl.media_unlike(media_id)


@router.post("/save", summary="Save a post, optionally into a collection")
async def media_save(
    cl: SessionClient,
    media_id: FormMediaId,
    collection_pk: Annotated[int | None, Form(ge=1, le=PK_MAX, description=COLLECTION_HELP)] = None,
    revert: Revert = False,
) -> bool:
    return await cl.media_save(media_id, collection_pk, revert)


@router.delete("/save", summary="Unsave a post, or take it out of one collection only")
async def media_unsave(
    cl: SessionClient,
    media_id: QueryMediaId,
    collection_pk: Annotated[
        int | None, Query(ge=1, le=PK_MAX, description="Only out of this collection (it stays saved).")
    ] = None,
) -> bool:
    return await cl.media_unsave(media_id, collection_pk)


@router.post("/archive", summary="Archive a post (only you see it)")
async def media_archive(cl: SessionClient, media_id: FormMediaId, revert: Revert = False) -> bool:
    return await cl.media_archive(media_id, revert)


@router.delete("/archive", summary="Bring an archived post back to the profile")
async def media_unarchive(cl: SessionClient, media_id: QueryMediaId) -> bool:
    return await cl.media_unarchive(media_id)


@router.post("/pin", summary="Pin a post to the top of your profile (up to three)")
async def media_pin(
    cl: SessionClient,
    media_pk: FormMediaId,
    revert: Revert = False,
) -> bool:
    return await cl.media_pin(media_pk, revert)


@router.delete("/pin", summary="Unpin a post from your profile")
async def media_unpin(cl: SessionClient, media_pk: QueryMediaId) -> bool:
    return await cl.media_unpin(media_pk)


@router.patch("/seen", summary="Mark posts as seen")
async def media_seen(
    cl: SessionClient,
    media_ids: Annotated[list[MediaIdItem], Form(description=f"Repeat the field. {MEDIA_ID_HELP}")],
    skipped_media_ids: Annotated[list[MediaIdItem], Form(description="Shown but skipped.")] = [],  # noqa: B006
) -> bool:
    return await cl.media_seen(media_ids, skipped_media_ids)


@router.post("/note", summary="Leave a note on a post or reel; answers Instagram's note object")
async def media_note_create(
    cl: SessionClient,
    media_id: FormMediaId,
    text: Annotated[str, Form(description="The note's text.")] = "",
    audience: Annotated[
        int, Form(ge=0, le=INT32_MAX, description="Instagram's raw audience value (the app sends 7).")
    ] = 7,
    note_style: Annotated[
        int, Form(ge=0, le=INT32_MAX, description="Instagram's raw style value (the app sends 13).")
    ] = 13,
    extra_data: Annotated[str | None, Form(description=EXTRA_DATA_HELP)] = None,
) -> dict[str, Any]:
    extra = json_field("extra_data", extra_data, dict)
    return await cl.media_note_create(media_id, text, audience, note_style, extra)


@router.delete("/note", summary="Delete your note on a post")
async def media_note_delete(
    cl: SessionClient,
    note_id: Annotated[str, Query(pattern=DIGITS_PATTERN, description="The note's id.")],
    extra_data: Annotated[str | None, Query(description=EXTRA_DATA_HELP)] = None,
) -> bool:
    return await cl.media_note_delete(note_id, json_field("extra_data", extra_data, dict))
