"""Notes: the short status text shown above the inbox."""

from __future__ import annotations

import time
from dataclasses import dataclass

from aiograpi_rest.emulator.errors import fail
from aiograpi_rest.emulator.world.ids import Ids


@dataclass
class Note:
    id: str
    user_pk: str
    text: str
    created_at: int
    audience: int = 0  # 0 followers you follow back, 1 close friends
    deleted: bool = False
    music: NoteMusic | None = None


@dataclass(frozen=True)
class NoteMusic:
    """The song a music note plays: which track, from where, for how long (ms)."""

    track_id: str
    start_time: int
    duration: int


AUDIENCES = (0, 1)  # followers you follow back, close friends


class Notes:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.notes: dict[str, Note] = {}
        self.last_seen: dict[str, int] = {}  # user_pk → timestamp

    def create(
        self,
        user_pk: str,
        text: str,
        audience: int = 0,
        created_at: int | None = None,
        music: NoteMusic | None = None,
    ) -> Note:
        # One live note per user: a new one replaces the old.
        for note in self.notes.values():
            if note.user_pk == user_pk:
                note.deleted = True
        if audience not in AUDIENCES:
            raise fail(400, f"Invalid audience {audience}")
        note = Note(
            self._ids.next("note"), user_pk, text, created_at or int(time.time()), audience, music=music
        )
        self.notes[note.id] = note
        return note

    def get(self, note_id: str) -> Note:
        note = self.notes.get(str(note_id))
        if note is None or note.deleted:
            raise fail(404, "Note not found")
        return note

    def live(self) -> list[Note]:
        return sorted((n for n in self.notes.values() if not n.deleted), key=lambda n: -n.created_at)

    def delete(self, note_id: str, user_pk: str | None) -> None:
        """Only its author deletes a note; someone else's is as good as absent to them."""
        note = self.get(note_id)
        if note.user_pk != user_pk:
            raise fail(404, "Note not found")
        note.deleted = True

    def mark_seen(self, user_pk: str, at: int | None = None) -> None:
        self.last_seen[user_pk] = at or int(time.time())
