"""Uploaded bytes waiting for the call that uses them (a profile picture, a post's configure)."""

from __future__ import annotations

from dataclasses import dataclass

from aiograpi_rest.emulator import errors


@dataclass
class Upload:
    upload_id: str
    name: str
    entity_type: str  # "image/jpeg", "video/mp4", …
    size: int
    owner_pk: str


class Uploads:
    def __init__(self) -> None:
        self.by_id: dict[str, Upload] = {}

    def put(self, upload: Upload) -> Upload:
        self.by_id[upload.upload_id] = upload
        return upload

    def take(self, upload_id: str, owner_pk: str, kind: str = "image/") -> Upload:
        """The viewer's upload of that kind, consumed: each upload configures one thing."""
        upload = self.by_id.get(str(upload_id))
        if upload is None or upload.owner_pk != owner_pk or not upload.entity_type.startswith(kind):
            raise errors.fail(400, f"Upload {upload_id} not found", error_type="upload_not_found")
        del self.by_id[upload.upload_id]
        return upload
