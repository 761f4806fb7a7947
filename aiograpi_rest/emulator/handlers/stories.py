"""Stories: posting one (and to Direct), www's reels query, likes, viewers, the archive, stickers."""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.paging import page
from aiograpi_rest.emulator.world.stories import Story
from aiograpi_rest.emulator.world.story_posts import decorations, post_story

USERS_STORIES_QUERY_HASH = "303a4ae99711322310f25250d988f3b7"
VIEWERS_PAGE = 50
ARCHIVE_DAYS_PAGE = 20
# The static sticker tray's sections (the app's defaults): ids the stickers of an upload may name.
STICKER_TRAY = ("location_sticker", "mention_sticker", "hashtag_sticker", "link_sticker_default", "poll")


def _json(value: Any, name: str) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value) if value else None
    except ValueError:
        raise errors.bad_request(f"{name} must be JSON") from None


def live_stories(world: World, owner_pk: str, viewer_pk: str | None) -> list[Story]:
    """The owner's live stories the viewer may see (close-friends ones only to close friends)."""
    return [
        s
        for s in world.stories.of(owner_pk)
        if not s.close_friends_only
        or viewer_pk == owner_pk
        or world.social.is_close_friend(owner_pk, viewer_pk or "")
    ]


def visible_story(req: EmRequest, story_id: str) -> Story:
    story = req.world.stories.get(story_id)
    if req.viewer_pk not in (story.owner_pk, *recipients(req.world, story)):
        req.world.require_view(req.viewer_pk, req.world.users.get(story.owner_pk))
    return story


def recipients(world: World, story: Story) -> list[str]:
    """Who the story was sent to, when it went to Direct threads."""
    return [pk for thread_id in story.thread_ids for pk in world.direct.get(thread_id).user_pks]


@route("POST", "media/configure_to_story/")
def configure_to_story(req: EmRequest) -> dict:
    """A photo story, or with `?video=1` a video one; `thread_ids` sends it to Direct threads."""
    upload_id = req.field("upload_id")
    if not upload_id:
        raise errors.bad_request("upload_id is required")
    tap_models = _json(req.form.get("tap_models"), "tap_models") or []
    thread_ids = [str(t) for t in _json(req.form.get("thread_ids"), "thread_ids") or []]
    story = post_story(
        req.world,
        req.viewer_pk or "",
        upload_id,
        video=req.query.get("video") == "1",
        caption=req.field("caption"),
        decorated=decorations(req.world, tap_models if isinstance(tap_models, list) else [tap_models]),
        thread_ids=thread_ids,
    )
    if thread_ids:
        sent = [
            builders.direct_message(req.world, thread, thread.messages[-1])
            for thread in (req.world.direct.get(t) for t in thread_ids)
        ]
        return {"message_metadata": sent, "upload_id": upload_id}
    return {"media": builders.story_v1(req.world, story, req.viewer_pk), "upload_id": upload_id}


@route("POST", "media/validate_reel_url/")
def validate_reel_url(req: EmRequest) -> dict:
    if not req.field("url").startswith(("http://", "https://")):
        raise errors.bad_request("Enter a valid link")
    return {}


@route("GET", "/graphql/query/", host=WWW, selector=("query_hash", USERS_STORIES_QUERY_HASH))
def users_stories_gql(req: EmRequest) -> dict:
    """`reel_ids`: users whose live stories the viewer may see; users without any are left out."""
    world, reels = req.world, []
    for pk in req.json_field("variables").get("reel_ids") or []:
        owner = world.users.by_pk.get(str(pk))
        if owner is None or not world.can_view(req.viewer_pk, owner):
            continue
        stories = live_stories(world, owner.pk, req.viewer_pk)
        if stories:
            reels.append(builders.reel_gql(world, owner.pk, stories))
    return {"data": {"reels_media": reels}, "status": "ok"}


def _like(req: EmRequest, on: bool) -> dict:
    story = visible_story(req, req.field("media_id"))
    req.world.stories.like(story, req.viewer_pk or "", on)
    return {}


@route("POST", "story_interactions/send_story_like")
def story_like(req: EmRequest) -> dict:
    return _like(req, True)


@route("POST", "story_interactions/unsend_story_like")
def story_unlike(req: EmRequest) -> dict:
    return _like(req, False)


@route("GET", "media/{story_pk}/list_reel_media_viewer/")
def story_viewers(req: EmRequest) -> dict:
    """Only the owner reads them, the latest viewer first, 50 a page."""
    world = req.world
    story = world.stories.get(req.params["story_pk"])
    if story.owner_pk != req.viewer_pk:
        raise errors.fail(403, "You cannot see who viewed this story")
    pks, next_max_id = page(world.stories.viewer_edges(story), req.query.get("max_id"), VIEWERS_PAGE)
    viewers = [
        {"user": builders.user_short(world.users.get(pk)), "has_liked": pk in story.likes} for pk in pks
    ]
    answer: dict[str, Any] = {"viewers": viewers, "user_count": len(story.viewers)}
    if next_max_id:
        answer["next_max_id"] = next_max_id
    return answer


@route("GET", "archive/reel/day_shells_paginated/")
def archive_days(req: EmRequest) -> dict:
    """The viewer's archive days, the latest first; `max_id` is the last day already given."""
    days = req.world.stories.archive_days(req.viewer_pk or "")
    if req.query.get("reel_id"):
        days = {k: v for k, v in days.items() if k == req.query["reel_id"]}
    ids = list(days)
    start = ids.index(req.query["max_id"]) + 1 if req.query.get("max_id") in days else 0
    if req.query.get("max_id") and not start:
        raise errors.bad_request(f"Invalid max_id {req.query['max_id']}")
    chunk = ids[start : start + ARCHIVE_DAYS_PAGE]
    more = start + len(chunk) < len(ids)
    return {
        "items": [builders.archive_day_v1(day, days[day]) for day in chunk],
        "max_id": chunk[-1] if more else None,
        "more_available": more,
    }


@route("POST", "feed/reels_media_stream/")
def archive_reels(req: EmRequest) -> dict:
    """The stories of the archive days named in `reel_ids`."""
    world = req.world
    days = world.stories.archive_days(req.viewer_pk or "")
    reels = {}
    for day in _json(req.form.get("reel_ids"), "reel_ids") or []:
        if day in days:
            items = [builders.story_v1(world, s, req.viewer_pk) for s in days[day]]
            reels[day] = {"id": day, "reel_type": "archive_day_reel", "items": items}
    return {"reels": reels}


@route("POST", "creatives/sticker_tray/")
def sticker_tray(req: EmRequest) -> dict:
    stickers = [{"id": sticker_id, "type": sticker_id, "name": sticker_id} for sticker_id in STICKER_TRAY]
    return {"static_stickers": [{"id": "default", "stickers": stickers}], "version": 1}
