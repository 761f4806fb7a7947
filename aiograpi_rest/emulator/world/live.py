"""Live broadcasts: created, started, ended; their viewers and comments."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import bad_request, fail
from aiograpi_rest.emulator.world.ids import Ids

# Instagram's `broadcast_status` values, in the order a broadcast goes through them.
PREPARING, ACTIVE, STOPPED = "preparing", "active", "stopped"


@dataclass
class LiveComment:
    pk: str
    user_pk: str
    text: str
    created_at: int


@dataclass
class Broadcast:
    id: str
    owner_pk: str
    title: str
    created_at: int
    stream_token: str
    status: str = PREPARING
    started_at: int | None = None
    ended_at: int | None = None
    viewers: dict[str, int] = field(default_factory=dict)  # user_pk → seq of joining
    comments: list[LiveComment] = field(default_factory=list)  # oldest first


class Live:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.broadcasts: dict[str, Broadcast] = {}

    def create(self, owner_pk: str, title: str) -> Broadcast:
        broadcast = Broadcast(
            self._ids.next("broadcast"), owner_pk, title, int(time.time()), self._ids.token(24)
        )
        self.broadcasts[broadcast.id] = broadcast
        return broadcast

    def get(self, broadcast_id: str | int) -> Broadcast:
        broadcast = self.broadcasts.get(str(broadcast_id))
        if broadcast is None:
            raise fail(404, "Broadcast not found")
        return broadcast

    def owned(self, broadcast_id: str | int, user_pk: str | None) -> Broadcast:
        broadcast = self.get(broadcast_id)
        if broadcast.owner_pk != user_pk:
            raise fail(403, "This is not your broadcast")
        return broadcast

    def start(self, broadcast: Broadcast) -> None:
        if broadcast.status != PREPARING:
            raise bad_request(f"The broadcast is {broadcast.status}: it can start only once")
        broadcast.status, broadcast.started_at = ACTIVE, int(time.time())

    def end(self, broadcast: Broadcast) -> None:
        if broadcast.status == STOPPED:
            raise bad_request("The broadcast has already ended")
        broadcast.status, broadcast.ended_at = STOPPED, int(time.time())

    def join(self, broadcast: Broadcast, user_pk: str) -> None:
        if broadcast.status != ACTIVE:
            raise bad_request("The broadcast is not live")
        broadcast.viewers.setdefault(user_pk, self._ids.seq())

    def comment(self, broadcast: Broadcast, user_pk: str, text: str) -> LiveComment:
        if broadcast.status != ACTIVE:
            raise bad_request("The broadcast is not live")
        comment = LiveComment(self._ids.next("comment"), user_pk, text, int(time.time()))
        broadcast.comments.append(comment)
        return comment
