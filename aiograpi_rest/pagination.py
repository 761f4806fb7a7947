"""`amount`/`cursor` paging as one dependency, and the page models the reference returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from aiograpi.types import UserShort
from fastapi import Query
from pydantic import BaseModel

from aiograpi_rest.models import Media

T = TypeVar("T")

MAX_AMOUNT = 200


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
        cursor: Annotated[str, Query(description="`next_cursor` of the previous page.")] = "",
    ) -> Paging:
        return Paging(amount, cursor.strip())

    return dependency
