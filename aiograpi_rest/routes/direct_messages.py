"""Direct messages written: text to users or threads, unsend, likes and reactions, seen; shares of
a profile, a story and a post; a photo, a file, a video, a voice note and a cutout sticker.

Every send answers the gateway's `DirectMessage` (thread and message ids as strings). Files go
through the upload spool and the media rules (`media/rules.py`: Surface.DIRECT for videos,
Surface.VOICE for voice notes) before anything reaches Instagram. The reads (threads, messages,
a thread's media) live in their own module.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import Field, StringConstraints

from aiograpi_rest.boundary import (
    DIGITS_PATTERN,
    MEDIA_ID_PATTERN,
    MESSAGE_ID_PATTERN,
    TEXT_PATTERN,
    THREAD_ID_PATTERN,
    USER_PATTERN,
    WORD_PATTERN,
    UserItem,
    described,
)
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.forms import exactly_one
from aiograpi_rest.media.rules import Surface
from aiograpi_rest.media.spool import Spool
from aiograpi_rest.models import DirectMessage

router = APIRouter(prefix="/direct", tags=["Direct"])

TEXT_MAX = 1000  # Instagram's limit for one message
WAVEFORM_MAX = 600  # a minute at aiograpi's 10 values a second
# aiograpi's mutation tokens are digits; Instagram's client contexts are letters and digits too.
CLIENT_CONTEXT_PATTERN = described(
    r"^[A-Za-z0-9_-]{1,64}$", "a client context: 1 to 64 letters, digits, '_' or '-'"
)
EMOJI_PATTERN = described(r"^[^\s\x00-\x1f\x7f]{1,16}$", "an emoji: 1 to 16 characters, no spaces")

ThreadIdItem = Annotated[str, StringConstraints(pattern=THREAD_ID_PATTERN)]
UserIds = Annotated[list[UserItem], Form(description="Recipients' user ids (repeat the field).")]
ThreadIds = Annotated[list[ThreadIdItem], Form(description="Thread ids, as strings (repeat the field).")]
ThreadIdForm = Annotated[str, Form(pattern=THREAD_ID_PATTERN, description="The thread's id, as a string.")]
MessageIdForm = Annotated[str, Form(pattern=MESSAGE_ID_PATTERN, description="The message's id, as a string.")]
ThreadIdQuery = Annotated[str, Query(pattern=THREAD_ID_PATTERN, description="The thread's id, as a string.")]
MessageIdQuery = Annotated[
    str, Query(pattern=MESSAGE_ID_PATTERN, description="The message's id, as a string.")
]
Text = Annotated[str, Form(pattern=TEXT_PATTERN, max_length=TEXT_MAX, description="The message.")]
CONTEXT_HELP = "The message's `client_context` (from its DirectMessage), if known."
EMOJI_HELP = "The reaction's emoji."
SOURCE_HELP = "How the reaction was made (Instagram's word)."
TARGET_HELP = "The message's item type for special items (`raven_media`, `voice_media`)."
# The reaction's fields: in the form of a POST, in the query of a DELETE.
ContextForm = Annotated[str | None, Form(pattern=CLIENT_CONTEXT_PATTERN, description=CONTEXT_HELP)]
ContextQuery = Annotated[str | None, Query(pattern=CLIENT_CONTEXT_PATTERN, description=CONTEXT_HELP)]
EmojiForm = Annotated[str, Form(pattern=EMOJI_PATTERN, description=EMOJI_HELP)]
EmojiQuery = Annotated[str, Query(pattern=EMOJI_PATTERN, description=EMOJI_HELP)]
SourceForm = Annotated[str, Form(pattern=WORD_PATTERN, description=SOURCE_HELP)]
SourceQuery = Annotated[str, Query(pattern=WORD_PATTERN, description=SOURCE_HELP)]
TargetForm = Annotated[str | None, Form(pattern=WORD_PATTERN, description=TARGET_HELP)]
TargetQuery = Annotated[str | None, Query(pattern=WORD_PATTERN, description=TARGET_HELP)]


def _recipients(user_ids: list[str], thread_ids: list[str]) -> tuple[list[int], list[int]]:
    """Exactly one of the two lists, as aiograpi takes them (a 422 naming both otherwise)."""
    exactly_one(user_ids=" ".join(user_ids) or None, thread_ids=" ".join(thread_ids) or None)
    return [int(u) for u in user_ids], [int(t) for t in thread_ids]


@router.post("/message", summary="Send a text to users or threads")
async def direct_send(
    cl: SessionClient,
    text: Text,
    user_ids: UserIds = [],  # noqa: B006  (FastAPI copies defaults per request)
    thread_ids: ThreadIds = [],  # noqa: B006
    send_attribute: Annotated[
        Literal["message_button", "inbox_search"], Form(description="Where the send was made.")
    ] = "message_button",
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    return await cl.direct_send(text, users, threads, send_attribute)


@router.post("/thread/message", summary="Send a text to a thread")
async def direct_answer(cl: SessionClient, thread_id: ThreadIdForm, text: Text) -> DirectMessage:
    return await cl.direct_answer(int(thread_id), text)


@router.delete("/message", summary="Unsend one of your messages")
async def direct_message_unsend(
    cl: SessionClient, thread_id: ThreadIdQuery, message_id: MessageIdQuery
) -> bool:
    return await cl.direct_message_unsend(int(thread_id), int(message_id))


@router.post("/message/like", summary="Like a message (a ❤ reaction)")
async def direct_message_like(
    cl: SessionClient,
    thread_id: ThreadIdForm,
    message_id: MessageIdForm,
    client_context: ContextForm = None,
) -> bool:
    return await cl.direct_message_like(int(thread_id), int(message_id), client_context)


@router.delete("/message/like", summary="Take your like off a message")
async def direct_message_unlike(
    cl: SessionClient,
    thread_id: ThreadIdQuery,
    message_id: MessageIdQuery,
    client_context: ContextQuery = None,
) -> bool:
    return await cl.direct_message_unlike(int(thread_id), int(message_id), client_context)


@router.post("/message/reaction", summary="React to a message with an emoji")
async def direct_send_reaction(
    cl: SessionClient,
    thread_id: ThreadIdForm,
    message_id: MessageIdForm,
    emoji: EmojiForm = "❤",
    client_context: ContextForm = None,
    action_source: SourceForm = "double_tap",
    target_item_type: TargetForm = None,
) -> bool:
    return await cl.direct_send_reaction(
        int(thread_id), int(message_id), emoji, client_context, action_source, target_item_type
    )


@router.delete("/message/reaction", summary="Take your reaction off a message")
async def direct_delete_reaction(
    cl: SessionClient,
    thread_id: ThreadIdQuery,
    message_id: MessageIdQuery,
    emoji: EmojiQuery = "❤",
    client_context: ContextQuery = None,
    action_source: SourceQuery = "double_tap",
    target_item_type: TargetQuery = None,
) -> bool:
    return await cl.direct_delete_reaction(
        int(thread_id), int(message_id), emoji, client_context, action_source, target_item_type
    )


@router.patch("/message/seen", summary="Mark a message seen")
async def direct_message_seen(cl: SessionClient, thread_id: ThreadIdForm, message_id: MessageIdForm) -> bool:
    return await cl.direct_message_seen(int(thread_id), int(message_id))


@router.post("/profile", summary="Share a profile")
async def direct_profile_share(
    cl: SessionClient,
    user_id: Annotated[str, Form(pattern=USER_PATTERN, description="The shared profile's user id.")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    return await cl.direct_profile_share(user_id.strip(), users, threads)


@router.post("/story", summary="Share a story")
async def direct_story_share(
    cl: SessionClient,
    story_id: Annotated[str, Form(pattern=MEDIA_ID_PATTERN, description="The story's id or pk.")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    return await cl.direct_story_share(story_id, users, threads)


@router.post("/media", summary="Share a post with users")
async def direct_media_share(
    cl: SessionClient,
    media_id: Annotated[str, Form(pattern=MEDIA_ID_PATTERN, description="The post's media id or pk.")],
    user_ids: Annotated[
        list[UserItem], Form(min_length=1, description="Recipients' user ids (repeat the field).")
    ],
    send_attribute: Annotated[
        Literal[
            "feed_timeline",
            "feed_contextual_chain",
            "feed_short_url",
            "feed_contextual_self_profile",
            "feed_contextual_profile",
        ],
        Form(description="Where the share was made."),
    ] = "feed_timeline",
    media_type: Annotated[Literal["photo", "video"], Form(description="The shared post's kind.")] = "photo",
) -> DirectMessage:
    return await cl.direct_media_share(media_id, [int(u) for u in user_ids], send_attribute, media_type)


@router.post("/photo", summary="Send a photo")
async def direct_send_photo(
    cl: SessionClient,
    svc: ServicesDep,
    file: Annotated[UploadFile, File(description="A JPEG, PNG or WebP photo (read from its bytes).")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    async with Spool.of(svc.settings) as spool:
        photo = await spool.photo("file", file)
        return await cl.direct_send_photo(photo.path, users, threads)


@router.post("/file", summary="Send a photo or a video as a file")
async def direct_send_file(
    cl: SessionClient,
    svc: ServicesDep,
    file: Annotated[
        UploadFile, File(description="A photo (JPEG, PNG, WebP) or an MP4 video, per content_type.")
    ],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
    content_type: Annotated[Literal["photo", "video"], Form(description="What the file is.")] = "photo",
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    async with Spool.of(svc.settings) as spool:
        if content_type == "video":
            video = await spool.video("file", file, Surface.DIRECT)
            return await cl.direct_send_video(video.path, users, threads)
        photo = await spool.photo("file", file)
        return await cl.direct_send_file(photo.path, users, threads, content_type="photo")


@router.post("/video", summary="Send a video")
async def direct_send_video(
    cl: SessionClient,
    svc: ServicesDep,
    file: Annotated[UploadFile, File(description="An MP4 video: H.264, AAC sound, 1 to 60 s.")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    async with Spool.of(svc.settings) as spool:
        video = await spool.video("file", file, Surface.DIRECT)
        return await cl.direct_send_video(video.path, users, threads)


@router.post("/voice", summary="Send a voice note")
async def direct_send_voice(
    cl: SessionClient,
    svc: ServicesDep,
    file: Annotated[UploadFile, File(description="An M4A recording (AAC in MP4), 1 to 60 s.")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
    waveform: Annotated[
        list[Annotated[float, Field(ge=0, le=1)]],
        Form(max_length=WAVEFORM_MAX, description="Loudness 0 to 1, 10 values a second (repeat the field)."),
    ] = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    async with Spool.of(svc.settings) as spool:
        voice = await spool.audio("file", file, Surface.VOICE)
        return await cl.direct_send_voice(voice.path, users, threads, waveform or None)


@router.post("/cutout/sticker", summary="Send a cutout sticker")
async def direct_send_cutout_sticker(
    cl: SessionClient,
    sticker_pk: Annotated[str, Form(pattern=DIGITS_PATTERN, description="The cutout sticker's pk (digits).")],
    user_ids: UserIds = [],  # noqa: B006
    thread_ids: ThreadIds = [],  # noqa: B006
) -> DirectMessage:
    users, threads = _recipients(user_ids, thread_ids)
    return await cl.direct_send_cutout_sticker(sticker_pk, users, threads)
