"""A story's decorations (`mentions`, `locations`, `links`, `hashtags`, `stickers`): JSON form
values, each repeated or one JSON array, parsed into aiograpi's story types.

An omitted `x`, `y`, `width`, `height` or `rotation` takes a centred default (aiograpi would
send `null`, which Instagram refuses); a position or size outside 0…1 is a 422 naming the field
and the index of the value (`loc` `["body", "mentions", 1]`). A mention names its user by `pk`
or `username`; a user Instagram does not know is a 422 of that item, found before the upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from aiograpi import Client
from aiograpi.exceptions import UserNotFound
from aiograpi.types import (
    Hashtag,
    Location,
    StoryHashtag,
    StoryLink,
    StoryLocation,
    StoryMention,
    StorySticker,
    UserShort,
)
from fastapi import Depends, Form
from pydantic import BaseModel, Field, HttpUrl, model_validator

from aiograpi_rest.boundary import DIGITS_PATTERN, USERNAME_PATTERN
from aiograpi_rest.errors import invalid
from aiograpi_rest.forms import clean_username, json_items

# Instagram's limits: 20 mentions on a story, one link sticker (aiograpi sends only the first).
MAX_MENTIONS, MAX_LINKS = 20, 1

Unit = Annotated[float, Field(ge=0, le=1)]
Rotation = Annotated[float, Field(ge=-360, le=360)]


class _Placed(BaseModel):
    """Where a decoration sits, as fractions of the story's width and height."""

    x: Unit = 0.5
    y: Unit = 0.5
    width: Unit = 0.5
    height: Unit = 0.1
    rotation: Rotation = 0.0


class MentionUser(BaseModel):
    pk: Annotated[str | None, Field(pattern=DIGITS_PATTERN)] = None
    username: Annotated[str | None, Field(pattern=USERNAME_PATTERN)] = None

    @model_validator(mode="after")
    def one_name(self) -> MentionUser:
        if not (self.pk or self.username):
            raise ValueError("a mention's user needs its pk or username")
        return self


class MentionIn(_Placed):
    user: MentionUser


class HashtagName(BaseModel):
    name: Annotated[str, Field(pattern=r"^#?\w{1,100}$")]
    id: str = ""


class HashtagIn(_Placed):
    hashtag: HashtagName


class LocationIn(_Placed):
    location: Location


class LinkIn(_Placed):
    webUri: HttpUrl  # noqa: N815  (aiograpi's name)


class StickerIn(_Placed):
    id: str | None = None
    type: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")] = "gif"
    z: int = 1000005
    extra: dict[str, Any] = {}


def _form(what: str) -> Any:
    return Form(
        description=f"{what} as JSON: one JSON array, or the field repeated. x, y, width, height: 0…1."
    )


MentionsForm = Annotated[list[str], _form('Mentions (`{"user": {"pk": "…"} | {"username": "…"}}`)')]
LocationsForm = Annotated[list[str], _form('Location stickers (`{"location": {"pk": …, "name": "…"}}`)')]
LinksForm = Annotated[list[str], _form('A link sticker (`{"webUri": "https://…"}`; Instagram shows one)')]
HashtagsForm = Annotated[list[str], _form('Hashtag stickers (`{"hashtag": {"name": "…"}}`)')]
StickersForm = Annotated[list[str], _form('Other stickers (`{"type": "gif", "id": "…"}`)')]


@dataclass(frozen=True)
class StoryDecorations:
    mentions: list[MentionIn] = field(default_factory=list)
    locations: list[StoryLocation] = field(default_factory=list)
    links: list[StoryLink] = field(default_factory=list)
    hashtags: list[StoryHashtag] = field(default_factory=list)
    stickers: list[StorySticker] = field(default_factory=list)

    async def resolved(self, cl: Client) -> dict[str, list]:
        """aiograpi's keyword arguments, each mention's user looked up (422 for an unknown one)."""
        return {
            "mentions": [await _mention(cl, index, m) for index, m in enumerate(self.mentions)],
            "locations": self.locations,
            "links": self.links,
            "hashtags": self.hashtags,
            "stickers": self.stickers,
        }


async def _mention(cl: Client, index: int, mention: MentionIn) -> StoryMention:
    try:
        if mention.user.pk:
            user = await cl.user_info_v1(mention.user.pk)
        else:
            user = await cl.user_info_by_username_v1(clean_username(mention.user.username or ""))
    except UserNotFound:
        raise invalid("mentions", "Instagram has no such user", at=index) from None
    placed = mention.model_dump(exclude={"user"})
    return StoryMention(
        user=UserShort(pk=user.pk, username=user.username, full_name=user.full_name), **placed
    )


def mentions_of(raw: list[str]) -> list[MentionIn]:
    mentions = json_items("mentions", raw, MentionIn)
    if len(mentions) > MAX_MENTIONS:
        raise invalid("mentions", f"a story mentions at most {MAX_MENTIONS} people", at=MAX_MENTIONS)
    return mentions


def links_of(raw: list[str]) -> list[StoryLink]:
    links = json_items("links", raw, LinkIn)
    if len(links) > MAX_LINKS:
        raise invalid("links", "Instagram shows one link sticker on a story", at=MAX_LINKS)
    return [StoryLink(webUri=i.webUri, **_placed(i)) for i in links]


def _placed(item: _Placed) -> dict[str, float]:
    return item.model_dump(include={"x", "y", "width", "height", "rotation"})


async def story_decorations(
    mentions: MentionsForm = [],  # noqa: B006  (FastAPI copies defaults per request)
    locations: LocationsForm = [],  # noqa: B006
    links: LinksForm = [],  # noqa: B006
    hashtags: HashtagsForm = [],  # noqa: B006
    stickers: StickersForm = [],  # noqa: B006
) -> StoryDecorations:
    return StoryDecorations(
        mentions=mentions_of(mentions),
        locations=[
            StoryLocation(location=i.location, **_placed(i))
            for i in json_items("locations", locations, LocationIn)
        ],
        links=links_of(links),
        hashtags=[
            StoryHashtag(hashtag=Hashtag(id=i.hashtag.id, name=i.hashtag.name.lstrip("#")), **_placed(i))
            for i in json_items("hashtags", hashtags, HashtagIn)
        ],
        stickers=[
            StorySticker(id=i.id, type=i.type, z=i.z, extra=i.extra, **_placed(i))
            for i in json_items("stickers", stickers, StickerIn)
        ],
    )


StoryDecorationsForm = Annotated[StoryDecorations, Depends(story_decorations)]
