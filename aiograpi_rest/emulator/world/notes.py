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


class Notes:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.notes: dict[str, Note] = {}
        self.last_seen: dict[str, int] = {}  # user_pk → timestamp

    def create(self, user_pk: str, text: str, audience: int = 0, created_at: int | None = None) -> Note:
        # One live note per user: a new one replaces the old.
        for note in self.notes.values():
            if note.user_pk == user_pk:
                note.deleted = True
        note = Note(self._ids.next("note"), user_pk, text, created_at or int(time.time()), audience)
        self.notes[note.id] = note
        return note

    def get(self, note_id: str) -> Note:
        note = self.notes.get(str(note_id))
        if note is None or note.deleted:
            raise fail(404, "Note not found")
        return note

    def live(self) -> list[Note]:
        return sorted((n for n in self.notes.values() if not n.deleted), key=lambda n: -n.created_at)
