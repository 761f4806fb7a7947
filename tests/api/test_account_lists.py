"""Account lists and feeds, end to end: follow requests (paged, approved, declined), saved
collections, liked and archived posts, the timeline and the profile stream, checked against the
emulator's world."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.world.media import PHOTO, Media
from tests.validation import assert_invalid, invalid_text

DEMO = "1000000001"


def pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


def paths(emulator: Emulator) -> list[str]:
    return [e.path for e in emulator.log]


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def walk(api: httpx.AsyncClient, path: str, amount: int) -> list[list[dict]]:
    """Every page of a `{items, next_cursor}` list, following the cursor to its empty end."""
    pages, cursor = [], ""
    while True:
        body = await ok(await api.get(path, params={"amount": amount, "cursor": cursor}))
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return pages
        assert len(pages) < 20, "the cursor never ends"


def request_from(emulator: Emulator, *usernames: str) -> list[str]:
    pks = [pk(emulator, name) for name in usernames]
    for requester in pks:
        emulator.world.social.follow(requester, DEMO, target_private=True)
    return pks


# follow requests
async def test_follow_requests_page_through_every_request_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    request_from(emulator, "fan_001", "fan_002", "fan_003", "fan_004")
    expected = [p for _, p in emulator.world.social.request_edges(DEMO)]
    assert len(expected) == 5
    emulator.log.clear()
    pages = await walk(demo, "/account/follow/requests", 2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [u["pk"] for page in pages for u in page] == expected
    assert paths(emulator) == ["/api/v1/friendships/pending/"] * 3
    assert [e.query["count"] for e in emulator.log] == ["2", "2", "2"]


async def test_approve_one_request_then_remove_the_follower(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    social, mallory = emulator.world.social, pk(emulator, "mallory")
    assert await ok(await demo.post("/account/follow/request/approve", data={"user_id": mallory})) is True
    assert social.is_following(mallory, DEMO) and (mallory, DEMO) not in social.requests

    assert await ok(await demo.delete("/user/follower", params={"user_id": mallory})) is True
    assert not social.is_following(mallory, DEMO)
    # Nothing pending any more: approving again answers false and changes nothing.
    assert await ok(await demo.post("/account/follow/request/approve", data={"user_id": mallory})) is False
    assert not social.is_following(mallory, DEMO)


async def test_decline_one_request(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    social, mallory = emulator.world.social, pk(emulator, "mallory")
    emulator.log.clear()
    assert await ok(await demo.delete("/account/follow/request", params={"user_id": mallory})) is True
    assert (mallory, DEMO) not in social.requests and not social.is_following(mallory, DEMO)
    assert paths(emulator) == [f"/api/v1/friendships/ignore/{mallory}/"]


async def test_approve_and_decline_several_requests(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    social = emulator.world.social
    one, two = request_from(emulator, "fan_010", "fan_011")
    three, four = request_from(emulator, "fan_012", "fan_013")
    body = await ok(await demo.post("/account/follow/requests/approve", data={"user_ids": [one, two]}))
    assert body == {one: True, two: True}
    assert social.is_following(one, DEMO) and social.is_following(two, DEMO)

    body = await ok(await demo.delete("/account/follow/requests", params={"user_ids": [three, four]}))
    assert body == {three: True, four: True}
    assert not {(three, DEMO), (four, DEMO)} & set(social.requests)
    assert not social.is_following(three, DEMO) and not social.is_following(four, DEMO)


async def test_follow_request_bad_input(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    blank = await demo.post("/account/follow/request/approve", data={"user_id": " "})
    assert_invalid(blank, "user_id")
    missing = await demo.delete("/account/follow/requests")
    assert_invalid(missing, "user_ids")
    unknown = await demo.delete("/account/follow/request", params={"user_id": "999999999"})
    assert unknown.status_code == 404 and unknown.json()["exc_type"]


# collections and liked posts
async def test_collections_list_all_posts_then_each_collection(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    body = await ok(await demo.get("/account/collections"))
    own = emulator.world.media.collections_of(DEMO)
    assert [c["name"] for c in body] == ["All posts", *[c.name for c in own]]
    assert body[0]["id"] == "ALL_MEDIA_AUTO_COLLECTION"
    assert body[0]["media_count"] == len(emulator.world.media.saved_by(DEMO))
    assert [(c["id"], c["media_count"]) for c in body[1:]] == [(c.pk, len(c.media_pks)) for c in own]


async def test_one_collection_by_pk_or_by_name(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    travel = next(c for c in emulator.world.media.collections_of(DEMO) if c.name == "Travel")
    by_pk = await ok(await demo.get("/account/collection", params={"collection_pk": travel.pk}))
    by_name = await ok(await demo.get("/account/collection", params={"name": "Travel"}))
    assert by_pk == by_name == {"id": travel.pk, "name": "Travel", "type": "MEDIA", "media_count": 2}


@pytest.mark.parametrize("path", ["/account/collection", "/account/collection/media"])
@pytest.mark.parametrize("params", [{"name": "Nope"}, {"collection_pk": "17899999999999999"}])
async def test_unknown_collection_is_not_found(demo: httpx.AsyncClient, path: str, params: dict) -> None:
    response = await demo.get(path, params=params)
    assert response.status_code == 404, response.text
    assert response.json()["exc_type"] == "CollectionNotFound"


@pytest.mark.parametrize("params", [{}, {"name": "Travel", "collection_pk": "1"}])
async def test_collection_needs_exactly_one_selector(
    demo: httpx.AsyncClient, emulator: Emulator, params: dict
) -> None:
    emulator.log.clear()
    response = await demo.get("/account/collection/media", params=params)
    assert response.status_code == 422
    assert "collection_pk" in invalid_text(response) and "name" in invalid_text(response)
    assert paths(emulator) == []


async def test_collection_media_by_name_follows_saves(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    store = emulator.world.media
    travel = next(c for c in store.collections_of(DEMO) if c.name == "Travel")
    emulator.log.clear()
    body = await ok(await demo.get("/account/collection/media", params={"name": "Travel"}))
    assert [m["pk"] for m in body] == travel.media_pks
    assert paths(emulator) == ["/api/v1/collections/list/", f"/api/v1/feed/collection/{travel.pk}/"]

    newly = store.get(store.by_owner(pk(emulator, "bob"))[0].pk)
    store.save(newly, DEMO, [travel.pk])
    body = await ok(await demo.get("/account/collection/media", params={"collection_pk": travel.pk}))
    assert [m["pk"] for m in body] == [newly.pk, *travel.media_pks[1:]]
    first_only = await ok(
        await demo.get(
            "/account/collection/media", params={"name": "Travel", "last_media_pk": travel.media_pks[1]}
        )
    )
    assert [m["pk"] for m in first_only] == [newly.pk]
    store.unsave(newly, DEMO)
    body = await ok(await demo.get("/account/collection/media", params={"name": "Travel", "amount": 1}))
    assert [m["pk"] for m in body] == travel.media_pks[:1]


async def test_all_saved_posts_through_the_auto_collection(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    params = {"collection_pk": "ALL_MEDIA_AUTO_COLLECTION"}
    body = await ok(await demo.get("/account/collection/media", params=params))
    assert {m["pk"] for m in body} == {m.pk for m in emulator.world.media.saved_by(DEMO)}


def liked_by_demo(emulator: Emulator) -> list[Media]:
    liked = [m for m in emulator.world.media.medias.values() if DEMO in m.likes and not m.deleted]
    return sorted(liked, key=lambda m: m.likes[DEMO], reverse=True)


async def test_liked_media_newest_like_first(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    store = emulator.world.media
    for name in ("victor", "rupert", "walter"):
        fresh = store.by_owner(pk(emulator, name))[0]
        store.unlike(fresh, DEMO)
        store.like(fresh, DEMO)
    expected = [m.pk for m in liked_by_demo(emulator)]
    body = await ok(await demo.get("/account/liked/media", params={"amount": 3}))
    assert [m["pk"] for m in body] == expected[:3] and body[0]["pk"] == fresh.pk
    everything = await ok(await demo.get("/account/liked/media", params={"amount": 200}))
    assert [m["pk"] for m in everything] == expected
    since = await ok(await demo.get("/account/liked/media", params={"last_media_pk": expected[2]}))
    assert [m["pk"] for m in since] == expected[:2]
    bad = await demo.get("/account/liked/media", params={"amount": "many"})
    assert_invalid(bad, "amount")


# archive
async def test_archive_pages_every_archived_post_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    store = emulator.world.media
    for i in range(13):  # more than Instagram puts in one page (12)
        store.add(DEMO, PHOTO, "feed", taken_at=1_600_000_000 + i, caption=f"old {i}", archived=True)
    expected = [m.pk for m in store.by_owner(DEMO, archived=True)]
    assert len(expected) == 14
    pages = await walk(demo, "/account/archive/media", 5)
    assert [len(p) for p in pages] == [5, 5, 4]
    assert [m["pk"] for page in pages for m in page] == expected

    emulator.log.clear()
    whole = await ok(await demo.get("/account/archive/media", params={"amount": 200}))
    assert [m["pk"] for m in whole["items"]] == expected and whole["next_cursor"] == ""
    assert len(emulator.log.calls("only_me_feed")) == 2, "a page is filled from Instagram's next page"


# feeds
async def test_new_posts_show_until_the_timeline_is_fetched(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    assert await ok(await demo.get("/account/feed/new")) is False
    post = emulator.world.media.add(pk(emulator, "alice"), PHOTO, "feed", taken_at=int(time.time()))
    assert await ok(await demo.get("/account/feed/new")) is True

    timeline = await ok(await demo.get("/account/feed/timeline"))
    assert timeline["feed_items"][0]["media_or_ad"]["pk"] == int(post.pk), "raw: Instagram's number"
    assert await ok(await demo.get("/account/feed/new")) is False


async def test_timeline_is_the_followed_accounts_newest_posts(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    authors = {p for _, p in emulator.world.social.following_edges(DEMO)} | {DEMO}
    newest = emulator.world.media.newest(lambda m: m.owner_pk in authors)
    body = await ok(await demo.get("/account/feed/timeline"))
    assert [item["media_or_ad"]["id"] for item in body["feed_items"]] == [m.id for m in newest[:12]]


async def test_profile_stream_rows_carry_the_users_posts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = pk(emulator, "alice")
    body = await ok(await demo.get("/account/feed/user/stream-item", params={"item_id": alice}))
    rows = body["stream_rows"]
    assert rows[0]["user"]["pk"] == int(alice)
    streamed = [m["id"] for row in rows for m in row.get("items", [])]
    assert streamed == [m.id for m in emulator.world.media.by_owner(alice)]


async def test_profile_stream_of_a_private_or_unknown_user(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    private = await demo.get("/account/feed/user/stream-item", params={"item_id": pk(emulator, "sybil")})
    assert private.status_code == 403 and private.json()["exc_type"] == "PrivateAccount"
    unknown = await demo.get("/account/feed/user/stream-item", params={"item_id": "999999999"})
    assert unknown.status_code == 404
    bad = await demo.get("/account/feed/user/stream-item", params={"item_id": "alice"})
    assert_invalid(bad, "item_id")
