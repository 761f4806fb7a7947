"""Search over the world: who and what a query finds, in which order, and each viewer's recent searches.

One set of rules ranks every search surface, so the same query finds the same things everywhere:
a name equal to the query first, then names that start with it, then names with a word that starts
with it, then names that merely hold it (case-insensitive; a leading `@` or `#` is ignored). Ties
go to the more popular (followers for accounts, posts for hashtags, likes for posts), then the name.
Places are the exception: past an exact name, the nearest to the searcher comes first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.tags import Hashtag, Location
from aiograpi_rest.emulator.world.users import User

if TYPE_CHECKING:
    from aiograpi_rest.emulator.world import World

EXACT, PREFIX, WORD_PREFIX, CONTAINS = range(4)
RECENT_MAX = 30  # Instagram keeps a short list; the oldest entry falls off
_WORD = re.compile(r"[^\W_]+")


def normalized(query: str) -> str:
    return query.strip().lstrip("@#").strip().lower()


def tier(query: str, *names: str) -> int | None:
    """How well the best of `names` matches the (normalized) query; None: none holds it."""
    best: int | None = None
    for name in names:
        name = name.lower()
        if not query or query not in name:
            continue
        if name == query:
            found = EXACT
        elif name.startswith(query):
            found = PREFIX
        elif any(word.startswith(query) for word in _WORD.findall(name)):
            found = WORD_PREFIX
        else:
            found = CONTAINS
        best = found if best is None else min(best, found)
    return best


def users(world: World, query: str, viewer_pk: str | None, among: Iterable[User] | None = None) -> list[User]:
    """Accounts whose username or full name holds the query, best first; a block either way hides one."""
    q = normalized(query)
    found = []
    for user in world.users if among is None else among:
        rank = tier(q, user.username, user.full_name)
        if rank is None or (viewer_pk and world.social.is_blocked_between(viewer_pk, user.pk)):
            continue
        found.append((rank, -world.social.follower_count(user.pk), user.username, user))
    return [user for *_, user in sorted(found, key=lambda f: f[:3])]


def post_count(world: World, tag: Hashtag) -> int:
    return len(world.media.newest(lambda m: tag.name in m.hashtags))


def hashtags(world: World, query: str) -> list[tuple[Hashtag, int]]:
    """Hashtags holding the query with their post counts, best first."""
    q = normalized(query)
    found = []
    for tag in world.tags.hashtags.values():
        rank = tier(q, tag.name)
        if rank is not None:
            count = post_count(world, tag)
            found.append((rank, -count, tag.name, tag, count))
    return [(tag, count) for *_, tag, count in sorted(found, key=lambda f: f[:3])]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), so "nearest" holds across the antimeridian too."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 12_742 * math.asin(math.sqrt(min(h, 1.0)))


def nearest(world: World, point: tuple[float, float]) -> list[Location]:
    return sorted(world.tags.locations.values(), key=lambda p: (distance_km(point, (p.lat, p.lng)), p.name))


def places(world: World, query: str, point: tuple[float, float] | None = None) -> list[Location]:
    """Places whose name, city, address or category holds the query: an exact name first, then the
    nearest to `point` (without one, the best match)."""
    q = normalized(query)
    found = []
    for place in world.tags.locations.values():
        rank = tier(q, place.name, place.city, place.address, place.category)
        if rank is None:
            continue
        second = distance_km(point, (place.lat, place.lng)) if point else rank
        found.append((rank != EXACT, second, place.name, place))
    return [place for *_, place in sorted(found, key=lambda f: f[:3])]


def posts(world: World, query: str, viewer_pk: str | None, *, clips_only: bool = False) -> list[Media]:
    """Posts the viewer may see whose hashtags, caption or author match, best first."""
    q = normalized(query)
    found = []
    for media in world.media.newest(lambda m: not clips_only or m.product_type == "clips"):
        owner = world.users.get(media.owner_pk)
        if not world.can_view(viewer_pk, owner):
            continue
        rank = tier(q, *media.hashtags, media.caption, owner.username, owner.full_name)
        if rank is not None:
            found.append((rank, -len(media.likes), -media.taken_at, media.pk, media))
    return [media for *_, media in sorted(found, key=lambda f: f[:4])]


def keywords(world: World, query: str) -> list[str]:
    """Words of the world's names, captions and hashtags that start with the query, most used first."""
    q = normalized(query)
    if not q:
        return []
    texts = [u.full_name for u in world.users]
    texts += [m.caption for m in world.media.newest(lambda m: True)]
    texts += [p.name for p in world.tags.locations.values()]
    counts = Counter(w for text in texts for w in _WORD.findall(text.lower()) if w.startswith(q))
    return [word for word, _ in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))]


KINDS = ("user", "hashtag", "place")


def blended(
    world: World, query: str, viewer_pk: str | None, point: tuple[float, float] | None = None
) -> list[tuple[str, User | tuple[Hashtag, int] | Location]]:
    """Accounts, hashtags and places in one list (the "Top" answer): the better match first; at an
    equal match accounts, then hashtags, then places, each kind in its own order."""
    q = normalized(query)
    ranked: list[tuple[int, int, int, str, object]] = []
    for i, user in enumerate(users(world, query, viewer_pk)):
        ranked.append((tier(q, user.username, user.full_name) or 0, 0, i, "user", user))
    for i, (tag, count) in enumerate(hashtags(world, query)):
        ranked.append((tier(q, tag.name) or 0, 1, i, "hashtag", (tag, count)))
    for i, place in enumerate(places(world, query, point)):
        rank = tier(q, place.name, place.city, place.address, place.category) or 0
        ranked.append((rank, 2, i, "place", place))
    return [(kind, item) for *_, kind, item in sorted(ranked, key=lambda r: r[:3])]


def suggested(world: World, target: User, viewer_pk: str | None) -> list[User]:
    """Accounts like `target`: those its followers also follow, most shared followers first; never
    the viewer, the target, someone the viewer already follows or a block either way."""
    social = world.social
    fans = {pk for _, pk in social.follower_edges(target.pk)}
    shared: Counter[str] = Counter(b for (a, b) in social.follows if a in fans)
    found = []
    for pk, n in shared.items():
        if pk in (target.pk, viewer_pk) or (viewer_pk and social.is_following(viewer_pk, pk)):
            continue
        if viewer_pk and social.is_blocked_between(viewer_pk, pk):
            continue
        user = world.users.get(pk)
        found.append((-n, -social.follower_count(pk), user.username, user))
    return [user for *_, user in sorted(found, key=lambda f: f[:3])]


@dataclass(frozen=True)
class Recent:
    kind: str  # "user", "hashtag" or "keyword"
    key: str  # user pk, hashtag name or the keyword
    client_time: int


class RecentSearches:
    """What each viewer searched for, newest first; searching the same thing again moves it up."""

    def __init__(self) -> None:
        self.by_viewer: dict[str, list[Recent]] = {}

    def add(self, viewer_pk: str, kind: str, key: str, client_time: int) -> None:
        kept = [r for r in self.by_viewer.get(viewer_pk, []) if (r.kind, r.key) != (kind, key)]
        self.by_viewer[viewer_pk] = [Recent(kind, key, client_time), *kept][:RECENT_MAX]

    def of(self, viewer_pk: str) -> list[Recent]:
        return list(self.by_viewer.get(viewer_pk, []))
