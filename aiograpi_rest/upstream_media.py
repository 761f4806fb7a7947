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
- `track_download_by_url`, `public_head` and share-link `media_pk_from_url` use a module-level
  httpx call in aiograpi that bypasses the client's sessions (so the emulator and the account's
  proxy); here they go through the routed `public` session.

Not covered: story and Direct uploads (their sleeps, and Direct video/voice's module-level
uploads to rupload.facebook.com).
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
    VideoConfigureError,
)

TRANSCODE_NOT_FINISHED = "Transcode not finished yet"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
FIRST_BACKOFF, MAX_BACKOFF = 1.0, 16.0


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
