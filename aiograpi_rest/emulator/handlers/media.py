"""Media: info (private and www GraphQL), likes, edits, delete, archive, saves, profile pins,
seen marks, oEmbed and notes on posts.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.handlers.stories import visible_story
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.ids import pk_from_shortcode

# The path segment before a shortcode in a post's URL.
POST_URL_KINDS = ("p", "reel", "reels", "tv")

MEDIA_INFO_QUERY_HASH = "477b65a610463740ccdb83135b2014db"
MEDIA_INFO_DOC_ID = "8845758582119845"


@route("GET", "media/{media_id}/info/")
def media_info(req: EmRequest) -> dict:
    """Posts, and live stories too (aiograpi's `media_id`, `story_info`, `story_download`)."""
    if req.params["media_id"].split("_", 1)[0] in req.world.stories.stories:
        item = builders.story_v1(req.world, visible_story(req, req.params["media_id"]), req.viewer_pk)
    else:
        item = builders.media_v1(
            req.world, req.world.visible_media(req.viewer_pk, req.params["media_id"]), req.viewer_pk
        )
    return {
        "items": [item],
        "num_results": 1,
        "more_available": False,
        "auto_load_more_enabled": False,
    }


def _shortcode_media(req: EmRequest) -> dict | None:
    code = req.json_field("variables").get("shortcode", "")
    try:
        media = req.world.visible_media(req.viewer_pk, pk_from_shortcode(code))
    except (ValueError, errors.UpstreamError):  # unknown, private or malformed: www answers null
        return None
    return builders.media_gql(req.world, media, req.viewer_pk)


@route("GET", "/graphql/query/", host=WWW, auth=False, selector=("query_hash", MEDIA_INFO_QUERY_HASH))
def media_info_gql(req: EmRequest) -> dict:
    return {"data": {"shortcode_media": _shortcode_media(req)}}


@route("POST", "/graphql/query/", host=WWW, selector=("doc_id", MEDIA_INFO_DOC_ID))
def media_info_doc_id(req: EmRequest) -> dict:
    return {"data": {"xdt_shortcode_media": _shortcode_media(req)}}


@route("POST", "media/{media_id}/like/")
def media_like(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.like(media, req.viewer_pk)
    return {}


@route("POST", "media/{media_id}/unlike/")
def media_unlike(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.unlike(media, req.viewer_pk)
    return {}


@route("GET", "media/{media_id}/likers/")
def media_likers(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    users = [req.world.users.get(pk) for _, pk in req.world.media.liker_edges(media)]
    return {"users": [builders.user_short(u) for u in users], "user_count": len(users)}


def _json(raw: Any, name: str) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw or "null")
    except ValueError:
        raise errors.bad_request(f"Invalid {name}") from None


def _usertags(req: EmRequest) -> tuple[list[tuple[str, float, float]], list[str]]:
    """`usertags` = {"in": [{"user_id", "position": [x, y]}], "removed": [user_id]}."""
    data = _json(req.form.get("usertags"), "usertags") or {}
    tags_in = []
    for tag in data.get("in", []):
        user = req.world.users.by_pk.get(str(tag.get("user_id")))
        if user is None:
            raise errors.invalid_target_user()
        x, y = tag.get("position") or (0.5, 0.5)
        tags_in.append((user.pk, float(x), float(y)))
    return tags_in, [str(pk) for pk in data.get("removed", [])]


def _place(world: World, raw: Any) -> str | None:
    """The location pk for aiograpi's `location` JSON; `{}` (none given) changes nothing.

    A Facebook place is matched by its id, else by name; an unknown one becomes a new location.
    """
    data = _json(raw, "location") or {}
    if not data.get("name"):
        return None
    places = world.tags.locations.values()
    external_id = data.get("facebook_places_id")
    found = next((loc for loc in places if external_id and str(loc.external_id) == str(external_id)), None)
    found = found or next((loc for loc in places if loc.name.lower() == data["name"].lower()), None)
    if found is None:
        found = world.tags.add_location(
            data["name"],
            address=data.get("address") or "",
            lat=float(data.get("lat") or 0.0),
            lng=float(data.get("lng") or 0.0),
            external_id=int(external_id) if str(external_id or "").isdigit() else None,
        )
    return found.pk


@route("POST", "media/{media_id}/edit_media/")
def media_edit(req: EmRequest) -> dict:
    world = req.world
    media = world.media.owned(req.params["media_id"], req.viewer_pk)
    tags_in, tags_removed = _usertags(req)
    world.media.edit(
        media,
        req.field("caption_text"),
        title=req.form.get("title"),
        tags_in=tags_in,
        tags_removed=tags_removed,
        location_pk=_place(world, req.form.get("location")),
    )
    return {"media": builders.media_v1(world, media, req.viewer_pk)}


@route("POST", "media/{media_id}/delete/")
def media_delete(req: EmRequest) -> dict:
    """Posts, and stories too: aiograpi's `story_delete` comes here."""
    world = req.world
    pk = req.params["media_id"].split("_", 1)[0]
    story = world.stories.stories.get(pk)
    if story is not None and not story.deleted:
        if story.owner_pk != req.viewer_pk:
            raise errors.fail(403, "You cannot delete this story")
        story.deleted = True
    else:
        media = world.media.owned(pk, req.viewer_pk)
        world.media.delete(media, world.users.get(media.owner_pk))
    return {"did_delete": True}


@route("POST", "media/{media_id}/only_me/")
def media_archive(req: EmRequest) -> dict:
    req.world.media.owned(req.params["media_id"], req.viewer_pk).archived = True
    return {}


@route("POST", "media/{media_id}/undo_only_me/")
def media_unarchive(req: EmRequest) -> dict:
    req.world.media.owned(req.params["media_id"], req.viewer_pk).archived = False
    return {}


def _collections(req: EmRequest) -> list[str]:
    """`added_collection_ids` = "[pk]": each must be one of the viewer's collections."""
    pks = [str(pk) for pk in _json(req.form.get("added_collection_ids"), "added_collection_ids") or []]
    for pk in pks:
        collection = req.world.media.collections.get(pk)
        if collection is None or collection.owner_pk != req.viewer_pk:
            raise errors.fail(404, "Collection not found")
    return pks


@route("POST", "media/{media_id}/save/")
def media_save(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.save(media, req.viewer_pk, _collections(req))
    return {}


@route("POST", "media/{media_id}/unsave/")
def media_unsave(req: EmRequest) -> dict:
    media = req.world.visible_media(req.viewer_pk, req.params["media_id"])
    req.world.media.unsave(media, req.viewer_pk, _collections(req))
    return {}


def _profile_pin(req: EmRequest, on: bool) -> dict:
    world = req.world
    media = world.media.owned(req.field("post_id"), req.viewer_pk)
    grid = "clips" if req.field("profile_grid") == "clips" else ""  # `clip_pin`: the reels tab
    (world.media.pin if on else world.media.unpin)(world.users.get(media.owner_pk), media, grid)
    return {}


@route("POST", "users/pin_timeline_media/")
def media_pin(req: EmRequest) -> dict:
    return _profile_pin(req, True)


@route("POST", "users/unpin_timeline_media/")
def media_unpin(req: EmRequest) -> dict:
    return _profile_pin(req, False)


@route("POST", "/api/v2/media/seen/")
def media_seen(req: EmRequest) -> dict:
    """`reels` = {"<pk>_<owner>_<owner>": ["<begin>_<end>"]}: posts, and stories (`story_seen`)."""
    world = req.world
    for key in _json(req.form.get("reels"), "reels") or {}:
        pk = str(key).split("_", 1)[0]
        story = world.stories.stories.get(pk)
        if story is not None and not story.deleted:
            world.stories.mark_seen(story, req.viewer_pk)
        else:
            world.media.mark_seen(world.visible_media(req.viewer_pk, pk), req.viewer_pk)
    return {}


@route("GET", "oembed")
def media_oembed(req: EmRequest) -> dict:
    parts = [p for p in urlsplit(req.field("url")).path.split("/") if p]
    codes = [code for kind, code in zip(parts, parts[1:], strict=False) if kind in POST_URL_KINDS]
    if not codes:
        raise errors.fail(404, "No media found at this URL")
    try:
        media = req.world.visible_media(req.viewer_pk, pk_from_shortcode(codes[0]))
    except ValueError:
        raise errors.fail(404, "No media found at this URL") from None
    return builders.media_oembed(req.world, media)


@route("POST", "media/create_note/v2/")
def media_note_create(req: EmRequest) -> dict:
    world = req.world
    media = world.visible_media(req.viewer_pk, req.field("media_id"))
    try:
        audience, style = int(req.field("audience", "7")), int(req.field("note_style", "13"))
    except ValueError:
        raise errors.bad_request("Invalid audience or note_style") from None
    note = world.media.add_note(media, req.viewer_pk, req.field("text"), audience, style)
    return {"note": builders.media_note_v1(world, note)}


@route("POST", "media/delete_note/")
def media_note_delete(req: EmRequest) -> dict:
    req.world.media.delete_note(req.field("note_id"), req.viewer_pk)
    return {}
