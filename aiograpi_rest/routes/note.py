"""Notes above the inbox: the ones this session sees, one user's (or its text), writing one (text,
or with a song from `GET /notes/music/browser`), deleting yours, and marking the tray seen.

aiograpi 1.0.9's Note keeps no song: a music note's `track` is read from the answer aiograpi
parsed (this call's), as Instagram sends it beside the note.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi import types
from aiograpi.mixins.note import NoteMixin
from fastapi import APIRouter, Form, Query
from pydantic import BaseModel, ConfigDict, Field

from aiograpi_rest.boundary import INT32_MAX, TEXT_PATTERN, USERNAME_PATTERN, QueryPk
from aiograpi_rest.deps import SessionClient
from aiograpi_rest.errors import ApiError
from aiograpi_rest.forms import clean_username
from aiograpi_rest.music_fields import SESSION_ID_PATTERN, checked_track
from aiograpi_rest.selectors import USERNAME_HELP

router = APIRouter(tags=["Note"])

NOTE_MAX = 60  # characters Instagram takes in a note
AUDIENCE_HELP = "Who sees it: 0 followers you follow back, 1 close friends."
Audience = Annotated[int, Form(ge=0, le=1, description=AUDIENCE_HELP)]
UsernameQuery = Annotated[str, Query(pattern=USERNAME_PATTERN, description=USERNAME_HELP)]
NoteText = Annotated[
    str, Form(max_length=NOTE_MAX, pattern=TEXT_PATTERN, description=f"At most {NOTE_MAX} characters.")
]


class NoteTrack(BaseModel):
    """The song a music note plays, from `start_time` for `duration` ms."""

    audio_asset_id: str
    audio_cluster_id: str
    title: str = ""
    display_artist: str = ""
    start_time: int = 0
    duration: int = 0


class Note(types.Note):
    """A note; `track` is set on a music note."""

    track: NoteTrack | None = None


def _track_of(raw: dict[str, Any] | None) -> NoteTrack | None:
    info = ((raw or {}).get("note_response_info") or {}).get("music_note_response_info") or {}
    asset = info.get("music_asset_info") or {}
    if not asset.get("audio_asset_id"):
        return None
    return NoteTrack(
        **{
            k: str(asset.get(k) or "")
            for k in ("audio_asset_id", "audio_cluster_id", "title", "display_artist")
        },
        start_time=int(info.get("audio_clip_start_time_ms") or 0),
        duration=int(info.get("audio_clip_duration_ms") or 0),
    )


def _with_track(note: types.Note, raw: dict[str, Any] | None) -> Note:
    return Note(**note.model_dump(), track=_track_of(raw))


async def _notes(cl: SessionClient) -> list[Note]:
    found = await cl.get_notes()
    raw = {str(item.get("id")): item for item in cl.last_json.get("items") or []}
    return [_with_track(n, raw.get(n.id)) for n in found]


def _no_note(username: str) -> ApiError:
    return ApiError(
        404,
        f"No note from {username} that this account sees",
        exc_type="NoteNotFound",
        hint="GET /notes lists the notes this account sees; a note shows for a day.",
    )


async def _note_of(cl: SessionClient, username: str) -> Note | None:
    return cl.get_note_by_user(await _notes(cl), clean_username(username))


@router.get("/notes", summary="The notes this account sees, newest first")
async def notes(cl: SessionClient) -> list[Note]:
    """A music note's `track` is read from Instagram's answer: aiograpi 1.0.9's Note drops it."""
    return await _notes(cl)


@router.get("/note", summary="A user's note, if this account sees it")
async def note_by_user(cl: SessionClient, username: UsernameQuery) -> Note | None:
    """`null` when that user has no note this account sees, as the reference answers."""
    return await _note_of(cl, username)


@router.get("/note/text", summary="A user's note's text, if this account sees it")
async def note_text(cl: SessionClient, username: UsernameQuery) -> str:
    """No note from that user that this account sees is a 404 `NoteNotFound`: the answer is a string."""
    note = await _note_of(cl, username)
    if note is None:
        raise _no_note(clean_username(username))
    return note.text


@router.post("/note", summary="Write a note (it replaces yours)")
async def create_note(cl: SessionClient, text: NoteText, audience: Audience = 0) -> Note:
    return _with_track(await cl.create_note(text, audience), None)


class MusicNote(BaseModel):
    """A music note, as the reference takes it: one JSON body."""

    model_config = ConfigDict(extra="forbid")

    track: dict[str, Any] = Field(
        description="One of `GET /notes/music/browser`'s `items[].track` (or a `GET /music/search` row)."
    )
    text: str = Field("", max_length=NOTE_MAX, description=f"At most {NOTE_MAX} characters; may be empty.")
    audience: int = Field(0, ge=0, le=1, description=AUDIENCE_HELP)
    start_time: int | None = Field(None, ge=0, le=INT32_MAX, description="Where the song starts, in ms.")
    duration: int = Field(30000, ge=1, le=INT32_MAX, description="How long the song plays, in ms.")
    browse_session_id: str | None = Field(None, pattern=SESSION_ID_PATTERN)
    alacorn_session_id: str | None = Field(
        None, pattern=SESSION_ID_PATTERN, description="Default: a new one from the notes' music browser."
    )


@router.post("/note/music", summary="Write a note with a song from GET /notes/music/browser")
async def create_music_note(cl: SessionClient, body: MusicNote) -> Note:
    """A JSON body, as the reference's (every other write takes a form). Without
    `alacorn_session_id` aiograpi asks the browser for one first. The answer's `track` is read from
    Instagram's: aiograpi 1.0.9's Note drops it."""
    note = await cl.create_music_note(
        checked_track(body.track),
        body.text,
        body.audience,
        body.start_time,
        body.duration,
        body.browse_session_id,
        body.alacorn_session_id,
    )
    return _with_track(note, NoteMixin._note_dict_from_create_inbox_tray_item(cl.last_json))


@router.delete("/note", summary="Delete your note")
async def delete_note(cl: SessionClient, note_id: QueryPk) -> bool:
    return await cl.delete_note(note_id)


@router.patch("/notes/last-seen", summary="Mark the notes tray seen")
async def notes_last_seen(cl: SessionClient) -> bool:
    return await cl.last_seen_update_note()


@router.get("/notes/music/browser", summary="Songs a music note can play (and the session id it needs)")
async def notes_music_browser(cl: SessionClient) -> dict[str, Any]:
    return await cl.notes_music_browser()
