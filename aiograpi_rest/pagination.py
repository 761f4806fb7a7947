"""`amount`/`cursor` paging as one dependency, and the page models the reference returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from aiograpi.types import UserShort
from fastapi import Depends, Query
from pydantic import BaseModel

from aiograpi_rest.boundary import QueryCursor
from aiograpi_rest.errors import invalid
from aiograpi_rest.models import Media

T = TypeVar("T")

MAX_AMOUNT = 200
# In a cut page's cursor, what follows this mark counts the items of that upstream page already given.
SKIP_MARK = "~"


class Page(BaseModel, Generic[T]):
    """A page of a list: pass `next_cursor` back as `cursor`; an empty one ends the list."""

    items: list[T]
    next_cursor: str = ""


class StreamPage(BaseModel, Generic[T]):
    """A page of a two-way stream (comments): `min_cursor` goes back, `max_cursor` forward."""

    items: list[T]
    min_cursor: str = ""
    max_cursor: str = ""


# The pages several tags return, named as the reference's OpenAPI components.
class UserShortPage(Page[UserShort]):
    """A page of users: followers, following, follow requests."""


class MediaPage(Page[Media]):
    """A page of posts: a user's posts, reels, videos and tagged posts, archive, hashtag feeds."""


@dataclass(frozen=True)
class Paging:
    amount: int
    cursor: str


def paging(default_amount: int = 50) -> Callable[..., Paging]:
    """A dependency reading `amount` (1..200) and `cursor`, with the route's default amount."""

    async def dependency(
        amount: Annotated[int, Query(ge=1, le=MAX_AMOUNT, description="Items per page.")] = default_amount,
        cursor: QueryCursor = "",
    ) -> Paging:
        return Paging(amount, cursor.strip())

    return dependency


@dataclass(frozen=True)
class CutPaging(Paging):
    """Paging over a list whose upstream page size Instagram picks: the cursor is Instagram's, or
    `<Instagram's cursor>~<n>` when a page ended inside an upstream page after its first n items."""

    upstream: str = ""
    skip: int = 0


def cut_paging(default_amount: int) -> Callable[..., CutPaging]:
    """`paging`, with the cursor split and checked before any upstream call."""
    read = paging(default_amount)

    # A default, not Annotated: the string annotation could not name the local `read`.
    async def dependency(page: Paging = Depends(read)) -> CutPaging:
        upstream, skip = page.cursor, 0
        if SKIP_MARK in page.cursor:
            upstream, _, given = page.cursor.rpartition(SKIP_MARK)
            if not given.isdigit():
                raise invalid("cursor", "not a cursor this list gave")
            skip = int(given)
        return CutPaging(page.amount, page.cursor, upstream, skip)

    return dependency


async def cut_pages(
    fetch: Callable[[str], Awaitable[tuple[list[T], str | None]]], page: CutPaging
) -> tuple[list[T], str]:
    """At most `page.amount` items from upstream pages (`fetch(cursor)` → items, next cursor),
    and the cursor that continues right after the last one given.

    A page cut inside an upstream page names that page and how many of its items were given, so
    the next call fetches it again and skips those: nothing is lost or repeated.
    """
    items: list[T] = []
    upstream, skip = page.upstream, page.skip
    while True:
        fetched, next_upstream = await fetch(upstream)
        rest = fetched[skip:]
        room = page.amount - len(items)
        if len(rest) > room:
            return items + rest[:room], f"{upstream}{SKIP_MARK}{skip + room}"
        items += rest
        if not fetched or not next_upstream or len(items) == page.amount:
            return items, next_upstream or ""
        upstream, skip = next_upstream, 0
