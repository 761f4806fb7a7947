"""Response models where the gateway's answer differs from aiograpi's own types.

Instagram sends a media `pk` as a JSON number of up to 19 digits, and aiograpi 1.0.9 keeps it as
an `int` (`Media.pk: Union[str, int]`). JavaScript clients parse such numbers into doubles and
lose the last digits, so every media pk leaves the gateway as a string, like user and comment
pks already do. Routes annotate these models instead of aiograpi's; FastAPI validates the
returned aiograpi objects into them (`from_attributes`), and aiograpi's `coerce_numbers_to_str`
turns the number into its exact decimal string.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aiograpi import types
from pydantic import AfterValidator, BaseModel, ConfigDict, RootModel


class Media(types.Media):
    """A post, reel, video or album; `pk` is the media pk as a decimal string."""

    model_config = ConfigDict(from_attributes=True)

    pk: str


class Guide(types.Guide):
    """A guide; its cover post is a `Media` with a string pk."""

    model_config = ConfigDict(from_attributes=True)

    cover_media: Media


class Highlight(types.Highlight):
    """A highlight; `pk` is its pk without the `highlight:` of `id`, its `media_ids` strings."""

    model_config = ConfigDict(from_attributes=True)

    media_ids: list[str] = []


class Track(types.Track):
    """A track; its `audio_cluster_id`, `audio_asset_id` and `artist_id` as decimal strings."""

    model_config = ConfigDict(from_attributes=True)

    audio_cluster_id: str
    audio_asset_id: str
    artist_id: str | None = None


def _with_offset(value: datetime) -> datetime:
    """aiograpi reads Direct times with `datetime.fromtimestamp`: naive, in the server's local
    time. They leave in UTC with the offset written, as RFC 3339 (the schema's date-time) wants."""
    return value.astimezone(UTC)


DirectTime = Annotated[datetime, AfterValidator(_with_offset)]


class MessageReaction(types.MessageReaction):
    """An emoji on a Direct message; `timestamp` in UTC."""

    model_config = ConfigDict(from_attributes=True)

    timestamp: DirectTime


class MessageReactions(types.MessageReactions):
    model_config = ConfigDict(from_attributes=True)

    emojis: list[MessageReaction] = []


class ReplyMessage(types.ReplyMessage):
    """The message a Direct message answers; its shared posts are `Media` with string pks."""

    model_config = ConfigDict(from_attributes=True)

    media_share: Media | None = None
    clip: Media | None = None
    timestamp: DirectTime


class DirectMessage(types.DirectMessage):
    """A Direct message; shared posts are `Media` with string pks, and `thread_id` (a 128-bit
    number, which JavaScript would round) is a decimal string."""

    model_config = ConfigDict(from_attributes=True)

    thread_id: str | None = None
    reply: ReplyMessage | None = None
    media_share: Media | None = None
    clip: Media | None = None
    timestamp: DirectTime
    reactions: MessageReactions | None = None


class LastSeenInfo(types.LastSeenInfo):
    """Where a member has read up to; times in UTC."""

    model_config = ConfigDict(from_attributes=True)

    timestamp: DirectTime
    created_at: DirectTime


class DirectThread(types.DirectThread):
    """A Direct thread: `id` (128-bit) and `pk` strings, its messages as `DirectMessage`, its
    times in UTC."""

    model_config = ConfigDict(from_attributes=True)

    messages: list[DirectMessage]
    last_activity_at: DirectTime
    last_seen_at: dict[str, LastSeenInfo] = {}


class DirectShortThread(types.DirectShortThread):
    """The thread a found message is in."""

    model_config = ConfigDict(from_attributes=True)


class DirectMessageSearchResult(BaseModel):
    """A message that holds the searched text, and its thread."""

    message: DirectMessage
    thread: DirectShortThread


class UserOutcomes(RootModel[dict[str, bool]]):
    """Each user id given and whether Instagram did it for that user."""
