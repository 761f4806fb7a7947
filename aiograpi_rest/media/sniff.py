"""A file's real type, read from its first bytes: never from its name, a URL's suffix or a header.

aiograpi chooses what to do with a file by its suffix (`photo_rupload` takes `.jpg/.jpeg/.png/
.webp`, `album_upload` takes those and `.mp4`), so each kind carries the suffix it is saved under.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

HEAD_BYTES = 64

# ISO base-media `ftyp` brands. A file whose major or compatible brands say audio-only (M4A) is
# voice; QuickTime is MOV; the rest of the family is MP4.
AUDIO_BRANDS = frozenset({"M4A ", "M4B ", "M4P "})
QUICKTIME_BRANDS = frozenset({"qt  "})
MP4_BRANDS = frozenset(
    {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "MSNV", "M4V ", "mmp4", "3gp4"}
)


class Kind(Enum):
    """What a file is, with the MIME type it is answered with and the suffix it is saved under."""

    JPEG = ("image/jpeg", ".jpg")
    PNG = ("image/png", ".png")
    WEBP = ("image/webp", ".webp")
    MP4 = ("video/mp4", ".mp4")
    # aiograpi's MP4 parser reads QuickTime's boxes too, and album_upload wants `.mp4`.
    MOV = ("video/quicktime", ".mp4")
    M4A = ("audio/mp4", ".m4a")

    @property
    def mime(self) -> str:
        return self.value[0]

    @property
    def suffix(self) -> str:
        return self.value[1]

    @property
    def label(self) -> str:
        return self.name if self is not Kind.WEBP else "WebP"


PHOTOS = frozenset({Kind.JPEG, Kind.PNG, Kind.WEBP})
VIDEOS = frozenset({Kind.MP4, Kind.MOV})
AUDIO = frozenset({Kind.M4A})


def _brands(head: bytes) -> list[str]:
    # box: size(4) 'ftyp'(4) major(4) minor_version(4) compatible brands(4 each) ...
    size = int.from_bytes(head[0:4], "big")
    end = min(size, len(head)) if size >= 16 else len(head)
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, end - 3, 4)]
    return [b.decode("latin-1") for b in brands]


def sniff(head: bytes) -> Kind | None:
    """The kind of a file starting with `head` (its first HEAD_BYTES bytes), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind.WEBP
    if head[4:8] == b"ftyp" and len(head) >= 12:
        brands = _brands(head)
        if brands[0] in AUDIO_BRANDS:
            return Kind.M4A
        if brands[0] in QUICKTIME_BRANDS:
            return Kind.MOV
        if any(b in MP4_BRANDS for b in brands):
            return Kind.MP4
        if any(b in AUDIO_BRANDS for b in brands):
            return Kind.M4A
    return None


def sniff_file(path: Path) -> Kind | None:
    with path.open("rb") as file:
        return sniff(file.read(HEAD_BYTES))


def describe(head: bytes) -> str:
    """How a refusal names a file of no accepted kind."""
    kind = sniff(head)
    if kind:
        return f"a {kind.label} file"
    if head[4:8] == b"ftyp":
        return f"an MP4-family file of brand {head[8:12].decode('latin-1')!r}"
    return "not a file of a known media type"
