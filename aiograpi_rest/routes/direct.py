"""Direct: the inbox and its folders (pending requests, spam), threads (read, create, rename, add
people, mute, hide, mark seen), reading messages, searching recipients and messages, presence and
the inbox's side calls. Sending and acting on messages lives beside it.

Thread and message ids are 128-bit numbers: they go in and come out as decimal strings.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiograpi.types import DirectMedia, UserShort
from fastapi import APIRouter, Form, Query

from aiograpi_rest.boundary import (
    INT32_MAX,
    MAX_ALL,
    MESSAGE_ID_PATTERN,
    THREAD_ID_PATTERN,
    USER_PATTERN,
    WORD_PATTERN,
    QueryCursor,
    UserItem,
    search_query,
)
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import invalid
from aiograpi_rest.models import (
    DirectMessage,
    DirectMessageSearchResult,
    DirectShortThread,
    DirectThread,
)
from aiograpi_rest.pagination import MAX_AMOUNT, Page

router = APIRouter(prefix="/direct", tags=["Direct"])

ThreadIdQuery = Annotated[str, Query(pattern=THREAD_ID_PATTERN, description="The thread's id (digits).")]
ThreadIdForm = Annotated[str, Form(pattern=THREAD_ID_PATTERN, description="The thread's id (digits).")]
MessageIdQuery = Annotated[str, Query(pattern=MESSAGE_ID_PATTERN, description="The message's id (digits).")]
AmountAll = Annotated[int, Query(ge=0, le=MAX_ALL, description="At most this many; 0: all.")]
SelectedFilter = Annotated[
    Literal["", "flagged", "unread"], Query(description="Only flagged or only unread threads.")
]
Box = Annotated[
    Literal["", "general", "primary"], Query(description="A business inbox's box (General or Primary).")
]
MessageLimit = Annotated[
    int | None, Query(ge=1, le=MAX_AMOUNT, description="Latest messages per thread (default 10).")
]
USER_IDS_HELP = "Repeat the field per user (user ids)."


class DirectThreadPage(Page[DirectThread]):
    """A page of threads: pass `next_cursor` back as `cursor`; an empty one ends the folder."""


def _ids(user_ids: list[str]) -> list[int]:
    return [int(u) for u in user_ids]


@router.get("/inbox", summary="A page of the inbox's threads")
async def inbox(
    cl: SessionClient,
    selected_filter: SelectedFilter = "",
    box: Box = "",
    thread_message_limit: MessageLimit = None,
    cursor: QueryCursor = "",
) -> DirectThreadPage:
    threads, next_cursor = await cl.direct_threads_chunk(
        selected_filter, box, thread_message_limit, cursor.strip() or None
    )
    return DirectThreadPage(items=threads, next_cursor=next_cursor or "")


@router.get("/threads", summary="The inbox's threads, most recent first")
async def threads(
    cl: SessionClient,
    amount: AmountAll = 20,
    selected_filter: SelectedFilter = "",
    box: Box = "",
    thread_message_limit: MessageLimit = None,
) -> list[DirectThread]:
    return await cl.direct_threads(amount, selected_filter, box, thread_message_limit)


@router.get("/pending", summary="A page of message requests")
async def pending(cl: SessionClient, cursor: QueryCursor = "") -> DirectThreadPage:
    threads, next_cursor = await cl.direct_pending_chunk(cursor.strip() or None)
    return DirectThreadPage(items=threads, next_cursor=next_cursor or "")


@router.get("/spam", summary="A page of hidden requests")
async def spam(cl: SessionClient, cursor: QueryCursor = "") -> DirectThreadPage:
    threads, next_cursor = await cl.direct_spam_chunk(cursor.strip() or None)
    return DirectThreadPage(items=threads, next_cursor=next_cursor or "")


@router.get("/pending/inbox", summary="Message requests")
async def pending_inbox(cl: SessionClient, amount: AmountAll = 20) -> list[DirectThread]:
    return await cl.direct_pending_inbox(amount)


@router.get("/spam/inbox", summary="Hidden requests")
async def spam_inbox(cl: SessionClient, amount: AmountAll = 20) -> list[DirectThread]:
    return await cl.direct_spam_inbox(amount)


@router.get("/requests", summary="Message requests (the pending inbox)")
async def requests(cl: SessionClient, amount: AmountAll = 20) -> list[DirectThread]:
    return await cl.direct_requests(amount)


@router.get("/requests/preview", summary="Counts of message requests, without the threads")
async def requests_preview(
    cl: SessionClient,
    pending_inbox_filters: Annotated[
        list[Annotated[str, Query(pattern=WORD_PATTERN)]], Query(description="Repeat per filter.")
    ] = [],  # noqa: B006  (FastAPI copies defaults per request)
) -> dict[str, Any]:
    return await cl.direct_pending_requests_preview(pending_inbox_filters)


@router.post("/request/approve", summary="Accept a message request: it moves to the inbox")
async def request_approve(cl: SessionClient, thread_id: ThreadIdForm) -> bool:
    return await cl.direct_request_approve(int(thread_id))


@router.get("/channels", summary="Broadcast channels of a user (default: this account)")
async def channels(
    cl: SessionClient,
    user_id: Annotated[str | None, Query(pattern=USER_PATTERN, description="A user id.")] = None,
    thread_subtypes: Annotated[
        list[Annotated[int, Query(ge=0, le=INT32_MAX)]], Query(description="Repeat per subtype (default 29).")
    ] = [],  # noqa: B006
) -> list[dict[str, Any]]:
    return await cl.direct_channels(int(user_id) if user_id else None, thread_subtypes)


@router.get("/presence", summary="Who is active: the given users, or everyone in the inbox")
async def presence(
    cl: SessionClient,
    user_ids: Annotated[list[UserItem], Query(description=USER_IDS_HELP)] = [],  # noqa: B006
) -> dict[str, Any]:
    if user_ids:
        return await cl.direct_users_presence(_ids(user_ids))
    return await cl.direct_active_presence()


@router.get("/interop/upgraded", summary="Whether the inbox moved to Messenger interop")
async def interop_upgraded(cl: SessionClient) -> bool:
    return await cl.direct_has_interop_upgraded()


@router.get("/genai/bots", summary="AI bots suggested in Direct")
async def genai_bots(
    cl: SessionClient,
    amount: Annotated[int, Query(ge=1, le=MAX_AMOUNT, description="At most this many.")] = 20,
) -> list[UserShort]:
    return await cl.direct_search_gen_ai_bots(amount)


@router.patch("/e2ee/eligibility", summary="Set the end-to-end encryption eligibility")
async def e2ee_eligibility(
    cl: SessionClient,
    e2ee_eligibility: Annotated[int, Form(ge=0, le=INT32_MAX, description="Instagram's raw value.")] = 4,
) -> bool:
    return await cl.direct_set_e2ee_eligibility(e2ee_eligibility)


@router.get("/thread", summary="A thread with its latest messages")
async def thread(cl: SessionClient, thread_id: ThreadIdQuery, amount: AmountAll = 20) -> DirectThread:
    return await cl.direct_thread(int(thread_id), amount)


@router.post("/thread", summary="Create a group thread; answers its id")
async def thread_create(
    cl: SessionClient,
    user_ids: Annotated[
        list[UserItem], Form(min_length=2, description="At least two people. " + USER_IDS_HELP)
    ],
    title: Annotated[str, Form(max_length=100, description="The group's title.")] = "",
) -> str:
    people = [u for u in dict.fromkeys(_ids(user_ids)) if u != int(cl.user_id)]
    if len(people) < 2:
        raise invalid("user_ids", "a group needs at least two people besides this account", user_ids)
    return await cl.direct_thread_create(people, title.strip())


@router.patch("/thread", summary="Rename a group, or mark a thread unread")
async def thread_update(
    cl: SessionClient,
    thread_id: ThreadIdForm,
    title: Annotated[str | None, Form(max_length=100, description="The group's new title.")] = None,
    is_unread: Annotated[
        bool | None, Form(description="true: mark the thread unread.", json_schema_extra={"enum": [True]})
    ] = None,
) -> bool:
    if is_unread is False:
        raise invalid("is_unread", "only true: PATCH /direct/thread/seen marks a thread read", is_unread)
    if title is None and not is_unread:
        raise invalid("title", "give at least one field to change: title or is_unread=true")
    done = True
    if title is not None:
        done = await cl.direct_thread_update_title(int(thread_id), title.strip())
    if is_unread:
        done = await cl.direct_thread_mark_unread(int(thread_id)) and done
    return done


@router.delete("/thread", summary="Hide (delete) a thread; optionally send its future requests to spam")
async def thread_hide(
    cl: SessionClient,
    thread_id: ThreadIdQuery,
    move_to_spam: Annotated[bool, Query(description="A request goes to the hidden requests.")] = False,
) -> bool:
    return await cl.direct_thread_hide(int(thread_id), move_to_spam)


@router.get("/thread/by/participants", summary="The thread with exactly these people, if any")
async def thread_by_participants(
    cl: SessionClient,
    user_ids: Annotated[list[UserItem], Query(min_length=1, description=USER_IDS_HELP)],
) -> dict[str, Any]:
    return await cl.direct_thread_by_participants(_ids(user_ids))


@router.post("/thread/user", summary="Add people to a group")
async def thread_add_users(
    cl: SessionClient,
    thread_id: ThreadIdForm,
    user_ids: Annotated[list[UserItem], Form(min_length=1, description=USER_IDS_HELP)],
) -> bool:
    return await cl.direct_thread_add_users(int(thread_id), _ids(user_ids))


@router.post("/thread/mute", summary="Mute a thread")
async def thread_mute(cl: SessionClient, thread_id: ThreadIdForm) -> bool:
    return await cl.direct_thread_mute(int(thread_id))


@router.delete("/thread/mute", summary="Unmute a thread")
async def thread_unmute(cl: SessionClient, thread_id: ThreadIdQuery) -> bool:
    return await cl.direct_thread_unmute(int(thread_id))


@router.post("/thread/video/call/mute", summary="Mute a thread's video calls")
async def thread_mute_video_call(cl: SessionClient, thread_id: ThreadIdForm) -> bool:
    return await cl.direct_thread_mute_video_call(int(thread_id))


@router.delete("/thread/video/call/mute", summary="Unmute a thread's video calls")
async def thread_unmute_video_call(cl: SessionClient, thread_id: ThreadIdQuery) -> bool:
    return await cl.direct_thread_unmute_video_call(int(thread_id))


@router.patch("/thread/seen", summary="Mark a thread seen (up to its latest message)")
async def thread_seen(cl: SessionClient, thread_id: ThreadIdForm) -> bool:
    read = await cl.direct_thread(int(thread_id), amount=1)
    if not read.messages:
        return True
    return await cl.direct_message_seen(int(thread_id), int(read.messages[0].id))


@router.get("/search", summary="Find people to message")
async def search(
    cl: SessionClient,
    query: Annotated[str, search_query("A username or name (trimmed).")],
    mode: Annotated[
        Literal["raven", "universal"], Query(description="Instagram's search mode.")
    ] = "universal",
) -> list[UserShort]:
    return await cl.direct_search(query.strip(), mode)


@router.get("/messages/search", summary="Find messages that hold a text")
async def messages_search(
    cl: SessionClient, query: Annotated[str, search_query()]
) -> list[DirectMessageSearchResult]:
    found = await cl.direct_message_search(query.strip())
    return [
        DirectMessageSearchResult(
            message=DirectMessage.model_validate(m), thread=DirectShortThread.model_validate(t)
        )
        for m, t in found
    ]


@router.get("/message", summary="One message of a thread (among its latest `amount`)")
async def message(
    cl: SessionClient, thread_id: ThreadIdQuery, message_id: MessageIdQuery, amount: AmountAll = 20
) -> DirectMessage:
    return await cl.direct_message(int(thread_id), message_id, amount)


@router.get("/messages", summary="A thread's latest messages, newest first")
async def messages(
    cl: SessionClient, thread_id: ThreadIdQuery, amount: AmountAll = 20
) -> list[DirectMessage]:
    return await cl.direct_messages(int(thread_id), amount)


@router.get("/media", summary="Pictures, videos and voice notes sent in a thread, newest first")
async def media(cl: SessionClient, thread_id: ThreadIdQuery, amount: AmountAll = 20) -> list[DirectMedia]:
    return await cl.direct_media(int(thread_id), amount)
