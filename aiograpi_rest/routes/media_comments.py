"""Media (Post) comments: pages, the two-way stream, replies, posting and deleting, likes and
likers, pins, comment summaries of several posts, and the offensive-text check.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi.types import Comment
from fastapi import APIRouter, Depends, Form, Query

from aiograpi_rest.boundary import CURSOR_PATTERN, DIGITS_PATTERN, MAX_ALL, PK_MAX, TEXT_PATTERN
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.media_params import FormMediaId, MediaIdItem, QueryMediaId
from aiograpi_rest.pagination import MAX_AMOUNT, CutPaging, Page, StreamPage, cut_pages, cut_paging

router = APIRouter(prefix="/media", tags=["Media (Post)"])

COMMENT_PK_HELP = "The comment's pk."
REVERT_HELP = "Undo instead (same as the DELETE route)."

Revert = Annotated[bool, Form(description=REVERT_HELP)]
FormCommentPk = Annotated[int, Form(ge=1, le=PK_MAX, description=COMMENT_PK_HELP)]
QueryCommentPk = Annotated[int, Query(ge=1, le=PK_MAX, description=COMMENT_PK_HELP)]


class CommentPage(Page[Comment]):
    """Top-level comments, newest first: pass `next_cursor` back as `cursor`."""


class CommentStreamPage(StreamPage[Comment]):
    """Pass `max_cursor` as `max_id` for older comments (empty: none left); `min_cursor` as
    `min_id` later for comments added since."""


@router.get("/comments", summary="A page of a post's comments")
async def media_comments(
    cl: SessionClient, media_id: QueryMediaId, page: Annotated[CutPaging, Depends(cut_paging(20))]
) -> CommentPage:
    # Instagram picks the page size (~15 comments): one upstream page per fetch, cut at `amount`.
    # A bare pk is completed once here (MediaNotFound when unknown), not on every fetch.
    full_id = await cl.media_id(media_id)

    async def fetch(cursor: str) -> tuple[list[Comment], str]:
        comments, next_cursor, _ = await cl.media_comments_v1_chunk(full_id, cursor)
        return comments, next_cursor

    comments, cursor = await cut_pages(fetch, page)
    return CommentPage(items=comments, next_cursor=cursor)


@router.get("/comments/stream", summary="A post's comments as a two-way stream")
async def media_comments_stream(
    cl: SessionClient,
    media_id: QueryMediaId,
    min_id: Annotated[
        str,
        Query(pattern=CURSOR_PATTERN, description="`min_cursor` of an earlier page: comments newer than it."),
    ] = "",
    max_id: Annotated[
        str, Query(pattern=CURSOR_PATTERN, description="`max_cursor` of the previous page: older comments.")
    ] = "",
) -> CommentStreamPage:
    comments, min_cursor, max_cursor = await cl.media_stream_comments_v1_chunk(
        media_id, min_id.strip(), max_id.strip()
    )
    return CommentStreamPage(items=comments, min_cursor=min_cursor or "", max_cursor=max_cursor or "")


@router.post("/comment", summary="Comment on a post, or reply to one of its comments")
async def media_comment(
    cl: SessionClient,
    media_id: FormMediaId,
    text: Annotated[str, Form(pattern=TEXT_PATTERN, description="The comment's text.")],
    replied_to_comment_id: Annotated[
        int | None, Form(ge=1, le=PK_MAX, description="Reply to this comment (of the same post).")
    ] = None,
) -> Comment:
    return await cl.media_comment(media_id, text, replied_to_comment_id)


@router.delete("/comment", summary="Delete a comment (yours, or any on your post)")
async def media_comment_delete(cl: SessionClient, media_id: QueryMediaId, comment_pk: QueryCommentPk) -> bool:
    return await cl.comment_bulk_delete(media_id, [comment_pk])


@router.get("/comment/replies", summary="Replies to a comment")
async def media_comment_replies(
    cl: SessionClient,
    media_id: QueryMediaId,
    comment_id: Annotated[str, Query(pattern=DIGITS_PATTERN, description="The parent comment's pk.")],
    amount: Annotated[int, Query(ge=0, le=MAX_ALL, description="At most this many; 0: all.")] = 0,
) -> list[Comment]:
    return await cl.media_comment_replies(media_id, comment_id, amount)


@router.post("/comment/like", summary="Like a comment")
async def comment_like(cl: SessionClient, comment_pk: FormCommentPk, revert: Revert = False) -> bool:
    return await cl.comment_like(comment_pk, revert)


@router.delete("/comment/like", summary="Unlike a comment")
async def comment_unlike(cl: SessionClient, comment_pk: QueryCommentPk) -> bool:
    return await cl.comment_unlike(comment_pk)


@router.get("/comment/likers", summary="Users who liked a comment (an unknown comment has none)")
async def comment_likers(
    cl: SessionClient,
    comment_pk: Annotated[str, Query(pattern=DIGITS_PATTERN, description=COMMENT_PK_HELP)],
    amount: Annotated[int, Query(ge=0, le=MAX_AMOUNT, description="At most this many; 0: all.")] = 0,
) -> list[dict[str, Any]]:
    return await cl.comment_likers_gql(comment_pk, amount)


@router.post("/comment/pin", summary="Pin a comment on your post (up to three)")
async def comment_pin(
    cl: SessionClient, media_id: FormMediaId, comment_pk: FormCommentPk, revert: Revert = False
) -> bool:
    return await cl.comment_pin(media_id, comment_pk, revert)


@router.delete("/comment/pin", summary="Unpin a comment on your post")
async def comment_unpin(cl: SessionClient, media_id: QueryMediaId, comment_pk: QueryCommentPk) -> bool:
    return await cl.comment_unpin(media_id, comment_pk)


@router.get("/comment/infos", summary="Comment counts and newest comments of several posts")
async def media_comment_infos(
    cl: SessionClient,
    media_ids: Annotated[
        list[MediaIdItem], Query(description="Repeat the parameter: `<media_pk>_<owner_pk>`.")
    ],
) -> dict[str, Any]:
    return await cl.media_comment_infos(media_ids)


@router.post("/comment/check/offensive", summary="Whether Instagram finds a comment's text offensive")
async def media_comment_check_offensive(
    cl: SessionClient, media_id: FormMediaId, text: Annotated[str, Form(description="Text to check.")]
) -> bool:
    # aiograpi 1.0.9's media_check_offensive_comment forgets to await its media id lookup;
    # the _v2 variant sends the same request without it.
    result = await cl.media_check_offensive_comment_v2(media_id, text)
    return bool(result.get("is_offensive"))
