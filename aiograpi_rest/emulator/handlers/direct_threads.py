"""Direct folders and threads as one member sees them: the inbox, pending and spam folders (paged
by thread), a thread's items (paged by item), creating a group, managing a thread (title, members,
mute, hide, approve, seen), recipient and message search, presence and the inbox's side calls."""

from __future__ import annotations

import json
import time

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.builders.direct import direct_inbox, direct_media_item, direct_thread_window
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.direct import Thread
from aiograpi_rest.emulator.world.paging import page_after

PAGE = 20  # threads or items a page holds when the app names no `limit`
ACTIVE_SECONDS = 300  # presence: someone who wrote within this long is active


def _count(req: EmRequest, name: str, default: int) -> int:
    raw = req.field(name, str(default))
    if not raw.isdigit():
        raise errors.bad_request(f"Invalid {name} {raw}")
    return int(raw)


def _ids(req: EmRequest, name: str) -> list[str]:
    """A JSON list of user ids (`recipient_users`, `user_ids`), each an existing user."""
    try:
        ids = [str(int(i)) for i in json.loads(req.field(name, "[]"))]
    except (ValueError, TypeError):
        raise errors.bad_request(f"Invalid {name}") from None
    for pk in ids:
        req.world.users.get(pk)
    return ids


def _thread(req: EmRequest) -> Thread:
    return req.world.direct.of_member(req.params["thread_id"], req.viewer_pk or "")


def _folder(req: EmRequest, folder: str) -> dict:
    viewer, direct = req.viewer_pk or "", req.world.direct
    threads = direct.inbox(viewer, folder)
    wanted = req.field("selected_filter")
    if wanted == "unread":
        threads = [t for t in threads if viewer in t.unread_for]
    elif wanted == "flagged":
        threads = [t for t in threads if viewer in t.flagged_by]
    box = req.field("folder")
    if box:
        threads = [t for t in threads if (viewer in t.general_for) == (box == "1")]
    chunk, cursor = page_after(
        threads, req.field("cursor") or None, _count(req, "limit", PAGE), key=lambda t: t.thread_id
    )
    limit = _count(req, "thread_message_limit", 10)
    inbox = direct_inbox(req.world, viewer, chunk, cursor, limit)
    return {"inbox": inbox, "viewer": builders.user_short(req.viewer), "status": "ok"}


@route("GET", "direct_v2/inbox/")
def inbox(req: EmRequest) -> dict:
    return _folder(req, "inbox")


@route("GET", "direct_v2/pending_inbox/")
def pending_inbox(req: EmRequest) -> dict:
    return _folder(req, "pending")


@route("GET", "direct_v2/spam_inbox/")
def spam_inbox(req: EmRequest) -> dict:
    return _folder(req, "spam")


@route("GET", "direct_v2/async_get_pending_requests_preview/")
def pending_preview(req: EmRequest) -> dict:
    viewer, world = req.viewer_pk or "", req.world
    pending = world.direct.inbox(viewer, "pending")
    senders = dict.fromkeys(t.creator_pk for t in pending)
    return {
        "pending_requests_total": len(pending),
        "unread_pending_requests": sum(viewer in t.unread_for for t in pending),
        "pending_requests_users": [builders.user_short(world.users.get(pk)) for pk in senders],
        "status": "ok",
    }


@route("GET", "direct_v2/threads/get_by_participants/")
def by_participants(req: EmRequest) -> dict:
    """Registered before `threads/{thread_id}/`, whose pattern would take its path."""
    world, viewer = req.world, req.viewer_pk or ""
    others = _ids(req, "recipient_users")
    users = [builders.user_short(world.users.get(pk)) for pk in others]
    found = world.direct.between([viewer, *others])
    if found is None:
        return {"users": users, "status": "ok"}
    latest = world.direct.live_messages(found)[:PAGE]
    return {
        "thread": direct_thread_window(world, found, viewer, latest, None),
        "users": users,
        "status": "ok",
    }


@route("GET", "direct_v2/threads/{thread_id}/")
def thread(req: EmRequest) -> dict:
    """Items newest first; `cursor` is the id of the oldest item already given."""
    found = _thread(req)
    messages = req.world.direct.live_messages(found)
    chunk, cursor = page_after(
        messages, req.field("cursor") or None, _count(req, "limit", PAGE), key=lambda m: m.item_id
    )
    window = direct_thread_window(req.world, found, req.viewer_pk or "", chunk, cursor)
    return {"thread": window, "status": "ok"}


@route("GET", "direct_v2/threads/{thread_id}/media/")
def thread_media(req: EmRequest) -> dict:
    """Items carrying media, newest first, older than `max_timestamp` (µs) when given."""
    found = _thread(req)
    before = _count(req, "max_timestamp", 0)
    items = [
        item
        for m in req.world.direct.live_messages(found)
        if not before or m.timestamp_us < before
        if (item := direct_media_item(req.world, found, m))
    ]
    limit = _count(req, "limit", PAGE)
    return {"items": items[:limit], "more_available": len(items) > limit, "status": "ok"}


@route("POST", "direct_v2/create_group_thread/")
def create_group_thread(req: EmRequest) -> dict:
    others = _ids(req, "recipient_users")
    if len(set(others) - {req.viewer_pk}) < 2:
        raise errors.bad_request("A group needs at least two other people")
    created = req.world.direct.create(req.viewer_pk or "", others, title=req.field("thread_title"))
    thread_json = direct_thread_window(req.world, created, req.viewer_pk or "", [], None)
    return {"thread_id": created.thread_id, "thread": thread_json, "status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/update_title/")
def update_title(req: EmRequest) -> dict:
    found = _thread(req)
    if not found.is_group:
        raise errors.bad_request("Only a group can have a title")
    found.title = req.field("title").strip()
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/add_user/")
def add_user(req: EmRequest) -> dict:
    found = _thread(req)
    added = _ids(req, "user_ids")
    if not added:
        raise errors.bad_request("No user to add")
    req.world.direct.add_users(found, added)
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/approve/")
def approve(req: EmRequest) -> dict:
    found = _thread(req)
    if req.viewer_pk not in found.pending_for | found.spam_for:
        raise errors.bad_request("This thread is not a request")
    req.world.direct.approve(found, req.viewer_pk or "")
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/hide/")
def hide(req: EmRequest) -> dict:
    to_spam = req.field("should_move_future_requests_to_spam").lower() == "true"
    req.world.direct.hide(_thread(req), req.viewer_pk or "", to_spam)
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/mark_unread/")
def mark_unread(req: EmRequest) -> dict:
    _thread(req).unread_for.add(req.viewer_pk or "")
    return {"status": "ok"}


def _toggle(req: EmRequest, which: str, on: bool) -> dict:
    members: set[str] = getattr(_thread(req), which)
    (members.add if on else members.discard)(req.viewer_pk or "")
    return {"status": "ok"}


@route("POST", "direct_v2/threads/{thread_id}/mute/")
def mute(req: EmRequest) -> dict:
    return _toggle(req, "muted_by", True)


@route("POST", "direct_v2/threads/{thread_id}/unmute/")
def unmute(req: EmRequest) -> dict:
    return _toggle(req, "muted_by", False)


@route("POST", "direct_v2/threads/{thread_id}/mute_video_call/")
def mute_video_call(req: EmRequest) -> dict:
    return _toggle(req, "video_call_muted_by", True)


@route("POST", "direct_v2/threads/{thread_id}/unmute_video_call/")
def unmute_video_call(req: EmRequest) -> dict:
    return _toggle(req, "video_call_muted_by", False)


@route("GET", "direct_v2/ranked_recipients/")
def ranked_recipients(req: EmRequest) -> dict:
    """People whose username or name holds the query: those the viewer has threads with first,
    then those the viewer follows, then the rest, each group by username."""
    world, viewer = req.world, req.viewer_pk or ""
    wanted = req.field("query").strip().lstrip("@").casefold()
    talked = {pk for t in world.direct.threads.values() if viewer in t.user_pks for pk in t.user_pks}
    found = [
        u
        for u in world.users
        if u.pk != viewer and wanted and (wanted in u.username.casefold() or wanted in u.full_name.casefold())
    ]
    found.sort(key=lambda u: (u.pk not in talked, not world.social.is_following(viewer, u.pk), u.username))
    limit = _count(req, "max_ig_results", 10)
    return {"ranked_recipients": [{"user": builders.user_short(u)} for u in found[:limit]], "status": "ok"}


@route("GET", "direct_v2/search_secondary/")
def search_secondary(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk or ""
    items = [
        {
            "matched_message_info": {"item_info": builders.direct_message(world, t, m)},
            "thread": direct_thread_window(world, t, viewer, [], None),
        }
        for t, m in world.direct.search_messages(viewer, req.field("query").strip())
    ]
    return {"message_search_results": {"message_search_result_items": items}, "status": "ok"}


def _presence(req: EmRequest, pks: list[str]) -> dict:
    direct = req.world.direct
    now_us = int(time.time() * 1_000_000)
    presence = {}
    for pk in pks:
        last = direct.last_activity_of(pk)
        active = last > 0 and now_us - last < ACTIVE_SECONDS * 1_000_000
        presence[pk] = {"is_active": active, "last_activity_at_ms": last // 1000}
    return presence


@route("POST", "direct_v2/fetch_and_subscribe_presence/")
def fetch_presence(req: EmRequest) -> dict:
    return {"user_presence": _presence(req, _ids(req, "request_data")), "status": "ok"}


@route("GET", "direct_v2/get_presence_active_now/")
def presence_active_now(req: EmRequest) -> dict:
    """Everyone the viewer has a thread with in the inbox."""
    viewer = req.viewer_pk or ""
    pks = dict.fromkeys(pk for t in req.world.direct.inbox(viewer) for pk in t.user_pks if pk != viewer)
    return {"user_presence": _presence(req, list(pks)), "status": "ok"}


@route("GET", "direct_v2/has_interop_upgraded/")
def has_interop_upgraded(req: EmRequest) -> dict:
    """No seeded account has moved its inbox to Messenger interop."""
    return {"has_interop_upgraded": False, "status": "ok"}


@route("GET", "direct_v2/search_gen_ai_bots/")
def search_gen_ai_bots(req: EmRequest) -> dict:
    """The world holds no AI bots, so the suggestion list is empty."""
    _count(req, "num_ai_bots", PAGE)
    return {"user_search_results": [], "status": "ok"}


@route("GET", "direct_v2/get_all_channels/")
def all_channels(req: EmRequest) -> dict:
    """Broadcast channels the user runs: no seeded account has one."""
    req.world.users.get(req.field("user_id") or req.viewer_pk or "")
    return {"all_channels_list": [], "status": "ok"}


@route("POST", "direct_v2/set_e2ee_eligibility/")
def set_e2ee_eligibility(req: EmRequest) -> dict:
    req.world.direct.e2ee_eligibility[req.viewer_pk or ""] = _count(req, "e2ee_eligibility", 0)
    return {"status": "ok"}
