"""Share: decode an Instagram share link or code into what it points to (no call to Instagram)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from aiograpi import exceptions as igx
from aiograpi.types import Share
from fastapi import APIRouter, Query
from pydantic import ValidationError

from aiograpi_rest.boundary import CURSOR_PATTERN, URL_SEGMENT
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.forms import exactly_one

router = APIRouter(prefix="/share", tags=["Share"])

INSTAGRAM_HOSTS = ("instagram.com", "instagr.am")
# The code is the link's last path segment: the path must have one.
SHARE_URL_PATTERN = rf"^https?://([A-Za-z0-9-]+\.)*(instagram\.com|instagr\.am)(/{URL_SEGMENT}*)*/{URL_SEGMENT}+/?([?#][!-~]*)?$"


class ShareInfo(Share):
    """What a share code points to, and the code itself (as decoded from `code` or the URL)."""

    code: str


def _code_of(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(
        host == h or host.endswith("." + h) for h in INSTAGRAM_HOSTS
    ):
        raise invalid("url", "not an instagram.com share link")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        raise invalid("url", "no share code in the link's path")
    return segments[-1]


@router.get("", summary="What a share link or code points to: {type, pk}")
async def share_info(
    cl: SessionClient,
    url: Annotated[
        str | None,
        Query(
            pattern=SHARE_URL_PATTERN, description="A share link, e.g. https://www.instagram.com/s/<code>."
        ),
    ] = None,
    code: Annotated[
        str | None, Query(pattern=CURSOR_PATTERN, max_length=200, description="The code of a share link.")
    ] = None,
) -> ShareInfo:
    field, value = exactly_one(
        "Pass either 'url' (a share link) or 'code' (its last path segment).", url=url, code=code
    )
    raw = _code_of(value) if field == "url" else value
    try:
        # Codes are base64 without padding in links; aiograpi needs it back.
        share = cl.share_info(raw + "=" * (-len(raw) % 4))
    except (igx.ShareDecodeError, IndexError, ValidationError):
        raise invalid(field, "not an Instagram share code (base64 of '<type>:<pk>')") from None
    if not share.type or not share.pk.strip():
        raise invalid(field, "not an Instagram share code (base64 of '<type>:<pk>')")
    return ShareInfo(pk=share.pk, type=share.type, code=raw)
