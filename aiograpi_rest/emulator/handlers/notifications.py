"""The activity inbox (`news/inbox/`), derived from the world, and notification settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiograpi_rest.emulator import builders
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import Comment, Media

MAX_STORIES = 100
# Instagram's `story_type` per activity, and its `type` (3: about you, 1: about your post).
STORY_TYPES = {"follow": (101, 3), "like": (60, 1), "comment": (12, 1)}


@dataclass
class Event:
    kind: str
    key: str
    actor_pk: str
    media: Media | None = None
    comment: Comment | None = None


def _events(world: World, viewer: str) -> list[Event]:
    """Who followed the viewer, liked or commented on the viewer's posts: as the world is now."""
    events = [Event("follow", f"follow:{pk}:{seq}", pk) for seq, pk in world.social.follower_edges(viewer)]
    for media in world.media.by_owner(viewer):
        events += [
            Event("like", f"like:{media.pk}:{pk}:{seq}", pk, media)
            for seq, pk in world.media.liker_edges(media)
            if pk != viewer
        ]
        events += [
            Event("comment", f"comment:{c.pk}", c.user_pk, media, c)
            for c in world.media.comments.values()
            if c.media_pk == media.pk and not c.deleted and c.user_pk != viewer
        ]
    return events


def _story(world: World, event: Event, timestamp: float) -> dict[str, Any]:
    actor = world.users.get(event.actor_pk)
    text = {
        "follow": f"{actor.username} started following you.",
        "like": f"{actor.username} liked your post.",
        "comment": f"{actor.username} commented: {event.comment.text if event.comment else ''}",
    }[event.kind]
    args: dict[str, Any] = {
        "text": text,
        "profile_id": int(actor.pk),
        "profile_name": actor.username,
        "profile_image": actor.profile_pic_url,
        "timestamp": timestamp,
        "tuuid": event.key,
    }
    if event.media is not None:
        image = builders.media_v1(world, event.media)["image_versions2"]["candidates"][-1]["url"]
        args["media"] = [{"id": event.media.id, "image": image}]
    if event.comment is not None:
        args["comment_id"] = int(event.comment.pk)
    story_type, kind = STORY_TYPES[event.kind]
    return {"story_type": story_type, "type": kind, "pk": event.key, "args": args, "counts": {}}


@route("GET", "news/inbox/")
def news_inbox(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk
    seen = world.account.seen_by(viewer)
    stamped = []
    for event in _events(world, viewer):
        tick, shown_at = world.account.stamp(event.key)
        stamped.append((event.comment.created_at if event.comment else shown_at, tick, event))
    stamped.sort(key=lambda s: (s[0], s[1]), reverse=True)
    new = [s for s in stamped if s[1] > seen.inbox_tick]
    old = [s for s in stamped if s[1] <= seen.inbox_tick][:MAX_STORIES]
    counts = {kind: sum(1 for _, _, e in new if e.kind == kind) for kind in STORY_TYPES}
    answer = {
        "counts": {
            "relationships": counts["follow"],
            "likes": counts["like"],
            "comments": counts["comment"],
            "requests": len(world.social.request_edges(viewer)),
        },
        "new_stories": [_story(world, e, ts) for ts, _, e in new],
        "old_stories": [_story(world, e, ts) for ts, _, e in old],
        "partition": {"time_bucket": {"headers": ["New", "Earlier"], "indices": [0, len(new)]}},
        "priority_stories": [],
        "is_last_page": True,
        "continuation_token": None,
    }
    if req.field("mark_as_seen").lower() in ("true", "1"):
        world.account.mark_inbox_seen(viewer)
    return answer


@route("POST", "notifications/change_notification_settings/")
def change_notification_settings(req: EmRequest) -> dict:
    req.world.account.set_notification(req.viewer_pk, req.field("content_type"), req.field("setting_value"))
    return {}
