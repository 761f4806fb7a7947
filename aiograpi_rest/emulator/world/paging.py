"""Cursor paging over edges ordered newest first, stable while the list changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from aiograpi_rest.emulator.errors import bad_request

T = TypeVar("T")


def page(edges: Sequence[tuple[int, T]], max_id: str | None, count: int) -> tuple[list[T], str | None]:
    """`edges` are (seq, item) sorted by seq descending; `max_id` is the seq the last page ended at.

    Cursors name a position, not an offset, so follows added or removed between pages never make
    an item appear twice or be skipped.
    """
    if max_id:
        try:
            below = int(max_id)
        except ValueError:
            raise bad_request(f"Invalid max_id {max_id}") from None
        edges = [e for e in edges if e[0] < below]
    chunk = list(edges[: max(count, 1)])
    more = len(edges) > len(chunk)
    return [item for _, item in chunk], (str(chunk[-1][0]) if more and chunk else None)


def page_after(
    items: Sequence[T], max_id: str | None, count: int, key: Callable[[T], str]
) -> tuple[list[T], str | None]:
    """A page of a list computed on the fly: `max_id` is the key of the last item already shown.

    The cursor names an item, so items added in front of it never shift the next page; an item
    that is gone ends the list.
    """
    start = 0
    if max_id:
        start = next((i + 1 for i, item in enumerate(items) if key(item) == max_id), len(items))
    chunk = list(items[start : start + max(count, 1)])
    more = start + len(chunk) < len(items)
    return chunk, (key(chunk[-1]) if more and chunk else None)
