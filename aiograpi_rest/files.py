"""Uploaded files: each request gets its own temporary folder, deleted when the call is done.

aiograpi reads uploads from paths and picks the photo's type by the file's suffix, so a photo is
saved under the suffix of its real format (read from its bytes, not from the caller's filename).
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import UploadFile
from PIL import Image, UnidentifiedImageError

from aiograpi_rest.errors import ApiError, invalid

CHUNK = 1024 * 1024
# The formats Instagram takes for photos, by the name Pillow gives them.
PHOTO_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


async def _save(field: str, upload: UploadFile, path: Path, max_bytes: int) -> None:
    size = 0
    async with await anyio.open_file(path, "wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ApiError(
                    413,
                    f"{field}: the file is larger than {max_bytes} bytes",
                    exc_type="UploadTooLarge",
                    hint="Send a smaller file (the limit is AIOGRAPI_REST_UPLOAD_MAX_BYTES).",
                )
            await out.write(chunk)
    if size == 0:
        raise invalid(field, "the file is empty")


def _photo_suffix(field: str, path: Path) -> str:
    try:
        with Image.open(path) as image:
            image.verify()
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise invalid(field, "not a readable image") from None
    if kind not in PHOTO_SUFFIXES:
        raise invalid(field, f"a {kind} image; Instagram takes JPEG, PNG or WebP photos")
    return PHOTO_SUFFIXES[kind]


@asynccontextmanager
async def saved_photo(field: str, upload: UploadFile, max_bytes: int) -> AsyncIterator[Path]:
    """The uploaded photo as a file with the right suffix; 422 naming `field` if it is not one."""
    with tempfile.TemporaryDirectory(prefix="aiograpi-rest-upload-") as folder:
        raw = Path(folder) / "upload"
        await _save(field, upload, raw, max_bytes)
        path = raw.rename(raw.with_suffix(_photo_suffix(field, raw)))
        yield path
