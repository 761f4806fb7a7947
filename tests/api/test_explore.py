"""Explore, end to end: the page's posts come from public accounts not followed; a post opened from it."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from tests.api.test_user import ok, pk
from tests.validation import assert_invalid


async def test_explore_page_shows_public_accounts_not_followed(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, demo_pk = emulator.world, pk(emulator, "demo")
    body = await ok(demo, "/explore")
    shown = [
        item["media"] for section in body["sectional_items"] for item in section["layout_content"]["medias"]
    ]
    assert shown, "the seed has public accounts demo does not follow"
    for media in shown:
        owner = world.users.get(media["user"]["pk"])
        assert owner.pk != demo_pk and not owner.is_private
        assert not world.social.is_following(demo_pk, owner.pk)
    expected = world.media.newest(
        lambda m: (
            m.owner_pk != demo_pk
            and not world.users.get(m.owner_pk).is_private
            and not world.social.is_following(demo_pk, m.owner_pk)
            and not world.social.is_blocked_between(demo_pk, m.owner_pk)
        )
    )
    # Raw objects keep Instagram's numeric pk; the gateway converts only its own models.
    assert [m["pk"] for m in shown] == [int(m.pk) for m in expected][: len(shown)]


async def test_explore_media_opens_one_post(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    media = world.media.by_owner(pk(emulator, "olivia"))[0]
    body = await ok(demo, "/explore/media", media_pk=media.pk)
    assert (body["pk"], body["code"], body["user"]["username"]) == (int(media.pk), media.code, "olivia")
    assert body["like_count"] == len(media.likes)


async def test_explore_media_unknown_is_404_and_bad_pk_422(demo: httpx.AsyncClient) -> None:
    missing = await demo.get("/explore/media", params={"media_pk": 42})
    assert missing.status_code == 404 and missing.json()["exc_type"]
    for bad in ("CsFaZNTtgAl", "0"):
        response = await demo.get("/explore/media", params={"media_pk": bad})
        assert_invalid(response, "media_pk")
