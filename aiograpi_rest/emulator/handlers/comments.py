"""Comments on posts: pages, the two-way stream, replies, posting, deleting, likes, likers, pins."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world.media import Comment, Media
from aiograpi_rest.emulator.world.paging import page

COMMENTS_PAGE = 15  # what one `comments/` or `stream_comments/` answer holds
REPLIES_PAGE = 10
PREVIEW_COMMENTS = 2  # per media in `comment_infos/`
COMMENT_LIKERS_QUERY_HASH = "5f0b1f6281e72053cbc07909c8d154ae"
# The emulator's whole offensive-language model.
OFFENSIVE_WORDS = {"idiot", "stupid", "loser", "ugly", "hate", "trash"}


def _media(req: EmRequest, media_id: str | None = None) -> Media:
    return req.world.visible_media(req.viewer_pk, media_id or req.params["media_id"])


def _comments(req: EmRequest, comments: list[Comment]) -> list[dict]:
    return [builders.comment_v1(req.world, c, req.viewer_pk) for c in comments]


def _disabled(media: Media) -> dict | None:
    # aiograpi raises CommentsDisabled for any answer carrying this flag.
    return {"comments_disabled": True, "comments": []} if media.comments_disabled else None


@route("GET", "media/{media_id}/comments/")
@route("POST", "media/{media_id}/comments/")
def media_comments(req: EmRequest) -> dict:
    """Newest first; `min_id` is where the previous answer stopped (aiograpi sends it as a form)."""
    media = _media(req)
    if disabled := _disabled(media):
        return disabled
    comments, next_min_id = req.world.media.comments_page(media, req.field("min_id") or None, COMMENTS_PAGE)
    answer = {
        "comments": _comments(req, comments),
        "comment_count": req.world.media.comment_count(media),
        "has_more_headload_comments": next_min_id is not None,
        "has_more_comments": False,
        "caption_is_edited": False,
    }
    if next_min_id:
        answer["next_min_id"] = next_min_id
    return answer


@route("GET", "media/{media_id}/stream_comments/")
def media_stream_comments(req: EmRequest) -> dict:
    media = _media(req)
    if disabled := _disabled(media):
        return disabled
    comments, next_min_id, next_max_id = req.world.media.comments_stream(
        media, req.field("min_id") or None, req.field("max_id") or None, COMMENTS_PAGE
    )
    answer = {
        "comments": _comments(req, comments),
        "comment_count": req.world.media.comment_count(media),
        "has_more_comments": next_max_id is not None,
    }
    if next_min_id:
        answer["next_min_id"] = next_min_id
    if next_max_id:
        answer["next_max_id"] = next_max_id
    return answer


@route("GET", "media/{media_id}/comments/{comment_id}/inline_child_comments/")
@route("POST", "media/{media_id}/comments/{comment_id}/inline_child_comments/")
def comment_replies(req: EmRequest) -> dict:
    media = _media(req)
    parent = req.world.media.comment_of(media, req.params["comment_id"])
    replies, cursor = req.world.media.comments_page(
        media, req.field("min_id") or None, REPLIES_PAGE, parent.pk
    )
    answer = {
        "parent_comment": builders.comment_v1(req.world, parent, req.viewer_pk),
        "child_comments": _comments(req, replies),
        "child_comment_count": req.world.media.reply_count(parent),
        "has_more_head_child_comments": cursor is not None,
        "has_more_tail_child_comments": False,
    }
    if cursor:
        answer["next_min_child_cursor"] = cursor
    return answer


@route("POST", "media/{media_id}/comment/")
def media_comment(req: EmRequest) -> dict:
    world = req.world
    media = _media(req)
    if disabled := _disabled(media):
        return disabled
    text = req.field("comment_text").strip()
    if not text:
        raise errors.bad_request("Your comment is empty")
    parent_pk = req.field("replied_to_comment_id") or None
    if parent_pk:
        parent = world.media.comment_of(media, parent_pk)
        parent_pk = parent.parent_pk or parent.pk  # a reply to a reply joins the top-level thread
    comment = world.media.add_comment(media, req.viewer_pk, text, parent_pk)
    return {"comment": builders.comment_v1(world, comment, req.viewer_pk)}


@route("POST", "media/{media_id}/comment/bulk_delete/")
def comment_bulk_delete(req: EmRequest) -> dict:
    media = _media(req)
    pks = [pk.strip() for pk in req.field("comment_ids_to_delete").split(",") if pk.strip()]
    comments = [req.world.media.comment_of(media, pk) for pk in pks]
    for comment in comments:
        req.world.media.delete_comment(comment, req.viewer_pk)
    return {}


@route("POST", "media/comment/check_offensive_comment/")
def check_offensive_comment(req: EmRequest) -> dict:
    _media(req, req.field("media_id"))
    words = {w.strip(".,!?").lower() for w in req.field("comment_text").split()}
    offensive = bool(words & OFFENSIVE_WORDS)
    return {"is_offensive": offensive, "bully_classifier": 0.97 if offensive else 0.02, "text_language": "en"}


@route("GET", "media/comment_infos/")
def comment_infos(req: EmRequest) -> dict:
    """Counts and the newest comments per media; ids this viewer cannot see are left out."""
    infos = {}
    for media_id in (m.strip() for m in req.field("media_ids").split(",")):
        try:
            media = _media(req, media_id)
        except errors.UpstreamError:
            continue
        edges = req.world.media.comment_edges(media)
        infos[media_id] = {
            "comment_count": req.world.media.comment_count(media),
            "comment_likes_enabled": True,
            "caption_is_edited": False,
            "has_more_comments": len(edges) > PREVIEW_COMMENTS,
            "has_more_headload_comments": False,
            "can_view_more_preview_comments": len(edges) > PREVIEW_COMMENTS,
            "preview_comments": _comments(req, [c for _, c in edges[:PREVIEW_COMMENTS]]),
        }
    return {"comment_infos": infos}


def _comment_like(req: EmRequest, on: bool) -> dict:
    comment = req.world.media.get_comment(req.params["comment_pk"])
    _media(req, comment.media_pk)
    req.world.media.like_comment(comment, req.viewer_pk, on)
    return {}


@route("POST", "media/{comment_pk}/comment_like/")
def comment_like(req: EmRequest) -> dict:
    return _comment_like(req, True)


@route("POST", "media/{comment_pk}/comment_unlike/")
def comment_unlike(req: EmRequest) -> dict:
    return _comment_like(req, False)


def _comment_pin(req: EmRequest, on: bool) -> dict:
    media = req.world.media.owned(req.params["media_id"], req.viewer_pk)
    comment = req.world.media.comment_of(media, req.params["comment_pk"])
    req.world.media.pin_comment(media, comment, on)
    return {}


@route("POST", "media/{media_id}/pin_comment/{comment_pk}")
def comment_pin(req: EmRequest) -> dict:
    return _comment_pin(req, True)


@route("POST", "media/{media_id}/unpin_comment/{comment_pk}")
def comment_unpin(req: EmRequest) -> dict:
    return _comment_pin(req, False)


@route("GET", "/graphql/query/", host=WWW, selector=("query_hash", COMMENT_LIKERS_QUERY_HASH))
def comment_likers_gql(req: EmRequest) -> dict:
    """Newest like first, `first` per page from `after`; an unknown comment is `null`, as on www."""
    variables = req.json_field("variables")
    try:
        comment = req.world.media.get_comment(variables.get("comment_id", ""))
        _media(req, comment.media_pk)
    except errors.UpstreamError:
        return {"data": {"comment": None}}
    edges = sorted(((seq, pk) for pk, seq in comment.likes.items()), reverse=True)
    pks, cursor = page(edges, variables.get("after") or None, int(variables.get("first") or 50))
    users = [req.world.users.get(pk) for pk in pks]
    return {
        "data": {
            "comment": {
                "id": comment.pk,
                "edge_liked_by": {
                    "count": len(edges),
                    "page_info": {"has_next_page": cursor is not None, "end_cursor": cursor},
                    "edges": [
                        {
                            "node": {
                                "id": u.pk,
                                "username": u.username,
                                "full_name": u.full_name,
                                "profile_pic_url": u.profile_pic_url,
                                "is_private": u.is_private,
                                "is_verified": u.is_verified,
                            }
                        }
                        for u in users
                    ],
                },
            }
        }
    }
