"""Direct threads and their messages."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import fail
from aiograpi_rest.emulator.world.ids import Ids
from aiograpi_rest.emulator.world.media import Frames


@dataclass
class Message:
    item_id: str
    user_pk: str
    timestamp_us: int
    item_type: str = "text"  # text, link, media_share, profile, story_share, reel_share, like, media
    text: str = ""
    media_pk: str | None = None  # media_share / clip
    profile_pk: str | None = None
    story_pk: str | None = None
    replied_to_item_id: str | None = None
    reactions: dict[str, str] = field(default_factory=dict)  # user_pk → emoji
    deleted: bool = False
    client_context: str = ""  # the sender's mutation token; a reaction may name the message by it
    attachment: Attachment | None = None  # a photo, video or voice note sent in the thread
    sticker_id: str = ""  # a cutout sticker (generic_share)
    link_urls: list[str] = field(default_factory=list)  # a link message's URLs


@dataclass
class Thread:
    thread_id: str
    thread_v2_id: str
    user_pks: list[str]  # every member, viewer included
    creator_pk: str
    title: str = ""
    is_group: bool = False
    pending_for: set[str] = field(default_factory=set)  # members who have not accepted it yet
    spam_for: set[str] = field(default_factory=set)
    hidden_for: set[str] = field(default_factory=set)
    muted_by: set[str] = field(default_factory=set)
    video_call_muted_by: set[str] = field(default_factory=set)
    unread_for: set[str] = field(default_factory=set)
    archived: bool = False
    messages: list[Message] = field(default_factory=list)  # oldest first
    last_seen: dict[str, str] = field(default_factory=dict)  # user_pk → item_id
    flagged_by: set[str] = field(default_factory=set)  # members who flagged it (inbox filter)
    general_for: set[str] = field(default_factory=set)  # members who keep it in the General box

    @property
    def last_activity_us(self) -> int:
        live = [m.timestamp_us for m in self.messages if not m.deleted]
        return max(live) if live else 0


class Direct:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.threads: dict[str, Thread] = {}
        self.e2ee_eligibility: dict[str, int] = {}  # user_pk → the value the app last set

    def create(self, creator_pk: str, user_pks: list[str], title: str = "", pending: bool = False) -> Thread:
        members = [creator_pk, *[u for u in user_pks if u != creator_pk]]
        thread = Thread(
            self._ids.next("thread"),
            self._ids.next("thread_v2"),
            members,
            creator_pk,
            title=title,
            is_group=len(members) > 2,
            pending_for=set(members[1:]) if pending else set(),
        )
        self.threads[thread.thread_id] = thread
        return thread

    def get(self, thread_id: str | int) -> Thread:
        thread = self.threads.get(str(thread_id))
        if thread is None:
            raise fail(404, "Thread not found")
        return thread

    def send(
        self, thread: Thread, user_pk: str, text: str = "", timestamp_us: int | None = None, **fields
    ) -> Message:
        message = Message(
            self._ids.next("message"),
            user_pk,
            timestamp_us or int(time.time() * 1_000_000),
            text=text,
            **fields,
        )
        thread.messages.append(message)
        thread.unread_for = {u for u in thread.user_pks if u != user_pk}
        thread.hidden_for.clear()
        return message

    def message(self, thread: Thread, item_id: str) -> Message:
        for m in thread.messages:
            if m.item_id == str(item_id) and not m.deleted:
                return m
        raise fail(404, "Message not found")

    def inbox(self, user_pk: str, folder: str = "inbox") -> list[Thread]:
        """Threads of the user, most recent activity first; folder is inbox, pending or spam."""

        def belongs(t: Thread) -> bool:
            if user_pk not in t.user_pks or user_pk in t.hidden_for:
                return False
            if folder == "spam":
                return user_pk in t.spam_for
            if folder == "pending":
                return user_pk in t.pending_for and user_pk not in t.spam_for
            return user_pk not in t.pending_for and user_pk not in t.spam_for

        return sorted(filter(belongs, self.threads.values()), key=lambda t: -t.last_activity_us)

    def between(self, user_pks: list[str]) -> Thread | None:
        wanted = set(user_pks)
        for t in self.threads.values():
            if set(t.user_pks) == wanted:
                return t
        return None

    # Writes on messages (the broadcast endpoints, unsend, reactions, seen).

    def of_member(self, thread_id: str | int, user_pk: str) -> Thread:
        """The thread, by its id or its `thread_v2_id` (aiograpi sends videos and voice notes to
        the v2 id `get_by_participants` gives), if `user_pk` is in it: to anyone else it does not
        exist (Instagram's 404)."""
        thread = self.threads.get(str(thread_id)) or next(
            (t for t in self.threads.values() if t.thread_v2_id == str(thread_id)), None
        )
        if thread is None or user_pk not in thread.user_pks:
            raise fail(404, "Thread not found")
        return thread

    def with_users(self, sender_pk: str, recipient_pks: list[str], strangers: Iterable[str] = ()) -> Thread:
        """The thread of exactly the sender and these recipients, created on the first message.

        A new thread waits in the requests of the `strangers` among them (who do not follow the
        sender), as Instagram files a message from a stranger."""
        members = [sender_pk, *dict.fromkeys(p for p in recipient_pks if p != sender_pk)]
        if len(members) < 2:
            raise fail(400, "A message needs a recipient other than yourself")
        thread = self.between(members)
        if thread is None:
            thread = self.create(sender_pk, members[1:])
            thread.pending_for = set(members[1:]) & set(strangers)
        return thread

    def react(self, thread: Thread, item_id: str, user_pk: str, emoji: str) -> Message:
        """One reaction per member: a new one replaces the old."""
        message = self.message(thread, item_id)
        message.reactions[user_pk] = emoji
        return message

    def unreact(self, thread: Thread, item_id: str, user_pk: str) -> Message:
        message = self.message(thread, item_id)
        message.reactions.pop(user_pk, None)
        return message

    def unsend(self, thread: Thread, item_id: str, user_pk: str) -> Message:
        message = self.message(thread, item_id)
        if message.user_pk != user_pk:
            raise fail(403, "You can only unsend your own messages")
        message.deleted = True
        return message

    def mark_seen(self, thread: Thread, item_id: str, user_pk: str) -> Message:
        message = self.message(thread, item_id)
        thread.last_seen[user_pk] = message.item_id
        thread.unread_for.discard(user_pk)
        return message

    def attachment(self, key: str) -> Attachment | None:
        """The photo, video or voice note a CDN URL names, while its message is not unsent."""
        for thread in self.threads.values():
            for m in thread.messages:
                if m.attachment is not None and m.attachment.key == key and not m.deleted:
                    return m.attachment
        return None

    def frames(self, key: str) -> Attachment | None:
        """The sent photo or video a CDN image or video URL names (a voice note has none)."""
        attachment = self.attachment(key)
        return attachment if attachment is not None and attachment.kind != "audio" else None

    # Reading and managing threads as one member sees them.

    def approve(self, thread: Thread, user_pk: str) -> None:
        thread.pending_for.discard(user_pk)
        thread.spam_for.discard(user_pk)

    def hide(self, thread: Thread, user_pk: str, move_to_spam: bool = False) -> None:
        """Out of every folder until a new message; a request moved to spam stays in spam."""
        if move_to_spam and user_pk in thread.pending_for:
            thread.spam_for.add(user_pk)
            return
        thread.hidden_for.add(user_pk)

    def add_users(self, thread: Thread, user_pks: list[str]) -> None:
        thread.user_pks += [pk for pk in dict.fromkeys(user_pks) if pk not in thread.user_pks]
        thread.is_group = len(thread.user_pks) > 2

    def live_messages(self, thread: Thread) -> list[Message]:
        """The thread's messages, newest first."""
        return [m for m in reversed(thread.messages) if not m.deleted]

    def search_messages(self, user_pk: str, query: str) -> list[tuple[Thread, Message]]:
        """Text messages of the user's threads that hold `query` (any case), newest first."""
        wanted = query.casefold()
        found = [
            (t, m)
            for t in self.threads.values()
            if user_pk in t.user_pks
            for m in self.live_messages(t)
            if wanted and wanted in m.text.casefold()
        ]
        return sorted(found, key=lambda tm: -tm[1].timestamp_us)

    def last_activity_of(self, user_pk: str) -> int:
        """When the user last wrote in any thread (µs), 0 when never."""
        times = [m.timestamp_us for t in self.threads.values() for m in t.messages if m.user_pk == user_pk]
        return max(times, default=0)


@dataclass
class Attachment(Frames):
    """A photo, video or voice note sent in a thread; its bytes are in `world.files` under `key`."""

    key: str = ""
    kind: str = "image"  # image, video or audio
    waveform: list[float] = field(default_factory=list)  # a voice note's, 10 values a second

    @property
    def media_type(self) -> int:
        """Instagram's: 1 photo, 2 video, 11 audio."""
        return {"image": 1, "video": 2}.get(self.kind, 11)
