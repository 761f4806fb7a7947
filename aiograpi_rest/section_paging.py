"""Paging over a hashtag's or a place's sections: Instagram picks each page's size (the app sends
no count), so pages are cut at `amount` (`pagination.cut_pages`), and the cursor's upstream part
is aiograpi's own (base64 of a JSON list), checked before any upstream call."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable

from fastapi import Depends

from aiograpi_rest.errors import invalid
from aiograpi_rest.pagination import CutPaging, cut_paging


def _is_aiograpi_cursor(cursor: str) -> bool:
    try:
        return isinstance(json.loads(base64.b64decode(cursor, validate=True)), list)
    except (binascii.Error, ValueError):
        return False


def sections_paging(default_amount: int) -> Callable[..., CutPaging]:
    """`cut_paging`, refusing a cursor aiograpi could not read (a 422 naming it, not a 400 later)."""
    read = cut_paging(default_amount)

    async def dependency(page: CutPaging = Depends(read)) -> CutPaging:
        if page.upstream and not _is_aiograpi_cursor(page.upstream):
            raise invalid("cursor", "not a cursor this list gave")
        return page

    return dependency
