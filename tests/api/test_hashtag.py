"""Hashtags end to end: info, following, top and recent pages, reels, and names refused at the door."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.handlers.sections import SECTIONS_PAGE
from aiograpi_rest.emulator.seed import GUIDE_HASHTAG
from aiograpi_rest.emulator.world.media import Media
from tests.api.test_user import ok, pk, walk
from tests.api.test_user_media import pks
from tests.validation import assert_invalid


def tagged(emulator: Emulator, name: str) -> list[Media]:
    """The posts carrying the hashtag, newest first (the seed's are all public)."""
    return emulator.world.media.newest(lambda m: name in m.hashtags)


async def test_info_counts_the_posts_carrying_the_hashtag(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    tag = emulator.world.tags.hashtags[GUIDE_HASHTAG]
    for name in (GUIDE_HASHTAG, f"#{GUIDE_HASHTAG}", " #Instagram "):
        body = await ok(demo, "/hashtag", name=name)
        assert (body["id"], body["name"]) == (tag.id, GUIDE_HASHTAG)
        assert body["media_count"] == len(tagged(emulator, GUIDE_HASHTAG)) >= 10
        assert body["following"] is False


async def test_follow_shows_in_the_hashtags_info_and_unfollow_undoes_it(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    demo_pk = pk(emulator, "demo")
    followed = await demo.post("/hashtag/follow", data={"hashtag": "#sunset"})
    assert followed.status_code == 200 and followed.json() is True
    assert demo_pk in emulator.world.tags.hashtags["sunset"].followers
    assert (await ok(demo, "/hashtag", name="sunset"))["following"] is True

    unfollowed = await demo.delete("/hashtag/follow", params={"hashtag": "sunset"})
    assert unfollowed.status_code == 200 and unfollowed.json() is True
    assert (await ok(demo, "/hashtag", name="sunset"))["following"] is False

    await demo.post("/hashtag/follow", data={"hashtag": "sunset"})
    again = await demo.post("/hashtag/follow", data={"hashtag": "sunset", "unfollow": "true"})
    assert again.json() is True and demo_pk not in emulator.world.tags.hashtags["sunset"].followers


async def test_recent_pages_through_every_tagged_post_exactly_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    expected = [m.pk for m in tagged(emulator, GUIDE_HASHTAG)]
    assert len(expected) > SECTIONS_PAGE, "more than one of Instagram's pages"
    emulator.log.clear()
    pages = await walk(demo, "/hashtag/media/recent", name=GUIDE_HASHTAG, amount=4)
    assert pks(pages) == expected
    assert all(len(p) <= 4 for p in pages) and [len(p) for p in pages[:-1]] == [4] * (len(pages) - 1)
    assert len(emulator.log.calls(f"tags/{GUIDE_HASHTAG}/sections/")) >= 2


async def test_top_ranks_the_most_liked_first_each_post_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    medias = tagged(emulator, GUIDE_HASHTAG)
    pages = await walk(demo, "/hashtag/media/top", name=GUIDE_HASHTAG, amount=5)
    got = pks(pages)
    assert sorted(got) == sorted(m.pk for m in medias) and len(set(got)) == len(got)
    likes = [len(emulator.world.media.medias[p].likes) for p in got]
    assert likes == sorted(likes, reverse=True) and likes[0] > likes[-1]
    assert got != [m.pk for m in medias], "top is not the recent order"


async def test_reels_are_the_hashtags_clips(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    clips = [m.pk for m in tagged(emulator, "reels") if m.product_type == "clips"]
    body = await ok(demo, "/hashtag/reels", name="reels")
    assert [m["pk"] for m in body] == clips and len(clips) > 2
    assert [m["pk"] for m in await ok(demo, "/hashtag/reels", name="reels", amount=2)] == clips[:2]


async def test_a_private_accounts_posts_stay_off_the_hashtags_pages(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    secret = world.media.add(pk(emulator, "sybil"), 1, "feed", caption="#sunset", hashtags=["sunset"])
    pages = await walk(demo, "/hashtag/media/recent", name="sunset", amount=50)
    assert pks(pages) and secret.pk not in pks(pages)


async def test_an_unknown_hashtag_is_404(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/hashtag", params={"name": "nobodyeverusedthis"})
    assert response.status_code == 404 and response.json()["exc_type"]


async def test_a_name_outside_hashtag_characters_is_422_with_no_upstream_call(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    for name in ("travel/../../users", "travel?x=1", "a b", "", "%2F", "##two"):
        for path in ("/hashtag", "/hashtag/media/recent", "/hashtag/media/top", "/hashtag/reels"):
            assert_invalid(await demo.get(path, params={"name": name}), "name")
        assert_invalid(await demo.post("/hashtag/follow", data={"hashtag": name}), "hashtag")
        assert_invalid(await demo.delete("/hashtag/follow", params={"hashtag": name}), "hashtag")
    assert len(emulator.log) == 0


async def test_a_cursor_the_list_did_not_give_is_422(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    for cursor in ("not-base64", "bm90IGEgbGlzdA==", "W10=~x"):
        response = await demo.get("/hashtag/media/recent", params={"name": "travel", "cursor": cursor})
        assert_invalid(response, "cursor")
    assert len(emulator.log) == 0
