"""Photo checks: the bytes are a JPEG, PNG or WebP image Pillow can read, of a sane size.

aiograpi's `photo_rupload` picks the upload's type by the file's suffix and re-encodes to JPEG
itself (cropping to Instagram's aspect ratios), so a photo only has to be saved under the suffix of
its real format: `Spool` does that from the sniffed bytes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from aiograpi_rest.errors import invalid

# Pillow's formats for the kinds Instagram takes (`sniff.PHOTOS`).
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
# Pillow's decompression-bomb threshold (about 89 megapixels): far above any camera, and
# Instagram keeps at most 1080 px a side.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS


@dataclass(frozen=True)
class Photo:
    path: Path
    width: int
    height: int


def check_photo(field: str, path: Path) -> Photo:
    """`path` as a checked photo; a 422 naming `field` if it is not one. Blocking (Pillow decodes)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format or "", image.size
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise invalid(field, f"the image has more than {MAX_PIXELS} pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise invalid(field, "not a readable image") from None
    if kind not in PHOTO_FORMATS:
        raise invalid(field, f"a {kind} image; Instagram takes JPEG, PNG or WebP photos")
    return Photo(path, width, height)
