"""The form fields every new post takes (caption, user tags, location), parsed once for all upload
routes and for `PATCH /media`: JSON-encoded values become aiograpi's types or a 422 naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from aiograpi.types import Location, Usertag
from fastapi import Depends, Form

from aiograpi_rest.forms import json_field, json_items

UsertagsForm = Annotated[
    list[str],
    Form(
        description='Usertag JSON (`{"user": {"pk": …}, "x": 0.5, "y": 0.5}`): one JSON array, or the field repeated.'
    ),
]
LocationForm = Annotated[
    str | None, Form(description="Location JSON (`name`, and `pk` or `external_id` or `lat`/`lng`).")
]
CaptionForm = Annotated[str, Form(max_length=2200, description="The caption (hashtags and @mentions work).")]


@dataclass(frozen=True)
class PostFields:
    caption: str
    usertags: list[Usertag]
    location: Location | None


def usertags_of(raw: list[str]) -> list[Usertag]:
    return json_items("usertags", raw, Usertag)


def location_of(raw: str | None) -> Location | None:
    return json_field("location", raw, Location)


async def post_fields(
    caption: CaptionForm,
    usertags: UsertagsForm = [],  # noqa: B006  (FastAPI copies defaults per request)
    location: LocationForm = None,
) -> PostFields:
    return PostFields(caption, usertags_of(usertags), location_of(location))


PostForm = Annotated[PostFields, Depends(post_fields)]
