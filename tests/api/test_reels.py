"""Reels feeds, end to end: which clips each tab holds, `amount` and `last_media_pk`."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.world.media import VIDEO
from tests.api.test_user import ok, pk
from tests.validation import invalid_text


def clips(emulator: Emulator, keep: Callable[[str], bool]) -> list[str]:
    """Clips `demo` may watch, not its own, newest first, whose owner passes `keep`."""
    world, demo_pk = emulator.world, pk(emulator, "demo")
    return [
        m.pk
        for m in world.media.newest(
            lambda m: (
                m.product_type == "clips"
                and m.owner_pk != demo_pk
                and world.can_view(demo_pk, world.users.get(m.owner_pk))
                and keep(m.owner_pk)
            )
        )
    ]


def followed(emulator: Emulator) -> Callable[[str], bool]:
    demo_pk = pk(emulator, "demo")
    return lambda owner: emulator.world.social.is_following(demo_pk, owner)


async def test_reels_tab_holds_every_clip_but_your_own(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(demo, "/reels")
    assert [m["pk"] for m in body] == clips(emulator, lambda owner: True)
    assert all(m["product_type"] == "clips" and isinstance(m["pk"], str) for m in body)


async def test_explore_reels_come_from_accounts_not_followed(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    is_followed = followed(emulator)
    body = await ok(demo, "/reels/explore")
    expected = clips(emulator, lambda owner: not is_followed(owner))
    assert expected and [m["pk"] for m in body] == expected


async def test_friends_reels_come_from_accounts_followed(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(demo, "/reels/friends")
    expected = clips(emulator, followed(emulator))
    assert expected and [m["pk"] for m in body] == expected
    timeline = await ok(demo, "/reels/timeline", collection_pk="friends_reels")
    assert [m["pk"] for m in timeline] == expected


async def test_amount_spans_instagrams_pages(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = pk(emulator, "alice")
    for i in range(14):
        emulator.world.media.add(alice, VIDEO, "clips", taken_at=1_718_000_000 + i, caption=f"Reel {i}")
    expected = clips(emulator, lambda owner: True)
    emulator.log.clear()
    body = await ok(demo, "/reels", amount=15)
    assert [m["pk"] for m in body] == expected[:15]
    assert len(emulator.log.calls("clips/connected/")) == 2, "Instagram pages the tab; aiograpi follows"
    assert len(await ok(demo, "/reels/timeline", collection_pk="reels", amount=3)) == 3


async def test_last_media_pk_stops_before_the_reel_already_seen(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    expected = clips(emulator, lambda owner: True)
    assert len(expected) >= 3
    body = await ok(demo, "/reels", last_media_pk=expected[2])
    assert [m["pk"] for m in body] == expected[:2]


BAD_INPUT = [
    ("/reels/timeline", {"collection_pk": "top_reels"}, "collection_pk"),
    ("/reels/timeline", {}, "collection_pk"),
    ("/reels", {"amount": 0}, "amount"),
    ("/reels/explore", {"amount": 201}, "amount"),
    ("/reels/friends", {"last_media_pk": "latest"}, "last_media_pk"),
]


async def test_bad_input_is_422_naming_the_field(demo: httpx.AsyncClient) -> None:
    for path, params, field in BAD_INPUT:
        response = await demo.get(path, params=params)
        assert response.status_code == 422, (path, params)
        assert field in invalid_text(response), (path, params)
