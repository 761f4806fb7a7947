"""Saved posts: the collections list, one collection's posts, all saved posts, liked posts."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.media import Media
from aiograpi_rest.emulator.world.paging import page, page_after

PAGE = 10  # what one saved/liked feed answer holds; aiograpi asks again for more
ALL_SAVED = "ALL_MEDIA_AUTO_COLLECTION"


def _viewable(req: EmRequest, medias: list[Media]) -> list[Media]:
    return [
        m
        for m in medias
        if not m.deleted
        and (not m.archived or m.owner_pk == req.viewer_pk)
        and req.world.can_view(req.viewer_pk, req.world.users.get(m.owner_pk))
    ]


def _saved_page(req: EmRequest, medias: list[Media]) -> dict:
    items, next_max_id = page_after(_viewable(req, medias), req.field("max_id"), PAGE, lambda m: m.pk)
    return {
        "items": [{"media": builders.media_v1(req.world, m, req.viewer_pk)} for m in items],
        "num_results": len(items),
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
    }


@route("GET", "collections/list/")
def collections_list(req: EmRequest) -> dict:
    saved = _viewable(req, req.world.media.saved_by(req.viewer_pk))
    everything = {
        "collection_id": ALL_SAVED,
        "collection_name": "All posts",
        "collection_type": ALL_SAVED,
        "collection_media_count": len(saved),
    }
    own = [builders.collection_v1(req.world, c) for c in req.world.media.collections_of(req.viewer_pk)]
    return {"items": [everything, *own], "more_available": False, "next_max_id": None}


@route("GET", "feed/collection/{collection_pk}/")
def collection_feed(req: EmRequest) -> dict:
    collection = req.world.media.collections.get(req.params["collection_pk"])
    if collection is None or collection.owner_pk != req.viewer_pk:
        raise errors.fail(404, "Collection not found")
    return _saved_page(req, [req.world.media.medias[pk] for pk in collection.media_pks])


@route("GET", "feed/saved/posts/")
def saved_posts(req: EmRequest) -> dict:
    return _saved_page(req, req.world.media.saved_by(req.viewer_pk))


@route("GET", "feed/liked/")
def liked(req: EmRequest) -> dict:
    viewer = req.viewer_pk
    medias = _viewable(req, [m for m in req.world.media.medias.values() if viewer in m.likes])
    edges = sorted(((m.likes[viewer], m) for m in medias), key=lambda e: e[0], reverse=True)
    items, next_max_id = page(edges, req.field("max_id") or None, PAGE)
    return {
        "items": [builders.media_v1(req.world, m, viewer) for m in items],
        "num_results": len(items),
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
    }
