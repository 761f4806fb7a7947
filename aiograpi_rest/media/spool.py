"""A request's uploads: saved in chunks to its own temporary folder, checked, deleted at the end.

    async with Spool.of(svc.settings) as spool:
        video = await spool.video("file", file, Surface.CLIP, thumbnail=thumbnail)
        return await cl.clip_upload(video.path, caption, thumbnail=video.thumbnail)

Every file of the request (an album's items, a video's cover) shares the folder, which is deleted
when the `async with` ends, whatever happened. A source is an `UploadFile` or an http(s) URL, which
goes through the guarded fetcher; either way the type is read from the saved bytes, and the file
is saved under the suffix aiograpi needs for that type.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import anyio
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartParser

from aiograpi_rest.config import Settings
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.media.fetch import FetchPolicy, fetch
from aiograpi_rest.media.photos import Photo, check_photo
from aiograpi_rest.media.probe import MediaInfo, probe
from aiograpi_rest.media.rules import RULES, Surface, check
from aiograpi_rest.media.sniff import AUDIO, HEAD_BYTES, PHOTOS, VIDEOS, Kind, describe, sniff
from aiograpi_rest.media.thumbnails import make_thumbnail

TEMP_PREFIX = "aiograpi-rest-upload-"
CHUNK = 1024 * 1024
# Starlette keeps each file part in memory up to this before spilling it to a temporary file; at
# its 1 MiB default that was a second megabyte held beside the spool's own CHUNK-sized read.
PART_IN_MEMORY = 64 * 1024
MultiPartParser.spool_max_size = PART_IN_MEMORY

Source = UploadFile | str


@dataclass(frozen=True)
class Video:
    """A checked video; `thumbnail` is the cover to pass aiograpi (None where it takes none)."""

    path: Path
    info: MediaInfo
    thumbnail: Path | None


@dataclass(frozen=True)
class Audio:
    path: Path
    info: MediaInfo


def _expected(accept: frozenset[Kind]) -> str:
    if accept <= PHOTOS:
        return "a JPEG, PNG or WebP photo"
    if accept <= VIDEOS:
        return "an MP4 or MOV video"
    if accept <= VIDEOS | AUDIO:
        return "an M4A (AAC) recording"
    return "a JPEG, PNG or WebP photo or an MP4 or MOV video"


class Spool:
    """The temporary folder of one request's uploads (an async context manager)."""

    def __init__(self, upload_max_bytes: int, fetch_policy: FetchPolicy | None = None) -> None:
        self.upload_max_bytes = upload_max_bytes
        self.fetch_policy = fetch_policy
        self._folder: Path | None = None
        self._count = 0

    @classmethod
    def of(cls, settings: Settings) -> Spool:
        return cls(settings.upload_max_bytes, FetchPolicy.of(settings))

    @property
    def folder(self) -> Path:
        if self._folder is None:
            raise RuntimeError("use the Spool in `async with`")
        return self._folder

    async def __aenter__(self) -> Spool:
        self._folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        return self

    async def __aexit__(
        self, _type: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def new_path(self, suffix: str = "") -> Path:
        """A fresh file name in the folder."""
        self._count += 1
        return self.folder / f"{self._count}{suffix}"

    async def _receive(self, field: str, upload: UploadFile, dest: Path) -> None:
        size = 0
        async with await anyio.open_file(dest, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > self.upload_max_bytes:
                    raise ApiError(
                        413,
                        f"{field}: the file is larger than {self.upload_max_bytes} bytes",
                        exc_type="UploadTooLarge",
                        hint="Send a smaller file (the limit is AIOGRAPI_REST_UPLOAD_MAX_BYTES).",
                    )
                await out.write(chunk)

    async def save(self, field: str, source: Source, accept: frozenset[Kind]) -> tuple[Path, Kind]:
        """`source` saved in the folder under its real type's suffix, if that type is in `accept`.

        Raises `ApiError`: 422 naming `field` for an empty file or another type; 413 past the size
        limit; for a URL, whatever `fetch.fetch` raises.
        """
        raw = self.new_path(".part")
        if isinstance(source, str):
            if self.fetch_policy is None:
                raise invalid(field, "URLs are not accepted here")
            await fetch(field, source.strip(), raw, self.fetch_policy)
        else:
            await self._receive(field, source, raw)
        async with await anyio.open_file(raw, "rb") as file:
            head = await file.read(HEAD_BYTES)
        if not head:
            raise invalid(field, "the file is empty")
        kind = sniff(head)
        if kind not in accept:
            raise invalid(field, f"{describe(head)}, not {_expected(accept)}")
        return raw.rename(raw.with_suffix(kind.suffix)), kind

    async def photo(self, field: str, source: Source) -> Photo:
        """A JPEG, PNG or WebP photo (by its bytes), saved as `.jpg`, `.png` or `.webp`."""
        path, _kind = await self.save(field, source, PHOTOS)
        return await anyio.to_thread.run_sync(check_photo, field, path)

    async def video(
        self,
        field: str,
        source: Source,
        surface: Surface,
        *,
        thumbnail: UploadFile | None = None,
        thumbnail_field: str = "thumbnail",
        thumbnail_at: float = 0.0,
    ) -> Video:
        """An MP4/MOV video that `surface` accepts (`rules.RULES`), saved as `.mp4`, with its cover.

        The cover is `thumbnail` (checked as a photo, 422s name `thumbnail_field`) or, when none is
        given, the frame at `thumbnail_at` seconds as a JPEG; None for surfaces without a cover.
        """
        path, _kind = await self.save(field, source, VIDEOS)
        return await self._checked_video(field, path, surface, thumbnail, thumbnail_field, thumbnail_at)

    async def audio(self, field: str, source: Source, surface: Surface = Surface.VOICE) -> Audio:
        """An AAC recording in MP4 (M4A) that `surface` accepts, saved as `.m4a`."""
        path, kind = await self.save(field, source, AUDIO | VIDEOS)
        info = await anyio.to_thread.run_sync(probe, field, path)
        check(field, info, surface)
        if kind is not Kind.M4A:
            path = path.rename(path.with_suffix(Kind.M4A.suffix))
        return Audio(path, info)

    async def photo_or_video(self, field: str, source: Source, surface: Surface) -> Photo | Video:
        """A photo or a video (for `surface`), whichever the bytes are: album items, stories."""
        path, kind = await self.save(field, source, PHOTOS | VIDEOS)
        if kind in PHOTOS:
            return await anyio.to_thread.run_sync(check_photo, field, path)
        return await self._checked_video(field, path, surface)

    async def _checked_video(
        self,
        field: str,
        path: Path,
        surface: Surface,
        thumbnail: UploadFile | None = None,
        thumbnail_field: str = "thumbnail",
        thumbnail_at: float = 0.0,
    ) -> Video:
        info = await anyio.to_thread.run_sync(probe, field, path)
        check(field, info, surface)
        cover: Path | None = None
        if thumbnail is not None:
            cover = (await self.photo(thumbnail_field, thumbnail)).path
        elif RULES[surface].thumbnail:
            # aiograpi's own name for a video's cover: album_upload passes no thumbnail, and an
            # override of `video_rupload` can then find this one instead of calling moviepy.
            cover = Path(f"{path}.jpg")
            await anyio.to_thread.run_sync(make_thumbnail, field, path, cover, thumbnail_at)
        return Video(path, info, cover)


@asynccontextmanager
async def saved_photo(field: str, upload: UploadFile, max_bytes: int) -> AsyncIterator[Path]:
    """The uploaded photo as a file with the right suffix; 422 naming `field` if it is not one."""
    async with Spool(max_bytes) as spool:
        yield (await spool.photo(field, upload)).path
