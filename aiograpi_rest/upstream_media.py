"""aiograpi's uploads and media fetches, run the gateway's way (mixed into `GatewayClient`).

aiograpi 1.0.9 waits on its own around uploads: a fixed `asyncio.sleep(3)` before each configure
of a photo or video, `configure_timeout` (3 s album, 10 s IGTV and reel) before each configure
attempt, and 10 s more after each "Transcode not finished yet." answer, up to 50 attempts. None of
that is configurable per client, and it would stack on the pool's pacing. Here:

- no wait before a configure, anywhere;
- a configure answered "Transcode not finished yet." (Instagram's 202) is tried again after the
  back-off of `UploadWaits`: against Instagram doubling from 1 s, at most 16 s a step, within
  `AIOGRAPI_REST_UPLOAD_TRANSCODE_WAIT` seconds in all; against the emulator the same number of
  tries with no wait. When they run out the upload fails with aiograpi's `…ConfigureError`;
- `photo_upload` and `video_upload` are the library's steps without its sleeps; album, IGTV and
  reel uploads run the library's own loop with `configure_timeout=0` and the retrying configure;
- a video without `thumbnail=` takes `<video path>.jpg` if it exists and is refused otherwise:
  aiograpi would import moviepy to cut one, which the gateway never does (album items give no
  way to pass one, so the gateway writes it there);
- story uploads (photo, video, and the video sent to Direct threads as a story) are the
  library's steps without its `sleep(3)` before each configure attempt, with the retrying
  configure, and a video story's caption is sent (aiograpi's configure drops it); the story aiograpi looks for after a configure without media is polled with
  `UploadWaits.feed_poll_delay`;
- `track_download_by_url`, `public_head`, share-link `media_pk_from_url`, and Direct video and
  voice uploads to `rupload.facebook.com/messenger_{video,audio}/` use a module-level httpx call
  in aiograpi that bypasses the client's sessions (so the emulator and the account's proxy);
  here they go through the routed `public` session (`_messenger_rupload` serves both kinds);
- a Direct video's size and length are read with PyAV (aiograpi falls back to moviepy).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlsplit

from aiograpi.exceptions import (
    AlbumConfigureError,
    ClientError,
    ClipConfigureError,
    IGTVConfigureError,
    PhotoConfigureError,
    PhotoConfigureStoryError,
    VideoConfigureError,
    VideoConfigureStoryError,
)

from aiograpi_rest.media.probe import probe

TRANSCODE_NOT_FINISHED = "Transcode not finished yet"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
FIRST_BACKOFF, MAX_BACKOFF = 1.0, 16.0
MESSENGER_RUPLOAD = "https://rupload.facebook.com/messenger_{kind}/{entity}"
# aiograpi's timeouts for the messenger upload's bytes (the offset question takes 30 s)
MESSENGER_POST_TIMEOUT = {"video": 300.0, "audio": 120.0}


@dataclass(frozen=True)
class UploadWaits:
    """The waits between configure attempts while Instagram transcodes, and after a configure
    answered without its media (while aiograpi looks for the post in the feed)."""

    delays: tuple[float, ...]  # one per retry: len(delays) + 1 attempts
    feed_poll_delay: float = 3.0

    @classmethod
    def backoff(cls, total: float) -> UploadWaits:
        """Doubling from 1 s, at most 16 s a step, adding up to `total` seconds (the last step is cut)."""
        delays: list[float] = []
        step, spent = FIRST_BACKOFF, 0.0
        while spent < total:
            delays.append(min(step, total - spent))
            spent += delays[-1]
            step = min(step * 2, MAX_BACKOFF)
        return cls(tuple(delays))

    def without_waiting(self) -> UploadWaits:
        """As many attempts, none waited for: the emulator transcodes at once."""
        return UploadWaits(tuple(0.0 for _ in self.delays), feed_poll_delay=0.0)


def _video_thumbnail(path: Path | str, thumbnail: Path | str | None) -> Path:
    if thumbnail is not None:
        return Path(thumbnail)
    beside = Path(f"{path}.jpg")
    if beside.is_file():
        return beside
    raise ValueError(
        f"a video upload needs thumbnail= (or a JPEG at {beside}): aiograpi would cut one with moviepy"
    )


def _with_caption(extra_data: dict | None, caption: str) -> dict:
    """aiograpi's video story configure never sends its `caption`: it goes in `extra_data`."""
    return {**(extra_data or {}), **({"caption": caption} if caption else {})}


class MediaClientMixin:
    """Upload and download overrides of aiograpi's Client; see the module's docstring."""

    configure_waits: list[float]  # the back-off waits this client's uploads took, in order

    @property
    def upload_waits(self) -> UploadWaits:
        return self._upstream.upload_waits  # type: ignore[attr-defined]

    async def _wait_for_transcode(self, delay: float) -> None:
        self.configure_waits.append(delay)
        if delay > 0:
            await asyncio.sleep(delay)

    async def _configure(self, configure: Callable[[], Awaitable[Any]], error: type[ClientError]) -> Any:
        """One configure call, tried again while Instagram answers "Transcode not finished yet."."""
        delays = self.upload_waits.delays
        for attempt in range(len(delays) + 1):
            try:
                configured = await configure()
            except ClientError as e:
                if TRANSCODE_NOT_FINISHED not in str(e):
                    raise
                configured = None
            if configured:
                return configured
            if attempt < len(delays):
                await self._wait_for_transcode(delays[attempt])
        # Not the transcode message: aiograpi's own loops would catch that and go round again.
        raise error(
            f"Instagram had not finished the upload after {len(delays) + 1} configure attempts "
            f"({sum(delays):g} s)",
            response=self.last_response,  # type: ignore[attr-defined]
        )

    # each configure retries on its own, so aiograpi's loops never see the transcode answer
    async def photo_configure(self, *args: Any, **kwargs: Any) -> dict:
        return await self._configure(
            lambda: super(MediaClientMixin, self).photo_configure(*args, **kwargs), PhotoConfigureError
        )

    async def video_configure(self, *args: Any, **kwargs: Any) -> dict:
        return await self._configure(
            lambda: super(MediaClientMixin, self).video_configure(*args, **kwargs), VideoConfigureError
        )

    async def album_configure(self, *args: Any, **kwargs: Any) -> dict:
        return await self._configure(
            lambda: super(MediaClientMixin, self).album_configure(*args, **kwargs), AlbumConfigureError
        )

    async def igtv_configure(self, *args: Any, **kwargs: Any) -> dict:
        return await self._configure(
            lambda: super(MediaClientMixin, self).igtv_configure(*args, **kwargs), IGTVConfigureError
        )

    async def clip_configure(self, *args: Any, **kwargs: Any) -> dict:
        return await self._configure(
            lambda: super(MediaClientMixin, self).clip_configure(*args, **kwargs), ClipConfigureError
        )

    async def photo_upload(
        self,
        path: Path,
        caption: str,
        upload_id: str = "",
        usertags: list | None = None,
        location: Any = None,
        extra_data: dict | None = None,
    ) -> Any:
        """aiograpi's `photo_upload` without its `sleep(3)` before each configure."""
        path = Path(path)
        if path.suffix.lower() not in PHOTO_SUFFIXES:
            raise ValueError("Invalid file format. Only JPG/JPEG/PNG/WEBP files are supported.")
        previous_media_ids = await self._current_media_ids()  # type: ignore[attr-defined]
        upload_id, width, height = await self.photo_rupload(path, upload_id)  # type: ignore[attr-defined]
        configured = await self.photo_configure(
            upload_id, width, height, caption, usertags or [], location, extra_data=extra_data or {}
        )
        await self.expose()  # type: ignore[attr-defined]
        return await self._extract_configured_media_or_recent(  # type: ignore[attr-defined]
            configured, PhotoConfigureError, "Photo upload", previous_media_ids
        )

    async def video_upload(
        self,
        path: Path,
        caption: str,
        thumbnail: Path | None = None,
        usertags: list | None = None,
        location: Any = None,
        extra_data: dict | None = None,
    ) -> Any:
        """aiograpi's `video_upload` without its `sleep(3)` and `sleep(10)`."""
        upload_id, width, height, duration, thumbnail = await self.video_rupload(Path(path), thumbnail)
        configured = await self.video_configure(
            upload_id,
            width,
            height,
            duration,
            thumbnail,
            caption,
            usertags or [],
            location,
            extra_data=extra_data or {},
        )
        await self.expose()  # type: ignore[attr-defined]
        return self._extract_configured_media_or_raise(  # type: ignore[attr-defined]
            configured, VideoConfigureError, "Video upload"
        )

    async def video_rupload(
        self, path: Path, thumbnail: Path | None = None, *args: Any, **kwargs: Any
    ) -> tuple:
        return await super().video_rupload(path, _video_thumbnail(path, thumbnail), *args, **kwargs)  # type: ignore[misc]

    async def album_upload(self, paths: list, caption: str, *args: Any, **kwargs: Any) -> Any:
        """Its video items take `<path>.jpg` as their cover (see `video_rupload`)."""
        kwargs["configure_timeout"] = 0
        return await super().album_upload(paths, caption, *args, **kwargs)  # type: ignore[misc]

    async def igtv_upload(
        self, path: Path, title: str, caption: str, thumbnail: Path | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        kwargs["configure_timeout"] = 0
        thumbnail = _video_thumbnail(path, thumbnail)
        return await super().igtv_upload(path, title, caption, thumbnail, *args, **kwargs)  # type: ignore[misc]

    async def clip_upload(
        self, path: Path, caption: str, thumbnail: Path | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        kwargs["configure_timeout"] = 0
        thumbnail = _video_thumbnail(path, thumbnail)
        return await super().clip_upload(path, caption, thumbnail, *args, **kwargs)  # type: ignore[misc]

    async def photo_upload_to_story(
        self, path: Path, caption: str = "", upload_id: str = "", **decorations: Any
    ) -> Any:
        """aiograpi's `photo_upload_to_story` without its `sleep(3)` before each configure."""
        upload_id, width, height = await self.photo_rupload(Path(path), upload_id, for_story=True)  # type: ignore[attr-defined]
        previous_story_ids = await self._current_story_ids()  # type: ignore[attr-defined]
        configured = await self._configure(
            lambda: self.photo_configure_to_story(upload_id, width, height, caption, **decorations),  # type: ignore[attr-defined]
            PhotoConfigureStoryError,
        )
        await self.expose()  # type: ignore[attr-defined]
        return await self._configured_story(
            configured, PhotoConfigureStoryError, previous_story_ids, decorations
        )

    async def video_upload_to_story(
        self, path: Path, caption: str = "", thumbnail: Path | None = None, **decorations: Any
    ) -> Any:
        """aiograpi's `video_upload_to_story` without its `sleep(3)` and `sleep(10)`, and with
        its caption sent (aiograpi's video configure leaves it out)."""
        upload_id, width, height, duration, thumbnail = await self.video_rupload(
            Path(path), thumbnail, to_story=True
        )
        previous_story_ids = await self._current_story_ids()  # type: ignore[attr-defined]
        extra_data = _with_caption(decorations.pop("extra_data", None), caption)
        configured = await self._configure(
            lambda: self.video_configure_to_story(  # type: ignore[attr-defined]
                upload_id, width, height, duration, thumbnail, caption, extra_data=extra_data, **decorations
            ),
            VideoConfigureStoryError,
        )
        await self.expose()  # type: ignore[attr-defined]
        return await self._configured_story(
            configured, VideoConfigureStoryError, previous_story_ids, decorations
        )

    async def video_upload_to_direct(
        self,
        path: Path,
        caption: str = "",
        thumbnail: Path | None = None,
        mentions: list | None = None,
        medias: list | None = None,
        thread_ids: list | None = None,
        extra_data: dict | None = None,
    ) -> Any:
        """aiograpi's `video_upload_to_direct` (a story sent to threads) without its sleeps."""
        if not thread_ids:
            raise ValueError("video_upload_to_direct needs thread_ids")
        upload_id, width, height, duration, thumbnail = await self.video_rupload(
            Path(path), thumbnail, to_story=True
        )
        configured = await self._configure(
            lambda: self.video_configure_to_story(  # type: ignore[attr-defined]
                upload_id,
                width,
                height,
                duration,
                thumbnail,
                caption,
                mentions=mentions or [],
                medias=medias or [],
                thread_ids=thread_ids,
                extra_data=_with_caption(extra_data, caption),
            ),
            VideoConfigureStoryError,
        )
        return self._extract_configured_direct_message_or_raise(  # type: ignore[attr-defined]
            configured, VideoConfigureStoryError, "Video direct upload"
        )

    async def _configured_story(
        self, configured: Any, error: type[ClientError], previous_story_ids: Any, decorations: dict
    ) -> Any:
        # aiograpi puts what was asked for on the story it answers (the configure answer lacks it)
        kinds = ("links", "mentions", "hashtags", "locations", "stickers", "medias", "polls")
        story_kwargs = {kind: decorations.get(kind) or [] for kind in kinds}
        return await self._extract_configured_story_or_recent(  # type: ignore[attr-defined]
            configured, error, "Story upload", previous_story_ids, story_kwargs
        )

    async def _new_story_after_upload(self, previous_story_ids: Any, attempts: int = 5, **kwargs: Any) -> Any:
        kwargs["delay"] = self.upload_waits.feed_poll_delay
        return await super()._new_story_after_upload(previous_story_ids, attempts, **kwargs)  # type: ignore[misc]

    def _direct_video_metadata(self, path: Path) -> tuple[int, int, float]:
        """Width, height and seconds of a Direct video, read with PyAV: aiograpi parses the MP4's
        boxes and, when that fails, imports moviepy."""
        info = probe("file", Path(path))
        return info.width, info.height, info.duration or 1.0

    async def _video_rupload(self, video_bytes: bytes, entity_name: str, waterfall_id: str) -> int:
        """Direct video bytes to `rupload.facebook.com/messenger_video/`, through the session."""
        headers = {
            "video_type": "FILE_ATTACHMENT",
            "segment-start-offset": "0",
            "segment-type": "3",
            "ephemeral_media_view_mode": "2",
            "ig_raven_metadata": "{}",
            "x_fb_video_waterfall_id": waterfall_id,
        }
        return await self._messenger_rupload("video", video_bytes, entity_name, headers)

    async def _voice_rupload(self, audio_bytes: bytes, upload_id: str, rand_key: int) -> int:
        """Direct voice bytes to `rupload.facebook.com/messenger_audio/`, through the session."""
        entity = f"{upload_id}_0_{rand_key}"
        return await self._messenger_rupload("audio", audio_bytes, entity, {"audio_type": "FILE_ATTACHMENT"})

    async def _messenger_rupload(
        self, kind: str, data: bytes, entity: str, extra_headers: dict[str, str]
    ) -> int:
        """aiograpi's messenger upload (ask the offset, send the rest, read `media_id`) of `kind`
        `video` or `audio`, sent through the routed `public` session instead of a new httpx client."""
        url = MESSENGER_RUPLOAD.format(kind=kind, entity=entity)
        headers = self._messenger_rupload_headers(extra_headers)  # type: ignore[attr-defined]
        response = await self.public.request("GET", url, headers=headers, timeout=30.0)  # type: ignore[attr-defined]
        if response.status_code != 200:
            raise ClientError(
                f"messenger_{kind} offset GET failed: {response.status_code} {response.text[:300]}"
            )
        try:
            offset = int(response.json().get("offset", 0))
        except (ValueError, TypeError, AttributeError):
            offset = 0
        post_headers = {
            **headers,
            "content-type": "application/octet-stream",
            "offset": str(offset),
            "x-entity-length": str(len(data)),
            "x-entity-name": entity,
            "x-entity-type": f"{kind}/mp4",
        }
        response = await self.public.request(  # type: ignore[attr-defined]
            "POST", url, content=data[offset:], headers=post_headers, timeout=MESSENGER_POST_TIMEOUT[kind]
        )
        if response.status_code != 200:
            raise ClientError(
                f"messenger_{kind} upload POST failed: {response.status_code} {response.text[:300]}"
            )
        try:
            return int(response.json()["media_id"])
        except (ValueError, TypeError, KeyError) as exc:
            raise ClientError(f"messenger_{kind} response missing media_id: {response.text[:300]}") from exc

    async def _new_media_after_upload(self, previous_media_ids: Any, attempts: int = 5, **kwargs: Any) -> Any:
        kwargs["delay"] = self.upload_waits.feed_poll_delay
        return await super()._new_media_after_upload(previous_media_ids, attempts, **kwargs)  # type: ignore[misc]

    # aiograpi fetches these with a module-level httpx call, outside the client's sessions
    async def track_download_by_url(self, url: str, filename: str = "", folder: Path | str = "") -> Path:
        url = str(url)
        # urlsplit, as `media.cdn.cdn_url` checked it: urlparse would cut a `;…` off the name
        fname = urlsplit(url).path.rsplit("/", 1)[-1].strip()
        if "." not in fname:
            raise ValueError("The URL must contain the path to the file (m4a or mp3).")
        path = Path(folder) / (f"{filename}.{fname.rsplit('.', 1)[1]}" if filename else fname)
        response = await self.public.get(url)  # type: ignore[attr-defined]
        response.raise_for_status()
        return self._download_response_to_path(response, path)  # type: ignore[attr-defined]

    async def public_head(self, url: str, follow_redirects: bool = False) -> Any:
        self.public_requests_count += 1  # type: ignore[attr-defined]
        return await self.public.send_unfiltered("HEAD", url, follow_redirects=follow_redirects)  # type: ignore[attr-defined]

    async def media_pk_from_url(self, url: str) -> str:
        parts = [p for p in urlparse(url).path.split("/") if p]
        if parts[:2] == ["share", "p"] and len(parts) >= 3:
            response = await self.public.send_unfiltered("GET", url, follow_redirects=False)  # type: ignore[attr-defined]
            location = response.headers.get("location")
            if location:
                return await self.media_pk_from_url(location)
        return self.media_pk_from_code(parts.pop())  # type: ignore[attr-defined]
