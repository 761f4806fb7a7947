"""Making and editing highlights: a title, a cover (one of its stories or an uploaded picture)
and the owner's stories it keeps, in the order they were posted.

The highlights themselves live in `Stories.highlights` beside the stories they point at.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.files import MediaFiles, image_size
from aiograpi_rest.emulator.world.media import PHOTO, MediaStore
from aiograpi_rest.emulator.world.stories import Highlight, Stories, Story
from aiograpi_rest.emulator.world.uploads import IMAGE, Uploads

# Instagram's messages; the gateway maps the last three to 422s and a 409.
NOT_FOUND = "Highlight not found"
NOT_IN_HIGHLIGHT = "is not in this highlight"
NOT_A_COVER = "is none of the highlight's stories"
LAST_STORY = "A highlight keeps at least one story"


def _crop(value: object) -> list[float]:
    """A crop rectangle (x1, y1, x2, y2 from 0 to 1), as a list or the JSON text of one."""
    try:
        crop = [float(v) for v in (json.loads(value) if isinstance(value, str) else value)]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise errors.bad_request("crop_rect must be four numbers") from None
    if len(crop) != 4 or not all(0 <= v <= 1 for v in crop):
        raise errors.bad_request("crop_rect must be four numbers between 0 and 1")
    return crop


class Highlights:
    def __init__(self, stories: Stories, media: MediaStore, uploads: Uploads, files: MediaFiles) -> None:
        self._stories = stories
        self._media = media
        self._uploads = uploads
        self._files = files

    def owned(self, highlight_id: str, owner_pk: str | None) -> Highlight:
        """The viewer's own highlight; anyone else's does not exist for an edit."""
        try:
            highlight = self._stories.get_highlight(highlight_id)
        except errors.UpstreamError:
            raise errors.fail(404, NOT_FOUND) from None
        if highlight.owner_pk != owner_pk:
            raise errors.fail(404, NOT_FOUND)
        return highlight

    def create(
        self, owner_pk: str, title: str, media_ids: list[str], cover_media_id: str | None, crop_rect: object
    ) -> Highlight:
        title = title.strip()
        if not title:
            raise errors.bad_request("A highlight needs a title")
        stories = self._own_stories(owner_pk, media_ids)
        if not stories:
            raise errors.bad_request("A highlight needs at least one story")
        cover_pk = str(cover_media_id or stories[0].pk).split("_", 1)[0]
        if cover_pk not in {s.pk for s in stories}:
            raise errors.bad_request(f"The cover {cover_media_id} {NOT_A_COVER}")
        crop = _crop(crop_rect) if crop_rect is not None else None
        highlight = self._stories.add_highlight(owner_pk, title, self._ordered(stories), int(time.time()))
        highlight.cover_story_pk = cover_pk
        if crop is not None:
            highlight.crop_rect = crop
        return highlight

    def edit(
        self,
        highlight: Highlight,
        *,
        title: str = "",
        cover: dict | None = None,
        added: Sequence[str] = (),
        removed: Sequence[str] = (),
    ) -> Highlight:
        """Every change is checked before any is made, so a refused edit changes nothing."""
        owner_pk = highlight.owner_pk
        adding = [s for s in self._own_stories(owner_pk, added) if s.pk not in highlight.story_pks]
        removing = {str(m).split("_", 1)[0] for m in removed}
        missing = sorted(removing - set(highlight.story_pks))
        if missing:
            raise errors.bad_request(f"Media {missing[0]} {NOT_IN_HIGHLIGHT}")
        stories = [self._stories.stories[pk] for pk in highlight.story_pks if pk not in removing] + adding
        if not stories:
            raise errors.bad_request(LAST_STORY)
        set_cover = self._checked_cover(highlight, cover, stories) if cover else None
        if title.strip():
            highlight.title = title.strip()
        highlight.story_pks = self._ordered(stories)
        if highlight.cover_story_pk not in highlight.story_pks:
            highlight.cover_story_pk = highlight.story_pks[0]
        if set_cover is not None:
            set_cover()
        return highlight

    def delete(self, highlight: Highlight) -> None:
        del self._stories.highlights[highlight.pk]

    def _own_stories(self, owner_pk: str, media_ids: Sequence[str]) -> list[Story]:
        stories = []
        for media_id in media_ids:
            pk, _, owner = str(media_id).partition("_")
            story = self._stories.stories.get(pk)
            if story is None or story.deleted or story.owner_pk != owner_pk or owner not in ("", owner_pk):
                raise errors.media_not_found()
            if story not in stories:
                stories.append(story)
        return stories

    @staticmethod
    def _ordered(stories: list[Story]) -> list[str]:
        return [s.pk for s in sorted(stories, key=lambda s: (s.taken_at, int(s.pk)))]

    def _checked_cover(self, highlight: Highlight, cover: dict, stories: list[Story]) -> Callable[[], None]:
        """Setting `cover`, to run once every other change is known to be fine."""
        owner_pk = highlight.owner_pk
        crop = _crop(cover["crop_rect"]) if cover.get("crop_rect") is not None else [0.0, 0.0, 1.0, 1.0]
        if cover.get("upload_id"):
            upload = self._uploads.peek(cover["upload_id"], owner_pk, IMAGE)
            width, height = image_size(upload.data)

            def picture() -> None:
                self._uploads.take(upload.upload_id, owner_pk, IMAGE)
                resource = self._media.new_resource(PHOTO, width=width, height=height)
                self._files.keep(resource.pk, IMAGE, upload.data)
                highlight.cover_image_pk, highlight.crop_rect = resource.pk, crop

            return picture
        pk = str(cover.get("media_id") or "").split("_", 1)[0]
        if pk not in {s.pk for s in stories}:
            raise errors.bad_request(f"The cover {pk or '(none)'} {NOT_A_COVER}")

        def story() -> None:
            highlight.cover_story_pk, highlight.cover_image_pk, highlight.crop_rect = pk, None, crop

        return story
