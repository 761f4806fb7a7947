"""Search: accounts, hashtags, places, music, posts and reels, blended lists, typeahead, recents.

Every surface ranks with the rules of `world/search.py`, so one query finds the same things in
the same order everywhere. A search submitted on a results page (Top, Accounts, Reels) is kept in
the viewer's recent searches, as the app's search box does.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import orjson

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.builders.search import blended_entry, entity_v1, keyword_v1, place_v1, recent_v1
from aiograpi_rest.emulator.http import Answer, EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world import music, search
from aiograpi_rest.emulator.world.paging import page_after

T = TypeVar("T")

DEFAULT_COUNT, MAX_COUNT = 30, 100
ACCOUNTS_PAGE = 30
REELS_PAGE = 4
GRID_PAGE, GRID_COLUMNS = 9, 3
WEB_RESULTS = 50


def _count(req: EmRequest) -> int:
    try:
        return max(1, min(int(req.field("count") or DEFAULT_COUNT), MAX_COUNT))
    except ValueError:
        raise errors.bad_request("Invalid count") from None


def _number(req: EmRequest, name: str, default: float) -> float:
    try:
        return float(req.field(name) or default)
    except ValueError:
        raise errors.bad_request(f"Invalid {name}") from None


def _query(req: EmRequest) -> str:
    """`users/search/` and `tags/search/` take the text as `q`, the fbsearch endpoints as `query`."""
    return req.field("query") or req.field("q")


def _rank_token(req: EmRequest) -> str:
    given = req.field("rank_token")
    digest = hashlib.sha1(search.normalized(_query(req)).encode()).hexdigest()[:16]
    return given or f"{req.viewer_pk}_{digest}"


def _page(
    req: EmRequest, items: Sequence[T], cursor: str, size: int, key: Callable[[T], str]
) -> tuple[list[T], str | None]:
    return page_after(items, req.field(cursor) or None, size, key)


def _remember(req: EmRequest, cursor: str) -> None:
    """A search's first results page keeps its keyword among the viewer's recent searches."""
    query = search.normalized(_query(req))
    if query and not req.field(cursor) and req.viewer_pk:
        req.world.searches.add(req.viewer_pk, "keyword", query, int(time.time()))


@route("GET", "users/search/")
def users_search(req: EmRequest) -> dict:
    found = search.users(req.world, _query(req), req.viewer_pk)
    shown = found[: _count(req)]
    return {
        "users": [builders.user_short(u) for u in shown],
        "num_results": len(shown),
        "has_more": len(found) > len(shown),
        "rank_token": _rank_token(req),
    }


@route("GET", "tags/search/")
def tags_search(req: EmRequest) -> dict:
    found = search.hashtags(req.world, _query(req))
    shown = found[: _count(req)]
    return {
        "results": [builders.hashtag_v1(tag, count) for tag, count in shown],
        "has_more": len(found) > len(shown),
        "rank_token": _rank_token(req),
    }


@route("GET", "music/audio_global_search/")
def audio_global_search(req: EmRequest) -> dict:
    # Ranked as the music browser's search ranks (world/music.py), so both searches agree.
    found = music.search(req.world.tags.tracks.values(), _query(req))
    return {
        "items": [{"track": builders.track_v1(t)} for t in found],
        "page_info": {"more_available": False, "next_max_id": None},
    }


@route("GET", "fbsearch/places/")
def places(req: EmRequest) -> dict:
    point = (_number(req, "lat", 40.74), _number(req, "lng", -73.94))
    found = search.places(req.world, _query(req), point)
    shown = found[: _count(req)]
    return {
        "items": [place_v1(p) for p in shown],
        "has_more": len(found) > len(shown),
        "rank_token": _rank_token(req),
    }


def _blended(req: EmRequest) -> list[dict]:
    found = search.blended(req.world, _query(req), req.viewer_pk)
    return [blended_entry(i, kind, item) for i, (kind, item) in enumerate(found)]


@route("GET", "fbsearch/topsearch_flat/")
def topsearch_flat(req: EmRequest) -> dict:
    entries = _blended(req)
    count = _count(req)
    return {"list": entries[:count], "has_more": len(entries) > count, "rank_token": _rank_token(req)}


@route("GET", "web/search/topsearch/")
@route("GET", "/web/search/topsearch/", host=WWW, auth=False)
def web_topsearch(req: EmRequest) -> dict:
    """The web's blended search, split by kind; each entry keeps its place in the blended order."""
    entries = _blended(req)
    shown = entries[:WEB_RESULTS]
    return {
        "users": [e for e in shown if "user" in e],
        "places": [e for e in shown if "place" in e],
        "hashtags": [e for e in shown if "hashtag" in e],
        "has_more": len(entries) > len(shown),
        "rank_token": _rank_token(req),
    }


@route("GET", "fbsearch/account_serp/")
def account_serp(req: EmRequest) -> dict:
    _remember(req, "page_token")
    found = search.users(req.world, _query(req), req.viewer_pk)
    users, next_token = _page(req, found, "page_token", ACCOUNTS_PAGE, lambda u: u.pk)
    return {
        "users": [builders.user_short(u) for u in users],
        "has_more": next_token is not None,
        "next_page_token": next_token,
        "rank_token": _rank_token(req),
    }


def _media(req: EmRequest, medias: Sequence) -> list[dict]:
    return [{"media": builders.media_v1(req.world, m, req.viewer_pk)} for m in medias]


@route("GET", "fbsearch/reels_serp/")
def reels_serp(req: EmRequest) -> dict:
    _remember(req, "reels_max_id")
    found = search.posts(req.world, _query(req), req.viewer_pk, clips_only=True)
    reels, next_max_id = _page(req, found, "reels_max_id", REELS_PAGE, lambda m: m.pk)
    return {
        "items": _media(req, reels),
        "has_more": next_max_id is not None,
        "reels_max_id": next_max_id,
        "rank_token": _rank_token(req),
    }


@route("GET", "fbsearch/top_serp/")
def top_serp(req: EmRequest) -> dict:
    """The Top tab: the best accounts, hashtags and places above a grid of matching posts."""
    _remember(req, "next_max_id")
    found = search.posts(req.world, _query(req), req.viewer_pk)
    medias, next_max_id = _page(req, found, "next_max_id", GRID_PAGE, lambda m: m.pk)
    rows = [medias[i : i + GRID_COLUMNS] for i in range(0, len(medias), GRID_COLUMNS)]
    answer = {
        "media_grid": {
            "sections": [
                {"layout_type": "media_grid", "layout_content": {"medias": _media(req, row)}} for row in rows
            ],
            "next_max_id": next_max_id,
            "more_available": next_max_id is not None,
            "rank_token": _rank_token(req),
        },
        "has_more": next_max_id is not None,
        "rank_token": _rank_token(req),
    }
    if not req.field("next_max_id"):
        answer["see_more"] = {"list": _blended(req)[:GRID_COLUMNS]}
    return answer


def _typeahead(req: EmRequest) -> list[tuple[str, dict]]:
    """The Top list, then keyword suggestions: at most `count` in all."""
    found = [
        (kind, entity_v1(kind, item)) for kind, item in search.blended(req.world, _query(req), req.viewer_pk)
    ]
    found += [("keyword", keyword_v1(w)) for w in search.keywords(req.world, _query(req))]
    return found[: _count(req)]


@route("GET", "fbsearch/keyword_typeahead/")
def keyword_typeahead(req: EmRequest) -> dict:
    entries = [{"position": i, kind: item} for i, (kind, item) in enumerate(_typeahead(req))]
    return {"list": entries, "has_more": False, "rank_token": _rank_token(req)}


@route("GET", "fbsearch/typeahead_stream/")
def typeahead_stream(req: EmRequest) -> Answer:
    """Instagram streams one JSON object a line, one per kind (every kind, so it is never a single
    object); each ends with its `status`, which is how aiograpi splits the lines."""
    entries = _typeahead(req)
    rows = [
        {f"{kind}s": [item for k, item in entries if k == kind], "status": "ok"}
        for kind in ("user", "hashtag", "place", "keyword")
    ]
    return Answer("\n".join(orjson.dumps(row).decode() for row in rows), media_type="text/plain")


@route("GET", "fbsearch/recent_searches/")
def recent_searches(req: EmRequest) -> dict:
    recents = req.world.searches.of(req.viewer_pk or "")
    return {"recent": [recent_v1(req.world, r) for r in recents]}


@route("GET", "fbsearch/accounts_recs/")
def accounts_recs(req: EmRequest) -> dict:
    target = req.world.visible_user(req.viewer_pk, req.field("target_user_id"))
    found = search.suggested(req.world, target, req.viewer_pk)
    return {"users": [builders.user_short(u) for u in found[:DEFAULT_COUNT]]}


# `fbsearch/<tab>/`: each results tab answers under its own path; the app names some two ways.
TABS = {
    "top_serp": top_serp,
    "account_serp": account_serp,
    "user_serp": account_serp,
    "reels_serp": reels_serp,
    "clips_serp_page": reels_serp,
    "places": places,
    "places_serp": places,
    "topsearch_flat": topsearch_flat,
    "keyword_typeahead": keyword_typeahead,
    "typeahead_stream": typeahead_stream,
}


@route("GET", "fbsearch/{item_id}/")
def search_tab(req: EmRequest) -> dict | Answer:
    """Any tab by its path segment; registered last, so the tabs above answer their own paths."""
    tab = TABS.get(req.params["item_id"])
    if tab is None:
        raise errors.fail(404, "Page not found")
    return tab(req)
