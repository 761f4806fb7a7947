"""A user's posts, reels, videos, tagged and pinned posts, stories, highlights and guides, end to end."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import POPULAR
from aiograpi_rest.emulator.world.media import PHOTO, VIDEO
from tests.api.test_user import ok, pk, walk
from tests.validation import assert_invalid, invalid_text


def pks(pages: list[list[dict]]) -> list[str]:
    return [m["pk"] for page in pages for m in page]


async def test_posts_page_through_every_post_once_pinned_first(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    owner = world.users.by_username("demo")
    posts = world.media.by_owner(owner.pk)  # newest first, archived left out
    expected = owner.pinned_media_pks + [m.pk for m in posts if m.pk not in owner.pinned_media_pks]
    pages = await walk(demo, "/user/posts", username="demo", amount=2)
    assert pks(pages) == expected
    assert [len(p) for p in pages[:-1]] == [2] * (len(pages) - 1)
    archived = world.media.by_owner(owner.pk, archived=True)
    assert archived and not {m.pk for m in archived} & set(pks(pages))


async def test_posts_of_a_private_account_not_followed_are_403(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await demo.get("/user/posts", params={"user_id": pk(emulator, "sybil")})
    assert response.status_code == 403 and response.json()["exc_type"] == "PrivateAccount"


async def test_reels_are_the_users_clips(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    star = pk(emulator, POPULAR)
    for i in range(3):
        world.media.add(star, VIDEO, "clips", taken_at=1_700_000_000 + i, caption=f"Clip {i}")
    expected = [m.pk for m in world.media.by_owner(star) if m.product_type == "clips"]
    pages = await walk(demo, "/user/reels", user_id=star, amount=2)
    assert pks(pages) == expected and len(expected) == 4
    assert all(m["product_type"] == "clips" for p in pages for m in p)


async def test_videos_are_the_users_igtv_posts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    demo_pk = pk(emulator, "demo")
    for i in range(2):
        world.media.add(demo_pk, VIDEO, "igtv", taken_at=1_600_000_000 + i, title=f"Episode {i}")
    expected = [m.pk for m in world.media.by_owner(demo_pk) if m.product_type == "igtv"]
    pages = await walk(demo, "/user/videos", username="demo", amount=2)
    assert pks(pages) == expected and len(expected) == 3


async def test_tagged_posts_page_exactly_once_across_instagrams_pages(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    demo_pk, alice = pk(emulator, "demo"), pk(emulator, "alice")
    # More tagged posts than one page of Instagram's tagged feed, which takes no count.
    for i in range(20):
        world.media.add(alice, PHOTO, "feed", taken_at=1_650_000_000 + i, usertags=[(demo_pk, 0.5, 0.5)])
    expected = [m.pk for m in world.media.newest(lambda m: any(t[0] == demo_pk for t in m.usertags))]
    assert len(expected) == 23
    pages = await walk(demo, "/user/tagged/posts", user_id=demo_pk, amount=5)
    assert pks(pages) == expected
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]


async def test_a_tagged_posts_cursor_it_did_not_give_is_422(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    response = await demo.get("/user/tagged/posts", params={"username": "demo", "cursor": "12~x"})
    assert_invalid(response, "cursor")
    assert len(emulator.log) == 0, "refused before any upstream call"


BAD_POST_LIST_INPUT = [
    ({"username": "demo", "amount": 0}, "amount"),
    ({"user_id": "1000000001", "username": "demo"}, "username"),
    ({}, "user_id"),
]


async def test_post_lists_refuse_bad_input(demo: httpx.AsyncClient) -> None:
    for path in ("/user/posts", "/user/reels", "/user/videos", "/user/tagged/posts"):
        for params, field in BAD_POST_LIST_INPUT:
            response = await demo.get(path, params=params)
            assert response.status_code == 422, (path, params)
            assert field in invalid_text(response), (path, params)


async def test_pinned_posts_follow_the_profile(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    owner = world.users.by_username("demo")
    body = await ok(demo, "/user/pinned/posts", user_id=owner.pk)
    assert [m["pk"] for m in body] == owner.pinned_media_pks
    video = next(m for m in world.media.by_owner(owner.pk) if m.product_type == "feed" and m.is_video)
    world.media.pin(owner, video)
    again = await ok(demo, "/user/pinned/posts", user_id=owner.pk)
    assert [m["pk"] for m in again] == owner.pinned_media_pks and video.pk in owner.pinned_media_pks


async def test_stories_oldest_first_and_close_friends_only_for_them(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    demo_pk, bob = pk(emulator, "demo"), pk(emulator, "bob")
    own = await ok(demo, "/user/stories", user_id=demo_pk)
    assert [s["pk"] for s in own] == [s.pk for s in world.stories.of(demo_pk)]
    assert len(await ok(demo, "/user/stories", user_id=demo_pk, amount=2)) == 2
    public = [s.pk for s in world.stories.of(bob) if not s.close_friends_only]
    assert [s["pk"] for s in await ok(demo, "/user/stories", user_id=bob)] == public
    world.social.set_close_friend(bob, demo_pk)
    assert [s["pk"] for s in await ok(demo, "/user/stories", user_id=bob)] == [
        s.pk for s in world.stories.of(bob)
    ]


async def test_highlights_and_their_amount(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    demo_pk = pk(emulator, "demo")
    tray = emulator.world.stories.highlights_of(demo_pk)
    body = await ok(demo, "/user/highlights", user_id=demo_pk)
    assert [(h["pk"], h["title"], h["media_count"]) for h in body] == [
        (h.pk, h.title, len(h.story_pks)) for h in tray
    ]
    assert [h["pk"] for h in await ok(demo, "/user/highlights", user_id=demo_pk, amount=1)] == [tray[0].pk]
    negative = await demo.get("/user/highlights", params={"user_id": demo_pk, "amount": -1})
    assert_invalid(negative, "amount")


async def test_guides_newest_first_with_their_cover(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    star = pk(emulator, POPULAR)
    guides = emulator.world.profiles.guides_of(star)
    body = await ok(demo, "/user/guides", user_id=star)
    assert [(g["id"], g["title"], g["cover_media"]["pk"]) for g in body] == [
        (g.id, g.title, g.media_pks[0]) for g in guides
    ]


async def test_profile_feeds_of_an_unknown_user_are_404(demo: httpx.AsyncClient) -> None:
    for path in ("/user/pinned/posts", "/user/guides", "/user/highlights", "/user/stories"):
        response = await demo.get(path, params={"user_id": "999999999"})
        assert response.status_code == 404, (path, response.text)
        assert response.json()["exc_type"], path
