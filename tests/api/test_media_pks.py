"""Media pks leave the gateway as strings: Instagram sends them as 19-digit JSON numbers, which
JavaScript clients would round; every route answering media converts them (`models.Media`)."""

from __future__ import annotations

from typing import Any

import httpx

from aiograpi_rest.emulator import Emulator, builders
from aiograpi_rest.emulator.seed import POPULAR
from aiograpi_rest.emulator.world.media import ALBUM


def owner_pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_string_pks(medias: list[dict[str, Any]], route: str) -> None:
    assert medias, f"{route} answered no media: nothing was checked"
    for media in medias:
        assert isinstance(media["pk"], str), f"{route}: pk {media['pk']!r} is not a string"
        assert media["id"].startswith(media["pk"] + "_"), f"{route}: pk and id disagree"
        for resource in media["resources"]:
            assert isinstance(resource["pk"], str), f"{route}: album resource pk {resource['pk']!r}"


async def test_the_emulator_sends_numbers_and_the_gateway_answers_strings(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    album = next(m for m in world.media.by_owner(owner_pk(emulator, "demo")) if m.media_type == ALBUM)
    sent = builders.media_v1(world, album)
    assert isinstance(sent["pk"], int) and all(isinstance(r["pk"], int) for r in sent["carousel_media"])

    body = await ok(await demo.get("/media", params={"pk": album.pk}))
    assert body["pk"] == album.pk, "all 19 digits, as a string"
    assert [r["pk"] for r in body["resources"]] == [r.pk for r in album.resources]
    # A raw pass-through route keeps Instagram's number: the contrast shows the conversion is ours.
    raw = await ok(await demo.get("/explore/media", params={"media_pk": album.pk}))
    assert raw["pk"] == int(album.pk)


async def test_every_route_family_answering_media_gives_string_pks(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    demo_pk = owner_pk(emulator, "demo")
    pages = {
        "/user/posts": {"user_id": demo_pk},
        "/user/reels": {"user_id": demo_pk},
        "/user/videos": {"user_id": demo_pk},
        "/user/tagged/posts": {"user_id": demo_pk},
        "/account/archive/media": {},
    }
    for route, params in pages.items():
        assert_string_pks((await ok(await demo.get(route, params=params)))["items"], route)
    arrays = {
        "/user/pinned/posts": {"user_id": demo_pk},
        "/account/liked/media": {},
        "/account/collection/media": {"name": "Travel"},
        "/reels": {},
        "/reels/explore": {},
        "/reels/friends": {},
        "/reels/timeline": {"collection_pk": "reels"},
    }
    for route, params in arrays.items():
        assert_string_pks(await ok(await demo.get(route, params=params)), route)
    guides = await ok(await demo.get("/user/guides", params={"user_id": owner_pk(emulator, POPULAR)}))
    assert_string_pks([g["cover_media"] for g in guides], "/user/guides")


async def test_openapi_says_media_pk_is_a_string(api: httpx.AsyncClient) -> None:
    schemas = (await ok(await api.get("/openapi.json")))["components"]["schemas"]
    assert schemas["Media"]["properties"]["pk"]["type"] == "string"
    assert schemas["Resource"]["properties"]["pk"]["type"] == "string"
    assert schemas["MediaPage"]["properties"]["items"]["items"]["$ref"] == "#/components/schemas/Media"
    assert schemas["Guide"]["properties"]["cover_media"]["$ref"] == "#/components/schemas/Media"
    assert not [name for name in schemas if "__" in name], "one Media schema, not aiograpi's beside ours"
