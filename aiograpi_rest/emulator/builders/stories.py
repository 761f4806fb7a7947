"""Stories, highlights and guides."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.media import (
    image_url,
    image_versions,
    location_v1,
    media_v1,
    video_url,
    video_versions,
)
from aiograpi_rest.emulator.builders.tags import hashtag_v1
from aiograpi_rest.emulator.builders.users import user_short
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.ids import shortcode
from aiograpi_rest.emulator.world.media import VIDEO
from aiograpi_rest.emulator.world.profiles import Guide
from aiograpi_rest.emulator.world.stories import Highlight, Story


def story_v1(world: World, story: Story, viewer_pk: str | None = None) -> Json:
    """`extract_story_v1`."""
    data: Json = {
        "pk": int(story.pk),
        "id": story.id,
        "code": shortcode(story.pk),
        "taken_at": story.taken_at,
        "media_type": story.media_type,
        "product_type": "story",
        "user": user_short(world.users.get(story.owner_pk)),
        "image_versions2": image_versions(story.pk, story.frames.width, story.frames.height),
        "original_width": story.frames.width,
        "original_height": story.frames.height,
        "caption": {"text": story.caption} if story.caption else None,
        "reel_mentions": [
            {"user": user_short(world.users.get(pk)), "x": 0.5, "y": 0.5, "width": 0.3, "height": 0.1}
            for pk in story.mentions
        ],
        "story_hashtags": [
            {"hashtag": hashtag_v1(world.tags.hashtag(name, create=True)), "x": 0.5, "y": 0.3}
            for name in story.hashtags
        ],
        "story_locations": [
            {"location": location_v1(world.tags.location(story.location_pk)), "x": 0.5, "y": 0.7}
        ]
        if story.location_pk
        else [],
        "story_cta": [{"links": [{"webUri": story.link}]}] if story.link else [],
        "viewer_count": len(story.viewers),
        "has_liked": bool(viewer_pk) and viewer_pk in story.likes,
        "audience": "besties" if story.close_friends_only else None,
    }
    if story.media_type == VIDEO:
        frames = story.frames
        data["video_versions"] = video_versions(story.pk, frames.video_width, frames.video_height)
        data["video_duration"] = frames.video_duration or 10.0
    return data


def story_gql(world: World, story: Story) -> Json:
    """`extract_story_gql`: a story as www's reels query gives it."""
    frames = story.frames
    data: Json = {
        "id": story.pk,
        "__typename": "GraphStoryVideo" if story.media_type == VIDEO else "GraphStoryImage",
        "taken_at_timestamp": story.taken_at,
        "expiring_at_timestamp": story.taken_at + 24 * 3600,
        "is_video": story.media_type == VIDEO,
        "owner": {"id": story.owner_pk, "username": world.users.get(story.owner_pk).username},
        "display_url": image_url(story.pk, frames.width, frames.height),
        "display_resources": [
            {"src": c["url"], "config_width": c["width"], "config_height": c["height"]}
            for c in image_versions(story.pk, frames.width, frames.height)["candidates"]
        ],
        "tappable_objects": [
            {"__typename": "GraphTappableMention", **_gql_user(world, pk), "x": 0.5, "y": 0.5}
            for pk in story.mentions
        ],
        "story_cta_url": story.link,
        "edge_media_to_sponsor_user": {"edges": []},
    }
    if story.media_type == VIDEO:
        data["video_duration"] = frames.video_duration or 10.0
        data["video_resources"] = [
            {
                "src": video_url(story.pk, frames.video_width, frames.video_height),
                "config_width": frames.video_width,
                "config_height": frames.video_height,
            }
        ]
    return data


def _gql_user(world: World, pk: str) -> Json:
    user = world.users.get(pk)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "profile_pic_url": user.profile_pic_url,
        "is_private": user.is_private,
    }


def reel_gql(world: World, owner_pk: str, stories: list[Story]) -> Json:
    """One user's reel in www's `reels_media` (`users_stories_gql`)."""
    return {
        "id": owner_pk,
        "__typename": "GraphReel",
        "latest_reel_media": stories[-1].taken_at if stories else 0,
        "owner": {"__typename": "GraphUser", **_gql_user(world, owner_pk)},
        "items": [story_gql(world, s) for s in stories],
    }


def archive_day_v1(day_id: str, stories: list[Story]) -> Json:
    """`extract_story_archive_day`: one day of the story archive."""
    return {
        "id": day_id,
        "timestamp": int(day_id.split(":", 1)[1]),
        "media_count": len(stories),
        "reel_type": "archive_day_reel",
        "latest_reel_media": stories[-1].taken_at,
    }


def highlight_v1(world: World, highlight: Highlight, viewer_pk: str | None = None) -> Json:
    """`extract_highlight_v1`."""
    items = [world.stories.stories[pk] for pk in highlight.story_pks if pk in world.stories.stories]
    cover = world.media.resources.get(highlight.cover_image_pk or "")
    if cover is not None:  # an uploaded cover picture, at its own size
        cover_url = image_versions(cover.pk, cover.width, cover.height)["candidates"][0]["url"]
    else:
        cover_url = image_versions(highlight.cover_story_pk or highlight.pk)["candidates"][-1]["url"]
    return {
        "id": highlight.id,
        "title": highlight.title,
        "created_at": highlight.created_at,
        "latest_reel_media": max((s.taken_at for s in items), default=highlight.created_at),
        "media_count": len(items),
        "is_pinned_highlight": highlight.is_pinned,
        "user": user_short(world.users.get(highlight.owner_pk)),
        "cover_media": {
            "cropped_image_version": {"url": cover_url},
            "crop_rect": highlight.crop_rect,
            "media_id": f"{highlight.cover_story_pk}_{highlight.owner_pk}"
            if highlight.cover_story_pk and cover is None
            else None,
        },
        "media_ids": [int(s.pk) for s in items],
        "items": [story_v1(world, s, viewer_pk) for s in items],
    }


def guide_v1(world: World, guide: Guide, viewer_pk: str | None = None) -> Json:
    """`extract_guide_v1`: a guide as the profile's guides tab lists it (its `summary`)."""
    medias = [world.media.medias[pk] for pk in guide.media_pks if pk in world.media.medias]
    live = [m for m in medias if not m.deleted and not m.archived]
    return {
        "summary": {
            "id": guide.id,
            "title": guide.title,
            "description": guide.description,
            "cover_media": media_v1(world, live[0], viewer_pk) if live else None,
            "owner": user_short(world.users.get(guide.owner_pk)),
            "num_items": len(live),
            "created_at": guide.created_at,
        }
    }
