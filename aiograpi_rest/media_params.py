"""Media identifiers in requests: id fields checked before aiograpi sees them, and the post selector.

aiograpi raises a bare `Exception` for a media id that is not digits, and `ValueError` for a
shortcode with a character outside base64url; both would be 500s, so they are 422s here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from aiograpi import Client
from fastapi import Depends, Form, Query
from pydantic import StringConstraints

from aiograpi_rest.boundary import MEDIA_ID_PATTERN, PK_MAX
from aiograpi_rest.errors import invalid
from aiograpi_rest.forms import exactly_one

SHORTCODE_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# A post's URL, scheme optional: `/p/<code>/`, `/reel/<code>/`, `/tv/<code>/`, after a username or not.
# Share links (`/share/p/<code>`) match it too and are refused in code: the schema cannot tell them apart.
POST_URL_PATTERN = (
    r"^(https?://)?([A-Za-z0-9-]+\.)*(instagram\.com|instagr\.am)/([A-Za-z0-9._]{1,30}/)?"
    r"(p|reel|reels|tv)/[A-Za-z0-9_-]{1,64}(/[!-~]*)?([?#][!-~]*)?$"
)
POST_URL_HELP = "Post URL: https://www.instagram.com/p/<code>/ (or /reel/, /tv/)."
MEDIA_ID_HELP = (
    "Media id `<media_pk>_<owner_pk>`; a bare media pk also works where aiograpi looks the owner up "
    "(one more upstream call)."
)
# The path segment that comes before a shortcode in a post's URL.
POST_URL_KINDS = ("p", "reel", "reels", "tv")
INSTAGRAM_HOSTS = ("instagram.com", "instagr.am")

MediaIdItem = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MEDIA_ID_PATTERN)]
QueryMediaId = Annotated[str, Query(pattern=MEDIA_ID_PATTERN, description=MEDIA_ID_HELP)]
FormMediaId = Annotated[str, Form(pattern=MEDIA_ID_PATTERN, description=MEDIA_ID_HELP)]


def post_code(field: str, url: str) -> str:
    """The shortcode in an Instagram post URL (`/p/<code>/`, `/reel/<code>/`, `/tv/<code>/`).

    Share links (`/share/...`) would need a server-side fetch of the URL, which aiograpi makes
    outside the upstream seam; they are refused rather than followed.
    """
    try:
        parts = urlsplit(url.strip() if "//" in url else f"https://{url.strip()}")
        host = (parts.hostname or "").lower()
    except ValueError:  # "Invalid IPv6 URL": a bracket in the host
        raise invalid(field, "not an instagram.com post URL") from None
    if parts.scheme not in ("http", "https") or not any(
        host == h or host.endswith("." + h) for h in INSTAGRAM_HOSTS
    ):
        raise invalid(field, "not an instagram.com post URL")
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["share"]:
        raise invalid(field, "share links are not resolved: open it and pass the /p/<code>/ URL")
    for kind, code in zip(segments, segments[1:], strict=False):
        if kind in POST_URL_KINDS:
            if not re.fullmatch(SHORTCODE_PATTERN.strip("^$"), code):
                raise invalid(field, "the shortcode has characters other than letters, digits, '-', '_'")
            return code
    raise invalid(field, "no /p/, /reel/ or /tv/ shortcode in the URL")


@dataclass(frozen=True)
class MediaRef:
    """Which post the caller means, by one of its four names."""

    kind: str  # "pk", "id" or "code" (a URL is reduced to its code)
    value: str

    def pk(self, cl: Client) -> str:
        """The media pk, decoded locally: no upstream call for any kind."""
        if self.kind == "code":
            return cl.media_pk_from_code(self.value)
        return cl.media_pk(self.value)


async def media_ref(
    pk: Annotated[int | None, Query(ge=1, le=PK_MAX, description="Media pk.")] = None,
    id: Annotated[
        str | None, Query(pattern=MEDIA_ID_PATTERN, description="Media id `<media_pk>_<owner_pk>`.")
    ] = None,
    code: Annotated[
        str | None, Query(pattern=SHORTCODE_PATTERN, description="Shortcode, as in /p/<code>/.")
    ] = None,
    url: Annotated[str | None, Query(pattern=POST_URL_PATTERN, description=POST_URL_HELP)] = None,
) -> MediaRef:
    kind, value = exactly_one(pk=pk, id=id, code=code, url=url)
    return MediaRef("code", post_code("url", value)) if kind == "url" else MediaRef(kind, value)


MediaQuery = Annotated[MediaRef, Depends(media_ref)]
