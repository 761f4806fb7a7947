"""Posts (photo, video, album, clip, igtv) with likes, saves, archive, comments, replies and collections."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import (
    bad_request,
    comment_not_found,
    fail,
    invalid_media_id,
    media_not_found,
)
from aiograpi_rest.emulator.world.ids import Ids, pk_from_shortcode, shortcode
from aiograpi_rest.emulator.world.paging import page
from aiograpi_rest.emulator.world.users import User

PHOTO, VIDEO, ALBUM = 1, 2, 8
MAX_PINNED = 3  # posts on a profile, and comments on a post


@dataclass(kw_only=True)
class Frames:
    """The sizes a post (or album item) is served in: its image (a video's cover) and its video."""

    width: int = 1080
    height: int = 1080
    video_width: int = 720
    video_height: int = 1280
    video_duration: float = 0.0


@dataclass
class Resource(Frames):
    """One item of an album."""

    pk: str
    media_type: int  # PHOTO or VIDEO


@dataclass
class Media(Frames):
    pk: str
    owner_pk: str
    media_type: int
    product_type: str  # "feed", "clips", "igtv", "carousel_container"
    taken_at: int
    caption: str = ""
    resources: list[Resource] = field(default_factory=list)
    usertags: list[tuple[str, float, float]] = field(default_factory=list)  # (user_pk, x, y)
    location_pk: str | None = None
    hashtags: list[str] = field(default_factory=list)
    track_id: str | None = None
    view_count: int = 0
    likes: dict[str, int] = field(default_factory=dict)  # user_pk → seq
    saved_by: set[str] = field(default_factory=set)
    archived: bool = False
    deleted: bool = False
    comments_disabled: bool = False
    like_and_view_counts_disabled: bool = False
    pinned_comment_pks: list[str] = field(default_factory=list)
    title: str = ""  # IGTV only
    seen_by: dict[str, int] = field(default_factory=dict)  # user_pk → seq

    @property
    def id(self) -> str:
        return f"{self.pk}_{self.owner_pk}"

    @property
    def code(self) -> str:
        return shortcode(self.pk)

    @property
    def is_video(self) -> bool:
        return self.media_type == VIDEO


@dataclass
class Comment:
    pk: str
    media_pk: str
    user_pk: str
    text: str
    created_at: int
    parent_pk: str | None = None
    likes: dict[str, int] = field(default_factory=dict)
    deleted: bool = False


@dataclass
class MediaNote:
    """A note a viewer leaves on a post or reel (not the inbox note of `world.notes`)."""

    id: str
    media_pk: str
    user_pk: str
    text: str
    created_at: int
    audience: int
    note_style: int
    deleted: bool = False


@dataclass
class Collection:
    pk: str
    owner_pk: str
    name: str
    media_pks: list[str] = field(default_factory=list)  # newest first


class MediaStore:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.medias: dict[str, Media] = {}
        self.comments: dict[str, Comment] = {}
        self.collections: dict[str, Collection] = {}
        self.notes: dict[str, MediaNote] = {}
        self.resources: dict[str, Resource] = {}

    # media
    def add(self, owner_pk: str, media_type: int, product_type: str, **fields) -> Media:
        pk = self._ids.next("media")
        fields.setdefault("taken_at", int(time.time()))
        media = Media(pk=pk, owner_pk=owner_pk, media_type=media_type, product_type=product_type, **fields)
        self.medias[pk] = media
        return media

    def new_resource(self, media_type: int, **frames) -> Resource:
        resource = Resource(self._ids.next("media"), media_type, **frames)
        self.resources[resource.pk] = resource
        return resource

    def frames(self, key: str) -> Frames | None:
        """The post or album item whose files a CDN URL names, if it is still up."""
        media = self.medias.get(key)
        if media is not None:
            return None if media.deleted else media
        return self.resources.get(key)

    def get(self, media_id: str | int) -> Media:
        """By pk, by `<pk>_<owner>` id, or by shortcode."""
        key = str(media_id)
        pk = key.split("_", 1)[0]
        if not pk.isdigit():
            try:
                pk = pk_from_shortcode(pk)
            except ValueError:
                raise invalid_media_id(key) from None
        media = self.medias.get(pk)
        if media is None or media.deleted:
            raise media_not_found()
        return media

    def by_owner(self, owner_pk: str, *, archived: bool = False) -> list[Media]:
        """The owner's feed posts, newest first."""
        items = [
            m
            for m in self.medias.values()
            if m.owner_pk == owner_pk and not m.deleted and m.archived == archived
        ]
        return sorted(items, key=lambda m: (m.taken_at, int(m.pk)), reverse=True)

    def like(self, media: Media, user_pk: str) -> None:
        media.likes.setdefault(user_pk, self._ids.seq())

    def unlike(self, media: Media, user_pk: str) -> None:
        media.likes.pop(user_pk, None)

    def liker_edges(self, media: Media) -> list[tuple[int, str]]:
        return sorted(((s, u) for u, s in media.likes.items()), reverse=True)

    def save(self, media: Media, user_pk: str, collection_pks: list[str] = ()) -> None:
        media.saved_by.add(user_pk)
        for pk in collection_pks:
            collection = self.collections.get(pk)
            if collection and collection.owner_pk == user_pk and media.pk not in collection.media_pks:
                collection.media_pks.insert(0, media.pk)

    def unsave(self, media: Media, user_pk: str, collection_pks: list[str] = ()) -> None:
        """Out of the named collections only (still saved), or out of every one and unsaved."""
        for collection in self.collections.values():
            named = not collection_pks or collection.pk in collection_pks
            if named and collection.owner_pk == user_pk and media.pk in collection.media_pks:
                collection.media_pks.remove(media.pk)
        if not collection_pks:
            media.saved_by.discard(user_pk)

    def saved_by(self, user_pk: str) -> list[Media]:
        return [m for m in self.medias.values() if user_pk in m.saved_by and not m.deleted]

    # comments
    def add_comment(
        self,
        media: Media,
        user_pk: str,
        text: str,
        parent_pk: str | None = None,
        created_at: int | None = None,
    ) -> Comment:
        if parent_pk is not None:
            self.get_comment(parent_pk)
        comment = Comment(
            pk=self._ids.next("comment"),
            media_pk=media.pk,
            user_pk=user_pk,
            text=text,
            created_at=created_at or int(time.time()),
            parent_pk=parent_pk,
        )
        self.comments[comment.pk] = comment
        return comment

    def get_comment(self, pk: str | int) -> Comment:
        comment = self.comments.get(str(pk))
        if comment is None or comment.deleted:
            raise comment_not_found()
        return comment

    def comment_edges(self, media: Media, parent_pk: str | None = None) -> list[tuple[int, Comment]]:
        """Top-level comments (or replies to `parent_pk`), newest first."""
        items = [
            c
            for c in self.comments.values()
            if c.media_pk == media.pk and c.parent_pk == parent_pk and not c.deleted
        ]
        return sorted(((int(c.pk), c) for c in items), key=lambda e: e[0], reverse=True)

    def comments_page(
        self, media: Media, max_id: str | None, count: int, parent_pk: str | None = None
    ) -> tuple[list[Comment], str | None]:
        return page(self.comment_edges(media, parent_pk), max_id, count)

    def comment_count(self, media: Media) -> int:
        return sum(1 for c in self.comments.values() if c.media_pk == media.pk and not c.deleted)

    def reply_count(self, comment: Comment) -> int:
        return sum(1 for c in self.comments.values() if c.parent_pk == comment.pk and not c.deleted)

    def like_comment(self, comment: Comment, user_pk: str, on: bool = True) -> None:
        if on:
            comment.likes.setdefault(user_pk, self._ids.seq())
        else:
            comment.likes.pop(user_pk, None)

    # collections
    def add_collection(self, owner_pk: str, name: str, media_pks: list[str] = ()) -> Collection:
        collection = Collection(self._ids.next("collection"), owner_pk, name, list(media_pks))
        self.collections[collection.pk] = collection
        for pk in media_pks:
            self.medias[pk].saved_by.add(owner_pk)
        return collection

    def collections_of(self, owner_pk: str) -> list[Collection]:
        return [c for c in self.collections.values() if c.owner_pk == owner_pk]

    def newest(self, predicate: Callable[[Media], bool]) -> list[Media]:
        items = [m for m in self.medias.values() if not m.deleted and not m.archived and predicate(m)]
        return sorted(items, key=lambda m: (m.taken_at, int(m.pk)), reverse=True)

    # the owner's edits and the viewer's state pairs
    def owned(self, media_id: str | int, user_pk: str | None) -> Media:
        """A media the user may change: their own (403 otherwise, as Instagram answers)."""
        media = self.get(media_id)
        if media.owner_pk != user_pk:
            raise fail(403, "You cannot edit this media")
        return media

    def edit(
        self,
        media: Media,
        caption: str,
        *,
        title: str | None = None,
        tags_in: list[tuple[str, float, float]] = (),
        tags_removed: list[str] = (),
        location_pk: str | None = None,
    ) -> None:
        """Instagram's edit form: tags `in` are added or moved, `removed` ones dropped, the rest kept."""
        media.caption = caption
        media.hashtags = [t.lower() for t in re.findall(r"#(\w+)", caption)]
        if title is not None:
            media.title = title
        changed = {pk for pk, _, _ in tags_in} | set(tags_removed)
        media.usertags = [t for t in media.usertags if t[0] not in changed] + list(tags_in)
        if location_pk is not None:
            media.location_pk = location_pk

    def delete(self, media: Media, owner: User) -> None:
        media.deleted = True
        self.unpin(owner, media)

    def pin(self, owner: User, media: Media, grid: str = "") -> None:
        """On the profile grid, or with grid `clips` on the reels tab (reels only)."""
        if grid == "clips" and media.product_type != "clips":
            raise bad_request("Only reels can be pinned to the reels tab")
        pinned = owner.pinned_clip_pks if grid == "clips" else owner.pinned_media_pks
        if media.pk in pinned:
            return
        if len(pinned) >= MAX_PINNED:
            raise bad_request(f"You can pin up to {MAX_PINNED} posts to your profile")
        pinned.insert(0, media.pk)

    def unpin(self, owner: User, media: Media, grid: str | None = None) -> None:
        """From one grid, or (None) from both, as deleting a post does."""
        for name, pinned in (("", owner.pinned_media_pks), ("clips", owner.pinned_clip_pks)):
            if grid in (None, name) and media.pk in pinned:
                pinned.remove(media.pk)

    def mark_seen(self, media: Media, user_pk: str) -> None:
        media.seen_by.setdefault(user_pk, self._ids.seq())

    # comment moderation
    def comment_of(self, media: Media, comment_pk: str | int) -> Comment:
        comment = self.get_comment(comment_pk)
        if comment.media_pk != media.pk:
            raise comment_not_found()
        return comment

    def delete_comment(self, comment: Comment, user_pk: str | None) -> None:
        """By its author or the post's owner; its replies go with it."""
        media = self.medias[comment.media_pk]
        if user_pk not in (comment.user_pk, media.owner_pk):
            raise fail(403, "You cannot delete this comment")
        for other in self.comments.values():
            if other.pk == comment.pk or other.parent_pk == comment.pk:
                other.deleted = True
        if comment.pk in media.pinned_comment_pks:
            media.pinned_comment_pks.remove(comment.pk)

    def pin_comment(self, media: Media, comment: Comment, on: bool = True) -> None:
        pinned = media.pinned_comment_pks
        if not on:
            if comment.pk in pinned:
                pinned.remove(comment.pk)
            return
        if comment.parent_pk is not None:
            raise bad_request("Only comments, not replies, can be pinned")
        if comment.pk not in pinned:
            if len(pinned) >= MAX_PINNED:
                raise bad_request(f"You can pin up to {MAX_PINNED} comments")
            pinned.append(comment.pk)

    def comments_stream(
        self, media: Media, min_id: str | None, max_id: str | None, count: int
    ) -> tuple[list[Comment], str | None, str | None]:
        """Newest first: `max_id` walks back to older comments, `min_id` forward to newer ones.

        Answers (comments, next_min_id, next_max_id): the newest comment seen so far, to poll for
        newer ones; and where older ones continue (None at the oldest).
        """
        edges = self.comment_edges(media)
        lower, upper = _position(min_id), _position(max_id)
        if lower is not None:
            edges = [e for e in edges if e[0] > lower]
        if upper is not None:
            edges = [e for e in edges if e[0] < upper]
        forward = lower is not None and upper is None
        # Forward, the comments nearest the cursor come first, so polling never skips any.
        chunk = edges[-count:] if forward else edges[:count]
        older = not forward and len(edges) > len(chunk)
        newest = str(chunk[0][0]) if chunk else min_id
        return [c for _, c in chunk], newest, str(chunk[-1][0]) if older else None

    # notes on posts
    def add_note(self, media: Media, user_pk: str, text: str, audience: int, note_style: int) -> MediaNote:
        note = MediaNote(
            self._ids.next("note"), media.pk, user_pk, text, int(time.time()), audience, note_style
        )
        self.notes[note.id] = note
        return note

    def delete_note(self, note_id: str, user_pk: str | None) -> MediaNote:
        note = self.notes.get(str(note_id))
        if note is None or note.deleted:
            raise fail(404, "Note not found")
        if note.user_pk != user_pk:
            raise fail(403, "You cannot delete this note")
        note.deleted = True
        return note


def _position(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        return int(cursor)
    except ValueError:
        raise bad_request(f"Invalid cursor {cursor}") from None
