"""Turning an upload into a story (`media/configure_to_story/`), with the tap models it carries.

A photo story uses the uploaded photo; a video story only its video (Instagram cuts the cover
itself, `extract_cover_frame`). The bytes are kept for the CDN, so a download returns them as
uploaded. A story sent to Direct threads (`thread_ids`) becomes a message in each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.files import image_size, video_info
from aiograpi_rest.emulator.world.media import PHOTO, VIDEO, Frames
from aiograpi_rest.emulator.world.stories import Story
from aiograpi_rest.emulator.world.uploads import IMAGE
from aiograpi_rest.emulator.world.uploads import VIDEO as VIDEO_KIND

if TYPE_CHECKING:
    from aiograpi_rest.emulator.world import World

MAX_CAPTION = 2200
MAX_MENTIONS = 20


@dataclass
class Decorations:
    """What a story's tap models say: who is mentioned, which tags, place and link it shows."""

    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    location_pk: str | None = None
    link: str | None = None
    stickers: list[dict[str, Any]] = field(default_factory=list)


def decorations(world: World, tap_models: list[Any]) -> Decorations:
    """The tap models aiograpi sends, checked as Instagram would: known users and places,
    positions inside the frame."""
    found = Decorations()
    for model in tap_models:
        if not isinstance(model, dict):
            raise errors.bad_request("tap_models must be a list of objects")
        for axis in ("x", "y"):
            if not 0 <= float(model.get(axis) or 0) <= 1:
                raise errors.bad_request("A sticker's position must be between 0 and 1")
        kind = model.get("type")
        if kind == "mention":
            found.mentions.append(world.users.get(str(model.get("user_id"))).pk)
        elif kind == "hashtag":
            found.hashtags.append(world.tags.hashtag(str(model.get("tag_name")), create=True).name)
        elif kind == "location":
            found.location_pk = _location_pk(world, str(model.get("location_id") or ""))
        elif kind == "story_link":
            found.link = str(model.get("url") or "")
        else:
            found.stickers.append(model)
    if len(found.mentions) > MAX_MENTIONS:
        raise errors.bad_request(f"A story can mention up to {MAX_MENTIONS} people")
    return found


def _location_pk(world: World, location_id: str) -> str:
    """aiograpi's `location_story_sticker_id`: the place's external (Facebook) id, else its pk."""
    for location in world.tags.locations.values():
        if location_id in (str(location.external_id), location.pk):
            return location.pk
    raise errors.fail(404, "Location not found")


def post_story(
    world: World,
    owner_pk: str,
    upload_id: str,
    *,
    video: bool,
    caption: str,
    decorated: Decorations,
    thread_ids: list[str],
) -> Story:
    if len(caption) > MAX_CAPTION:
        raise errors.bad_request(f"The caption is longer than {MAX_CAPTION} characters")
    for thread_id in thread_ids:
        if owner_pk not in world.direct.get(thread_id).user_pks:
            raise errors.fail(403, "You are not in this thread")
    upload = world.uploads.take(upload_id, owner_pk, VIDEO_KIND if video else IMAGE)
    if video:
        info = video_info(upload.data)
        frames = Frames(
            width=info.width,
            height=info.height,
            video_width=info.width,
            video_height=info.height,
            video_duration=info.duration,
        )
    else:
        width, height = image_size(upload.data)
        frames = Frames(width=width, height=height)
    story = world.stories.add(
        owner_pk,
        VIDEO if video else PHOTO,
        caption=caption,
        frames=frames,
        mentions=decorated.mentions,
        hashtags=decorated.hashtags,
        location_pk=decorated.location_pk,
        link=decorated.link,
        stickers=decorated.stickers,
        thread_ids=list(thread_ids),
    )
    world.files.keep(story.pk, VIDEO_KIND if video else IMAGE, upload.data)
    for thread_id in thread_ids:
        world.direct.send(
            world.direct.get(thread_id), owner_pk, caption, item_type="media", story_pk=story.pk
        )
    return story
