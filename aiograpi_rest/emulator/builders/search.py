"""Search answers: places as search lists them, blended entries and recent searches."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.builders.media import location_v1
from aiograpi_rest.emulator.builders.tags import hashtag_v1
from aiograpi_rest.emulator.builders.users import user_short
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.search import Recent, post_count
from aiograpi_rest.emulator.world.tags import Hashtag, Location
from aiograpi_rest.emulator.world.users import User


def place_v1(place: Location) -> Json:
    """A place in a search list: `extract_location` reads its `location`."""
    return {"location": location_v1(place), "title": place.name, "subtitle": place.address or place.city}


def entity_v1(kind: str, item: User | tuple[Hashtag, int] | Location) -> Json:
    """An account, hashtag (with its post count) or place of a blended search list."""
    if kind == "user":
        return user_short(item)  # type: ignore[arg-type]
    if kind == "hashtag":
        tag, count = item  # type: ignore[misc]
        return hashtag_v1(tag, count)
    return place_v1(item)  # type: ignore[arg-type]


def blended_entry(position: int, kind: str, item: User | tuple[Hashtag, int] | Location) -> Json:
    """One entry of a blended list (`topsearch_flat`, web topsearch, keyword typeahead)."""
    return {"position": position, kind: entity_v1(kind, item)}


def keyword_v1(word: str) -> Json:
    return {"id": f"keyword:{word}", "name": word, "search_type": "keyword"}


def recent_v1(world: World, recent: Recent) -> Json:
    """`fbsearch_recent`: a hashtag's count comes as `formatted_media_count`, which aiograpi reads as
    its `media_count`, so it is a plain number here."""
    entry: Json = {"client_time": recent.client_time}
    if recent.kind == "user":
        entry["user"] = user_short(world.users.get(recent.key))
    elif recent.kind == "hashtag":
        tag = world.tags.hashtag(recent.key)
        hashtag = hashtag_v1(tag)
        hashtag.pop("media_count")
        entry["hashtag"] = {**hashtag, "formatted_media_count": str(post_count(world, tag))}
    else:
        entry["keyword"] = keyword_v1(recent.key)
    return entry
