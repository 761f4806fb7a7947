"""Places: one by pk, its top and recent posts (those tagged there) and the guides that visit it;
finding one near a point (the web's blended search is in handlers/search.py).

aiograpi's `location_build` comes here when a post is tagged by location pk (the place's info,
then a search by its name to learn its Facebook id) or by coordinates only (the venues nearby).
"""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.handlers.sections import ranked, sections_page
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world import search
from aiograpi_rest.emulator.world.tags import Location

NEARBY_VENUES = 10


def _venue(location: Location) -> dict:
    """A `location_search/` venue: Instagram names it by its Facebook id, not a location pk."""
    return {
        "name": location.name,
        "address": location.address,
        "lat": location.lat,
        "lng": location.lng,
        "external_id": location.external_id,
        "external_id_source": "facebook_places",
    }


def _coordinate(req: EmRequest, name: str) -> float:
    try:
        return float(req.field(name))
    except ValueError:
        raise errors.bad_request(f"Invalid {name}") from None


@route("GET", "locations/{location_pk}/location_info/")
def location_info(req: EmRequest) -> dict:
    location = req.world.tags.location(req.params["location_pk"])
    return {**builders.location_v1(location), "location_id": int(location.pk), "status": "ok"}


@route("POST", "locations/{location_pk}/sections/")
def location_sections(req: EmRequest) -> dict:
    """`tab` is `ranked` (most liked first) or `recent`."""
    location = req.world.tags.location(req.params["location_pk"])
    tab = req.field("tab") or "ranked"
    if tab not in ("ranked", "recent"):
        raise errors.bad_request(f"Invalid tab {tab}")
    medias = ranked(req, lambda m: m.location_pk == location.pk, top=tab == "ranked")
    return sections_page(req, medias)


@route("GET", "guides/location/{location_pk}/")
def location_guides(req: EmRequest) -> dict:
    """The guides with a post tagged at the place, newest first."""
    world = req.world
    location = world.tags.location(req.params["location_pk"])
    here = {m.pk for m in ranked(req, lambda m: m.location_pk == location.pk, top=False)}
    guides = sorted(
        (g for g in world.profiles.guides.values() if here & set(g.media_pks)), key=lambda g: -g.created_at
    )
    return {"guides": [builders.guide_v1(world, g, req.viewer_pk) for g in guides]}


@route("GET", "location_search/")
def location_search(req: EmRequest) -> dict:
    """The places nearest to `latitude`/`longitude`, nearest first."""
    lat, lng = _coordinate(req, "latitude"), _coordinate(req, "longitude")
    places = search.nearest(req.world, (lat, lng))
    return {"venues": [_venue(p) for p in places[:NEARBY_VENUES]], "request_id": "", "rank_token": ""}
