"""The emulator's search rules, and its search answers through the aiograpi parsers that read them."""

from __future__ import annotations

from aiograpi import extractors

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.builders.search import place_v1, recent_v1
from aiograpi_rest.emulator.world import search
from aiograpi_rest.emulator.world.search import CONTAINS, EXACT, PREFIX, RECENT_MAX, WORD_PREFIX


def test_tiers_order_exact_prefix_word_contains() -> None:
    assert search.tier("alice", "alice") == EXACT
    assert search.tier("ali", "alice", "x") == PREFIX
    assert search.tier("lens", "alice", "Alice Lens") == WORD_PREFIX
    assert search.tier("lic", "alice") == CONTAINS
    assert search.tier("bob", "alice", "Alice Lens") is None
    assert search.tier("", "alice") is None
    assert search.normalized("  @#Ali ") == "ali"


def test_distance_is_great_circle() -> None:
    assert search.distance_km((0, 179.9), (0, -179.9)) < 25  # across the antimeridian
    assert 340 < search.distance_km((48.8584, 2.2945), (51.5007, -0.1246)) < 350  # Paris–London


def test_recent_searches_move_up_and_stay_bounded(em: Emulator) -> None:
    recents = em.world.searches
    for i in range(RECENT_MAX + 5):
        recents.add("1", "keyword", f"k{i}", i)
    recents.add("1", "keyword", "k10", 100)
    listed = [r.key for r in recents.of("1")]
    assert listed[0] == "k10" and len(listed) == RECENT_MAX and listed.count("k10") == 1
    assert recents.of("2") == []


def test_place_and_recent_builders_parse(em: Emulator) -> None:
    world = em.world
    place = next(iter(world.tags.locations.values()))
    # fbsearch/places/ items are read by their `location`; the web search's by the `place` around it.
    for location in (
        extractors.extract_location(place_v1(place)["location"]),
        extractors.extract_location({"position": 0, "place": place_v1(place)}),
    ):
        assert (location.pk, location.name, location.lat) == (int(place.pk), place.name, place.lat)
    demo = world.users.by_username("demo").pk
    entries = [recent_v1(world, r) for r in world.searches.of(demo)]
    hashtag = next(e["hashtag"] for e in entries if "hashtag" in e)
    assert int(hashtag["formatted_media_count"]) == search.post_count(world, world.tags.hashtag("travel"))
    assert extractors.extract_user_short(entries[0]["user"]).username == "alice"
