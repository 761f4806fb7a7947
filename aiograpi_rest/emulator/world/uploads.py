"""Uploaded bytes waiting for the call that uses them (a profile picture, a post's configure).

An upload is keyed by (upload id, kind): a video and its cover photo share one upload id, as
aiograpi sends them, and must not overwrite each other. Pending bytes are bounded in total
(`MAX_PENDING_BYTES`); past it the oldest uploads are dropped, as Instagram forgets an upload
that is never configured.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from aiograpi_rest.emulator import errors

IMAGE, VIDEO = "image", "video"
MAX_PENDING_BYTES = 64 * 1024 * 1024


@dataclass
class Upload:
    upload_id: str
    name: str
    entity_type: str  # "image/jpeg", "video/mp4", …
    data: bytes
    owner_pk: str
    params: dict[str, Any] = field(default_factory=dict)  # X-Instagram-Rupload-Params

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def kind(self) -> str:
        return kind_of(self.entity_type)


def kind_of(entity_type: str) -> str:
    """`image/png` → image, `video/mp4` → video."""
    return entity_type.split("/", 1)[0].strip().lower()


class Uploads:
    def __init__(self, max_bytes: int = MAX_PENDING_BYTES) -> None:
        self.max_bytes = max_bytes
        self.by_key: OrderedDict[tuple[str, str], Upload] = OrderedDict()
        self.total = 0

    def put(self, upload: Upload) -> Upload:
        if upload.size > self.max_bytes:
            raise errors.fail(413, "The upload is too large", error_type="upload_too_large")
        self._drop((upload.upload_id, upload.kind))
        self.by_key[(upload.upload_id, upload.kind)] = upload
        self.total += upload.size
        while self.total > self.max_bytes:
            self._drop(next(iter(self.by_key)))
        return upload

    def take(self, upload_id: str | int, owner_pk: str | None, kind: str = IMAGE) -> Upload:
        """The viewer's upload of that kind, consumed: each upload configures one thing."""
        upload = self.peek(upload_id, owner_pk, kind)
        self._drop((upload.upload_id, upload.kind))
        return upload

    def peek(self, upload_id: str | int, owner_pk: str | None, kind: str = IMAGE) -> Upload:
        upload = self.by_key.get((str(upload_id), kind.rstrip("/")))
        if upload is None or upload.owner_pk != owner_pk:
            raise errors.fail(400, f"Upload {upload_id} not found", error_type="upload_not_found")
        return upload

    def _drop(self, key: tuple[str, str]) -> None:
        old = self.by_key.pop(key, None)
        if old is not None:
            self.total -= old.size
