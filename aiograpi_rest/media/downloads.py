"""Downloads: where aiograpi may write a file, and how it goes back to the caller.

    async with download_to(svc.settings, folder, return_file) as dl:
        return dl.deliver(await cl.photo_download(media_pk, dl.folder))

- `folder` (the contract keeps it): blank is fine. Anything else is refused unless
  `AIOGRAPI_REST_DOWNLOAD_DIR` is set, and then it names a subfolder that must resolve inside it
  (absolute paths, `..` and symlinks that lead out are 422s); it is created if missing.
- `filename` is reduced to a bare safe name (`safe_filename`).
- `returnFile=true` (the default) streams the file back. Unless a folder was named, it was written
  to a temporary folder of the request, removed when the `async with` ends: the answer reads from
  a file already open, so nothing is left on disk even if the caller goes away mid-answer.
- `returnFile=false` answers the path relative to the download directory; 422 without one.
"""

from __future__ import annotations

import mimetypes
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path, PurePosixPath
from typing import Annotated, BinaryIO
from urllib.parse import quote

import anyio
from fastapi import Query
from starlette.responses import Response, StreamingResponse

from aiograpi_rest.config import Settings
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.media.cdn import CDN_HELP, CDN_URL_PATTERN
from aiograpi_rest.media.sniff import HEAD_BYTES, Kind, sniff
from aiograpi_rest.responses import FastJSONResponse

TEMP_PREFIX = "aiograpi-rest-download-"
CHUNK = 256 * 1024
FILENAME_MAX = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
NO_ROOT = "AIOGRAPI_REST_DOWNLOAD_DIR is not set: this server keeps no downloads"

FolderQuery = Annotated[
    str,
    Query(
        max_length=255,
        description="Leave blank. With AIOGRAPI_REST_DOWNLOAD_DIR set: a subfolder of it to keep the file in.",
    ),
]
# Blank, or a last path segment with a letter or digit in it: what safe_filename keeps a name of.
FILENAME_PATTERN = r"^ *$|[A-Za-z0-9][^/\\]*$"
FilenameQuery = Annotated[
    str,
    Query(
        max_length=255,
        pattern=FILENAME_PATTERN,
        description="File name without a suffix (Instagram's suffix is added); reduced to letters, digits, "
        "'.', '_' and '-', without folders.",
    ),
]
CdnUrlQuery = Annotated[str, Query(max_length=2048, pattern=CDN_URL_PATTERN, description=CDN_HELP)]
ReturnFileQuery = Annotated[
    bool,
    Query(
        alias="returnFile",
        description="true: answer the file. false: keep it in AIOGRAPI_REST_DOWNLOAD_DIR and answer its path there.",
    ),
]
# For `responses=` on a download route, so the OpenAPI schema says what comes back.
FILE_TYPES = (*sorted({kind.mime for kind in Kind}), "application/octet-stream")
FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The file (returnFile=true), or its path in the download directory (returnFile=false).",
        "content": {
            # Each type the streamed file can be sent as (sniffed from its bytes), and the path.
            **{mime: {"schema": {"type": "string", "format": "binary"}} for mime in FILE_TYPES},
            "application/json": {"schema": {"type": "string"}},
        },
    }
}


def safe_filename(field: str, name: str) -> str:
    """`name` as a bare file name: folders dropped, other characters than letters, digits, `._-`
    replaced by `_`, leading dots removed, at most FILENAME_MAX characters. Blank stays blank
    (aiograpi then names the file itself); a name with nothing left (`..`) is a 422 naming `field`.
    """
    if not name.strip():
        return ""
    base = _UNSAFE.sub("_", name.strip().replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")[:FILENAME_MAX]
    if not base.strip("._-"):
        raise invalid(field, "no usable file name is left once folders and unsafe characters are removed")
    return base


def confined_folder(field: str, folder: str, root: Path) -> Path:
    """The subfolder `folder` of `root` (resolved, created); a 422 naming `field` if it leads out."""
    text = folder.strip()
    if (
        "\x00" in text
        or text.startswith("~")
        or PurePosixPath(text).is_absolute()
        or Path(text).is_absolute()
    ):
        raise invalid(field, "a subfolder of the download directory, not an absolute path")
    root = root.resolve()
    target = (root / text).resolve()
    if not target.is_relative_to(root):
        raise invalid(field, "leads outside the download directory")
    target.mkdir(parents=True, exist_ok=True)
    if not target.resolve().is_relative_to(root):  # a symlink put there meanwhile
        raise invalid(field, "leads outside the download directory")
    return target


def _content_type(file: BinaryIO, name: str) -> str:
    kind = sniff(file.read(HEAD_BYTES))
    file.seek(0)
    if kind:
        return kind.mime
    guessed = mimetypes.guess_type(name)[0]
    return guessed if guessed in FILE_TYPES else "application/octet-stream"  # only what the schema declares


def _disposition(name: str) -> str:
    quoted = quote(name)
    if quoted == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=utf-8''{quoted}"


async def _chunks(file: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(file.read, CHUNK):
            yield chunk
    finally:
        file.close()


class Download:
    """Where one request's download goes (`folder`) and how it is answered."""

    def __init__(self, folder: Path, root: Path | None, return_file: bool) -> None:
        self.folder = folder
        self.root = root
        self.return_file = return_file

    def _inside(self, path: Path | str) -> Path:
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.folder.resolve()):
            raise ApiError(502, "the download was written outside its folder", exc_type="DownloadFailed")
        return resolved

    def relative(self, path: Path | str) -> str:
        """The path of a kept download, relative to the download directory."""
        if self.root is None:
            raise invalid("returnFile", NO_ROOT)
        return self._inside(path).relative_to(self.root).as_posix()

    def located(self, paths: Iterable[Path | str]) -> list[str]:
        """Several kept downloads (an album): their paths relative to the download directory."""
        return [self.relative(p) for p in paths]

    def deliver(self, path: Path | str) -> Response:
        """The answer for the file aiograpi wrote: the file itself, or (returnFile=false) its path."""
        if not self.return_file:
            return FastJSONResponse(self.relative(path))
        resolved = self._inside(path)
        file = resolved.open("rb")
        size = os.fstat(file.fileno()).st_size
        headers = {"Content-Length": str(size), "Content-Disposition": _disposition(resolved.name)}
        return StreamingResponse(
            _chunks(file), media_type=_content_type(file, resolved.name), headers=headers
        )


@asynccontextmanager
async def download_to(
    settings: Settings, folder: str = "", return_file: bool = True
) -> AsyncIterator[Download]:
    """The folder aiograpi writes this request's download to, checked as the module says.

    Raises a 422 naming `folder` (non-blank without a download directory, or leading out of it)
    or `returnFile` (false without a download directory).
    """
    root = settings.download_root
    if folder.strip():
        if root is None:
            raise invalid("folder", f"must be blank: {NO_ROOT}")
        yield Download(confined_folder("folder", folder, root), root, return_file)
        return
    if not return_file:
        if root is None:
            raise invalid("returnFile", f"false needs a place to keep the file: {NO_ROOT}")
        root.mkdir(parents=True, exist_ok=True)
        yield Download(root, root, return_file)
        return
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    try:
        yield Download(temp, None, return_file)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
