"""Places end to end: info, the guides that visit one, and its top and recent posts."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.handlers.sections import SECTIONS_PAGE
from aiograpi_rest.emulator.seed import CITY_NAME, CITY_PK
from aiograpi_rest.emulator.world.media import Media
from tests.api.test_user import ok, walk
from tests.api.test_user_media import pks
from tests.validation import assert_invalid


def tagged_at(emulator: Emulator, location_pk: str) -> list[Media]:
    return emulator.world.media.newest(lambda m: m.location_pk == location_pk)


def place(emulator: Emulator, name: str) -> str:
    return next(loc.pk for loc in emulator.world.tags.locations.values() if loc.name == name)


async def test_the_city_guides_name_answers_with_its_coordinates(demo: httpx.AsyncClient) -> None:
    body = await ok(demo, "/location", location_pk=CITY_PK)
    assert (str(body["pk"]), body["name"], body["city"]) == (CITY_PK, CITY_NAME, "New York")
    assert (round(body["lat"], 2), round(body["lng"], 2)) == (40.71, -74.01)


async def test_top_lists_only_the_posts_at_the_place_most_liked_first(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    for name_or_pk in (CITY_PK, place(emulator, "Central Park")):
        expected = tagged_at(emulator, name_or_pk)
        assert expected
        pages = await walk(demo, "/location/media/top", location_pk=name_or_pk, amount=2)
        got = pks(pages)
        assert sorted(got) == sorted(m.pk for m in expected) and len(set(got)) == len(got)
        assert {m["location"]["pk"] for p in pages for m in p} == {int(name_or_pk)}
        likes = [len(emulator.world.media.medias[p].likes) for p in got]
        assert likes == sorted(likes, reverse=True)


async def test_recent_pages_through_every_post_at_the_place_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    owner = world.users.by_username("alice").pk
    for i in range(SECTIONS_PAGE + 3):  # past one of Instagram's pages
        world.media.add(owner, 1, "feed", taken_at=1_600_000_000 + i, location_pk=CITY_PK)
    expected = [m.pk for m in tagged_at(emulator, CITY_PK)]
    emulator.log.clear()
    pages = await walk(demo, "/location/media/recent", location_pk=CITY_PK, amount=5)
    assert pks(pages) == expected
    assert [len(p) for p in pages[:-1]] == [5] * (len(pages) - 1) and len(pages[-1]) <= 5
    assert len(emulator.log.calls(f"locations/{CITY_PK}/sections/")) >= 2


async def test_guides_are_those_visiting_the_place(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    guides = emulator.world.profiles.guides.values()
    city = await ok(demo, "/location/guides", location_pk=CITY_PK)
    assert [g["title"] for g in city] == ["New York in a day"]
    tower = place(emulator, "Eiffel Tower")
    here = {m.pk for m in tagged_at(emulator, tower)}
    visiting = sorted((g for g in guides if here & set(g.media_pks)), key=lambda g: -g.created_at)
    body = await ok(demo, "/location/guides", location_pk=tower)
    assert [g["id"] for g in body] == [g.id for g in visiting] and body
    assert all(g["cover_media"]["pk"] for g in body)


async def test_an_unknown_place_is_404(demo: httpx.AsyncClient) -> None:
    for path in ("/location", "/location/guides", "/location/media/top", "/location/media/recent"):
        response = await demo.get(path, params={"location_pk": 1})
        assert response.status_code == 404, (path, response.text)
        assert response.json()["exc_type"], path


async def test_bad_input_is_422_naming_the_field(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    for path in ("/location", "/location/guides", "/location/media/top", "/location/media/recent"):
        for value in ("abc", "0", "-5", "1/2"):
            assert_invalid(await demo.get(path, params={"location_pk": value}), "location_pk")
    top = {"location_pk": CITY_PK, "amount": 201}
    assert_invalid(await demo.get("/location/media/top", params=top), "amount")
    cursor = {"location_pk": CITY_PK, "cursor": "x~1"}
    assert_invalid(await demo.get("/location/media/recent", params=cursor), "cursor")
    assert len(emulator.log) == 0
