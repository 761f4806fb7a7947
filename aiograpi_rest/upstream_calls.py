"""How long Instagram takes to answer, by endpoint family, for `/metrics`.

Every HTTP request aiograpi sends through a gateway session (`upstream._RoutedSession`) is timed
and counted under its URL's *family*: the first segment of a private API path (`users`, `feed`,
`friendships`, `direct_v2`, …), or `graphql`, `rupload`, `cdn`, `web` (www.instagram.com's pages).
The label set is fixed below, so a user id, username or media code never becomes a label: a
segment not listed is `other`. Classifying a URL is a few string operations, and each family's
histogram child is looked up once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The first segments of the private API paths aiograpi 1.0.9 calls (`/api/v1/<segment>/…`).
API_FAMILIES = frozenset(
    {
        "accounts",
        "ads",
        "archive",
        "bloks",
        "challenge",
        "clips",
        "collections",
        "consent",
        "creatives",
        "creator",
        "direct_v2",
        "discover",
        "fbsearch",
        "feed",
        "friendships",
        "fundraiser",
        "guides",
        "highlights",
        "igtv",
        "launcher",
        "live",
        "location_search",
        "locations",
        "media",
        "multiple_accounts",
        "music",
        "news",
        "notes",
        "notifications",
        "oembed",
        "qe",
        "story_interactions",
        "tags",
        "users",
        "usertags",
        "web",
    }
)
OTHER_FAMILIES = ("graphql", "rupload", "cdn", "web", "other")
FAMILIES = API_FAMILIES | frozenset(OTHER_FAMILIES)
_CDN_HOSTS = ("cdninstagram.com", "fbcdn.net")
_WEB_HOSTS = ("www.instagram.com", "instagram.com")


def family_of(url: Any) -> str:
    """The endpoint family of an upstream URL (a `str` or an `httpx.URL`); always in `FAMILIES`."""
    text = str(url)
    _, _, rest = text.partition("://")
    host, _, path = rest.partition("/")
    host = host.rpartition("@")[2].partition(":")[0].lower()
    if path.startswith(("api/v1/", "api/v2/")):
        segment = path[7:].partition("/")[0].partition("?")[0]
        return segment if segment in API_FAMILIES else "other"
    if path.startswith(("graphql", "api/graphql")):
        return "graphql"
    if path.startswith("rupload") or host.startswith("rupload."):
        return "rupload"
    if host.endswith(_CDN_HOSTS):
        return "cdn"
    if host in _WEB_HOSTS:
        return "web"
    return "other"


class UpstreamTimer:
    """Observes one upstream call's seconds into its family's child of `histogram`."""

    def __init__(self, histogram: Any) -> None:
        self._histogram = histogram
        self._children: dict[str, Any] = {}

    def observe(self, url: Any, seconds: float) -> None:
        family = family_of(url)
        child = self._children.get(family)
        if child is None:
            child = self._children[family] = self._histogram.labels(family)
        child.observe(seconds)


Observer = Callable[[Any, float], None]
