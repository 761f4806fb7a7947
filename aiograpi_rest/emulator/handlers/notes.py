"""Notes above the inbox: the tray, writing one (text, or with a song from the notes' music
browser through the CreateInboxTrayItem mutation), deleting one, and the tray's last-seen mark."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.notes import Note, NoteMusic

CREATE_INBOX_TRAY_ITEM = "CreateInboxTrayItemRequest"


def visible(world: World, viewer_pk: str, note: Note) -> bool:
    """Your own note; audience 0 shows it to followers you follow back, 1 to your close friends."""
    owner = note.user_pk
    if owner == viewer_pk:
        return True
    if world.social.is_blocked_between(owner, viewer_pk):
        return False
    if note.audience == 1:
        return world.social.is_close_friend(owner, viewer_pk)
    return world.social.is_following(owner, viewer_pk) and world.social.is_following(viewer_pk, owner)


def _audience(raw: object) -> int:
    try:
        return int(str(raw))
    except ValueError:
        raise errors.bad_request(f"Invalid audience {raw}") from None


@route("GET", "notes/get_notes/")
def get_notes(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk or ""
    notes = [n for n in world.notes.live() if visible(world, viewer, n)]
    return {"items": [builders.note_v1(world, n) for n in notes]}


@route("POST", "notes/create_note")
def create_note(req: EmRequest) -> dict:
    text = req.field("text")
    if not text.strip():
        raise errors.bad_request("Your note is empty")
    note = req.world.notes.create(req.viewer_pk or "", text, _audience(req.field("audience", "0")))
    return builders.note_v1(req.world, note)


@route("POST", "notes/delete_note/")
def delete_note(req: EmRequest) -> dict:
    req.world.notes.delete(req.field("id"), req.viewer_pk)
    return {}


@route("POST", "notes/update_notes_last_seen_timestamp/")
def notes_last_seen(req: EmRequest) -> dict:
    req.world.notes.mark_seen(req.viewer_pk or "")
    return {}


@route("POST", "music/notes_audio_browser/")
def notes_audio_browser(req: EmRequest) -> dict:
    """Every track, as the browser's first page; its session id is what a music note must carry."""
    return {
        "items": [{"track": builders.track_v1(t)} for t in req.world.tags.tracks.values()],
        "alacorn_session_id": f"alacorn-notes-{req.viewer_pk}",
        "page_info": {"more_available": False, "next_max_id": None},
    }


@route("POST", "/graphql/query", selector=("fb_api_req_friendly_name", CREATE_INBOX_TRAY_ITEM))
def create_inbox_tray_item(req: EmRequest) -> dict:
    """A music note: the track must be one the browser offers, named by its asset and cluster ids."""
    request = req.json_field("variables").get("request") or {}
    params = (request.get("additional_params") or {}).get("note_create_params") or {}
    info = (params.get("note_create_info") or {}).get("music_note_create_info") or {}
    world = req.world
    track = world.tags.tracks.get(str(info.get("audio_asset_id", "")))
    # GraphQL refuses in the body of a 200, not with an HTTP status.
    if track is None:
        return {"errors": [{"message": "Track not found", "severity": "CRITICAL", "code": 1675004}]}
    if str(info.get("audio_cluster_id")) != track.audio_cluster_id or not info.get("alacorn_session_id"):
        return {
            "errors": [{"message": "Invalid music note parameters", "severity": "CRITICAL", "code": 1357031}]
        }
    music = NoteMusic(track.id, int(info.get("start_time") or 0), int(info.get("duration") or 0))
    note = world.notes.create(
        req.viewer_pk or "", str(params.get("text") or ""), _audience(request.get("audience", 0)), music=music
    )
    return {
        "data": {
            "xdt_create_inbox_tray_item": {
                "success": True,
                "inbox_tray_item": {"note_dict": builders.note_dict(world, note)},
            }
        },
        "extensions": {"is_final": True},
    }
