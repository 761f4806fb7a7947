"""Turning uploads into posts: a photo, a video (feed, IGTV, reel) or an album.

The sizes and durations of a post are read from the uploaded bytes (Pillow, PyAV), not taken
from what the configure call declares, as Instagram measures what it received. The bytes are
kept for the CDN (`world.files`), so a download returns exactly what was uploaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.world.files import MediaFiles, image_size, video_info
from aiograpi_rest.emulator.world.media import ALBUM, PHOTO, VIDEO, Media, MediaStore, Resource
from aiograpi_rest.emulator.world.tags import Tags
from aiograpi_rest.emulator.world.uploads import IMAGE, Upload, Uploads
from aiograpi_rest.emulator.world.uploads import VIDEO as VIDEO_KIND
from aiograpi_rest.emulator.world.users import Users

MIN_ALBUM_ITEMS, MAX_ALBUM_ITEMS = 2, 10
MAX_CAPTION = 2200
MAX_USERTAGS = 20


@dataclass
class PostFields:
    """What a configure call says about the post, besides its uploads."""

    caption: str = ""
    usertags: list[tuple[str, float, float]] = field(default_factory=list)
    location_pk: str | None = None
    track_id: str | None = None
    title: str = ""


class Publisher:
    def __init__(
        self, media: MediaStore, uploads: Uploads, files: MediaFiles, tags: Tags, users: Users
    ) -> None:
        self._media = media
        self._uploads = uploads
        self._files = files
        self._tags = tags
        self._users = users

    def photo(self, owner_pk: str, upload_id: str, post: PostFields) -> Media:
        self._check(post)
        image = self._uploads.peek(upload_id, owner_pk, IMAGE)
        width, height = image_size(image.data)
        self._take(owner_pk, upload_id, video=False)
        media = self._add(owner_pk, PHOTO, "feed", post, width=width, height=height)
        self._files.keep(media.pk, IMAGE, image.data)
        return media

    def video(self, owner_pk: str, upload_id: str, product_type: str, post: PostFields) -> Media:
        """A feed video, an IGTV video (`igtv`) or a reel (`clips`): the video and its cover."""
        self._check(post)
        video, cover, frames = self._video_upload(owner_pk, upload_id)
        self._take(owner_pk, upload_id, video=True)
        media = self._add(owner_pk, VIDEO, product_type, post, **frames)
        self._keep(media.pk, video, cover)
        return media

    def album(self, owner_pk: str, children: list[tuple[str, bool]], post: PostFields) -> Media:
        """`children`: (upload id, is video) in the order they are shown."""
        self._check(post)
        if not MIN_ALBUM_ITEMS <= len(children) <= MAX_ALBUM_ITEMS:
            raise errors.bad_request(
                f"An album holds {MIN_ALBUM_ITEMS} to {MAX_ALBUM_ITEMS} photos or videos"
            )
        if len({upload_id for upload_id, _ in children}) != len(children):
            raise errors.bad_request("An album item was sent twice")
        measured = []
        for upload_id, is_video in children:  # every item is checked before any is used
            if is_video:
                measured.append((VIDEO, *self._video_upload(owner_pk, upload_id)))
            else:
                image = self._uploads.peek(upload_id, owner_pk, IMAGE)
                width, height = image_size(image.data)
                measured.append((PHOTO, None, image, {"width": width, "height": height}))
        resources: list[Resource] = []
        for (upload_id, _), (media_type, video, cover, frames) in zip(children, measured, strict=True):
            resource = self._media.new_resource(media_type, **frames)
            self._keep(resource.pk, video, cover)
            self._take(owner_pk, upload_id, video=video is not None)
            resources.append(resource)
        return self._add(owner_pk, ALBUM, "carousel_container", post, resources=resources)

    def _video_upload(self, owner_pk: str, upload_id: str) -> tuple[Upload, Upload, dict]:
        video = self._uploads.peek(upload_id, owner_pk, VIDEO_KIND)
        try:
            cover = self._uploads.peek(upload_id, owner_pk, IMAGE)
        except errors.UpstreamError:
            raise errors.fail(400, "The video has no cover photo", error_type="upload_not_found") from None
        info = video_info(video.data)
        width, height = image_size(cover.data)
        frames = {
            "width": width,
            "height": height,
            "video_width": info.width,
            "video_height": info.height,
            "video_duration": info.duration,
        }
        return video, cover, frames

    def _take(self, owner_pk: str, upload_id: str, *, video: bool) -> None:
        self._uploads.take(upload_id, owner_pk, IMAGE)
        if video:
            self._uploads.take(upload_id, owner_pk, VIDEO_KIND)

    def _keep(self, key: str, video: Upload | None, cover: Upload) -> None:
        self._files.keep(key, IMAGE, cover.data)
        if video is not None:
            self._files.keep(key, VIDEO_KIND, video.data)

    def _add(self, owner_pk: str, media_type: int, product_type: str, post: PostFields, **fields) -> Media:
        media = self._media.add(
            owner_pk,
            media_type,
            product_type,
            caption=post.caption,
            hashtags=[t.lower() for t in re.findall(r"#(\w+)", post.caption)],
            usertags=list(post.usertags),
            location_pk=post.location_pk,
            track_id=post.track_id,
            title=post.title,
            **fields,
        )
        for tag in media.hashtags:
            self._tags.hashtag(tag, create=True)
        return media

    def _check(self, post: PostFields) -> None:
        if len(post.caption) > MAX_CAPTION:
            raise errors.bad_request(f"The caption is longer than {MAX_CAPTION} characters")
        if len(post.usertags) > MAX_USERTAGS:
            raise errors.bad_request(f"A post can tag up to {MAX_USERTAGS} people")
        for user_pk, x, y in post.usertags:
            self._users.get(user_pk)
            if not (0 <= x <= 1 and 0 <= y <= 1):
                raise errors.bad_request("A tag's position must be between 0 and 1")
        if post.location_pk is not None:
            self._tags.location(post.location_pk)
        if post.track_id is not None:
            self._tags.track(post.track_id)
