"""Stories and highlights.

A story lives in its owner's tray (`of`) and stays in their archive (`archive_days`) after it
expires; one sent to Direct threads (`thread_ids`) is in neither.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aiograpi_rest.emulator.errors import fail
from aiograpi_rest.emulator.world.ids import Ids
from aiograpi_rest.emulator.world.media import Frames

DAY = 24 * 3600


@dataclass
class Story:
    pk: str
    owner_pk: str
    media_type: int  # 1 photo, 2 video
    taken_at: int
    mentions: list[str] = field(default_factory=list)  # user pks
    hashtags: list[str] = field(default_factory=list)
    location_pk: str | None = None
    link: str | None = None
    viewers: dict[str, int] = field(default_factory=dict)  # user_pk → seq
    likes: set[str] = field(default_factory=set)
    close_friends_only: bool = False
    deleted: bool = False
    caption: str = ""
    frames: Frames = field(default_factory=Frames)  # the sizes it is served in
    stickers: list[dict] = field(default_factory=list)  # other tap models, as the app sent them
    thread_ids: list[str] = field(default_factory=list)  # sent to these Direct threads only

    @property
    def id(self) -> str:
        return f"{self.pk}_{self.owner_pk}"

    @property
    def archive_day(self) -> str:
        """The archive reel it is kept in: its day (UTC)."""
        return f"archiveDay:{self.taken_at - self.taken_at % DAY}"


@dataclass
class Highlight:
    pk: str
    owner_pk: str
    title: str
    story_pks: list[str]
    created_at: int
    cover_story_pk: str | None = None
    is_pinned: bool = False
    cover_image_pk: str | None = None  # an uploaded cover picture (a media resource), over the story
    crop_rect: list[float] = field(default_factory=lambda: [0.0, 0.0, 1.0, 1.0])

    @property
    def id(self) -> str:
        return f"highlight:{self.pk}"


class Stories:
    def __init__(self, ids: Ids) -> None:
        self._ids = ids
        self.stories: dict[str, Story] = {}
        self.highlights: dict[str, Highlight] = {}

    def add(self, owner_pk: str, media_type: int = 1, taken_at: int | None = None, **fields) -> Story:
        story = Story(self._ids.next("story"), owner_pk, media_type, taken_at or int(time.time()), **fields)
        self.stories[story.pk] = story
        return story

    def get(self, story_id: str | int) -> Story:
        story = self.stories.get(str(story_id).split("_", 1)[0])
        if story is None or story.deleted:
            raise fail(404, "Story not found")
        return story

    def of(self, owner_pk: str) -> list[Story]:
        """The owner's live stories, oldest first (the order a viewer sees them)."""
        items = [
            s for s in self.stories.values() if s.owner_pk == owner_pk and not s.deleted and not s.thread_ids
        ]
        return sorted(items, key=lambda s: (s.taken_at, int(s.pk)))

    def mark_seen(self, story: Story, viewer_pk: str) -> None:
        if viewer_pk != story.owner_pk:  # the owner is not among their own story's viewers
            story.viewers.setdefault(viewer_pk, self._ids.seq())

    def viewer_edges(self, story: Story) -> list[tuple[int, str]]:
        """(seq, viewer pk), the latest viewer first."""
        return sorted(((seq, pk) for pk, seq in story.viewers.items()), reverse=True)

    def like(self, story: Story, user_pk: str, on: bool = True) -> None:
        (story.likes.add if on else story.likes.discard)(user_pk)

    def archive_days(self, owner_pk: str) -> dict[str, list[Story]]:
        """The owner's archive: each day's stories (oldest first), the latest day first."""
        days: dict[str, list[Story]] = {}
        for story in reversed(self.of(owner_pk)):
            days.setdefault(story.archive_day, []).insert(0, story)
        return days

    def add_highlight(
        self, owner_pk: str, title: str, story_pks: list[str], created_at: int | None = None
    ) -> Highlight:
        highlight = Highlight(
            self._ids.next("highlight"),
            owner_pk,
            title,
            list(story_pks),
            created_at or int(time.time()),
            cover_story_pk=story_pks[0] if story_pks else None,
        )
        self.highlights[highlight.pk] = highlight
        return highlight

    def get_highlight(self, highlight_id: str | int) -> Highlight:
        highlight = self.highlights.get(str(highlight_id).removeprefix("highlight:"))
        if highlight is None:
            raise fail(404, "Highlight not found")
        return highlight

    def highlights_of(self, owner_pk: str) -> list[Highlight]:
        return sorted(
            (h for h in self.highlights.values() if h.owner_pk == owner_pk), key=lambda h: -h.created_at
        )
