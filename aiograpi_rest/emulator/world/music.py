"""What the music endpoints find among the world's tracks: searches, keywords, trends, titles.

Every answer is ranked by simple rules so a test (or a sandbox user) can predict it:
a search matches tracks whose title or artist holds every word of the query, exact titles first,
then titles that start with the query, then the rest, each group by title and id; trends rank
tracks by how many live posts use them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from aiograpi_rest.emulator.world.media import MediaStore
from aiograpi_rest.emulator.world.tags import Track

# Instagram's limit on an original audio's name, as its reels composer enforces it.
MAX_ORIGINAL_AUDIO_TITLE = 30


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _rank(track: Track, query: str) -> int:
    title = " ".join(_words(track.title))
    if title == query:
        return 0
    return 1 if title.startswith(query) else 2


def search(tracks: Iterable[Track], query: str) -> list[Track]:
    """Tracks whose title or artist holds every word of `query`: exact title, prefix, the rest."""
    words = _words(query)
    if not words:
        return []
    wanted = " ".join(words)
    found = [t for t in tracks if all(w in f"{t.title} {t.display_artist}".casefold() for w in words)]
    return sorted(found, key=lambda t: (_rank(t, wanted), t.title.casefold(), int(t.id)))


def keywords(tracks: Iterable[Track], query: str, count: int) -> list[str]:
    """Up to `count` titles and artists (lower case) the typeahead offers for `query`, ranked as `search`."""
    wanted = " ".join(_words(query))
    if not wanted:
        return []
    phrases = {" ".join(_words(t)) for track in tracks for t in (track.title, track.display_artist)}
    matching = [p for p in phrases if wanted in p]
    ranked = sorted(matching, key=lambda p: (0 if p == wanted else 1 if p.startswith(wanted) else 2, p))
    return ranked[: max(count, 0)]


def by_use(tracks: Iterable[Track], media: MediaStore) -> list[tuple[Track, int]]:
    """Every track with the number of live posts using it, most used first (then title, id)."""
    uses = Counter(
        m.track_id for m in media.medias.values() if m.track_id and not m.deleted and not m.archived
    )
    ranked = sorted(tracks, key=lambda t: (-uses[t.id], t.title.casefold(), int(t.id)))
    return [(t, uses[t.id]) for t in ranked]


def title_available(tracks: Iterable[Track], name: str) -> bool:
    """Whether `name` may name an original audio: not blank, short enough, no track's title already."""
    wanted = " ".join(_words(name))
    if not wanted or len(name.strip()) > MAX_ORIGINAL_AUDIO_TITLE:
        return False
    return all(" ".join(_words(t.title)) != wanted for t in tracks)
