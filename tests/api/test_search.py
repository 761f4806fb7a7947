"""Search, end to end through aiograpi and the emulator: what each surface finds is the world's
content, ranked by the same rules everywhere (exact, prefix, then popularity)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.world import search
from tests.api.test_user import ok, pk
from tests.validation import assert_invalid

QUERY_ROUTES = [
    "/search/users",
    "/search/accounts",
    "/search/hashtags",
    "/search/music",
    "/search/places",
    "/search/top",
    "/search/top/flat",
    "/search/web/top",
    "/search/web/hashtags",
    "/search/reels",
    "/search/typeahead",
    "/search/typeahead/stream",
    "/search/typeahead/users",
]


async def test_users_search_finds_alice_first(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    users = await ok(demo, "/search/users", query="  ali ")
    assert users[0]["username"] == "alice" and users[0]["pk"] == pk(emulator, "alice")
    assert all("ali" in (u["username"] + u["full_name"]).lower() for u in users)
    assert emulator.log.calls("users/search/")[-1].query["q"] == "ali"  # trimmed before Instagram


async def test_ranking_exact_then_prefix_then_followers(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    names = [u["username"] for u in await ok(demo, "/search/users", query="fan_01")]
    followers = {n: world.social.follower_count(pk(emulator, n)) for n in names}
    assert names == sorted(followers, key=lambda n: (-followers[n], n))  # all prefixes: popularity, name
    assert set(names) == {u.username for u in world.users if "fan_01" in u.username}
    # "travel": the verified travel_star (a prefix) before Trent Travels (a word of the name).
    travel = [u["username"] for u in await ok(demo, "/search/users", query="travel")]
    assert travel.index("travel_star") < travel.index("trent")
    assert (await ok(demo, "/search/users", query="@ALICE"))[0]["username"] == "alice"  # exact, any case


async def test_blank_query_is_refused(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    before = len(emulator.log)
    for path in QUERY_ROUTES:
        for blank in ("", "   ", "\t", "\u3000"):
            assert_invalid(await demo.get(path, params={"query": blank}), "query")
    assert len(emulator.log) == before, "nothing reached Instagram"


async def test_query_rules_are_in_the_schema(demo: httpx.AsyncClient) -> None:
    assert_invalid(await demo.get("/search/users", params={"query": "a\nb"}), "query")
    assert_invalid(await demo.get("/search/users", params={"query": "a" * 201}), "query")
    assert_invalid(await demo.get("/search/users"), "query")
    schema = (await demo.get("/openapi.json")).json()
    params = {p["name"]: p for p in schema["paths"]["/search/users"]["get"]["parameters"]}
    assert params["query"]["schema"]["pattern"] and params["query"]["schema"]["maxLength"] == 200


async def test_followers_search_finds_only_followers(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    star = pk(emulator, "travel_star")
    found = await ok(demo, "/search/followers", user_id=star, query="fan_1")
    fans = {p for _, p in world.social.follower_edges(star)}
    assert found and all(u["pk"] in fans for u in found)
    assert {u["username"] for u in found} == {
        world.users.get(p).username for p in fans if "fan_1" in world.users.get(p).username
    }
    # alice exists but does not follow travel_star: not found among its followers.
    assert not world.social.is_following(pk(emulator, "alice"), star)
    assert await ok(demo, "/search/followers", user_id=star, query="alice") == []


async def test_following_search_finds_only_followed(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, demo_pk = emulator.world, pk(emulator, "demo")
    found = await ok(demo, "/search/following", user_id=demo_pk, query="a")
    followed = {p for _, p in world.social.following_edges(demo_pk)}
    assert found and {u["pk"] for u in found} <= followed
    assert "olivia" not in {u["username"] for u in found}  # follows demo, not followed back


async def test_follow_search_user_id_is_checked(demo: httpx.AsyncClient) -> None:
    assert_invalid(await demo.get("/search/followers", params={"user_id": "alice", "query": "a"}), "user_id")
    missing = await demo.get("/search/following", params={"user_id": "42", "query": "a"})
    assert missing.status_code == 404 and missing.json()["exc_type"]


async def test_accounts_pages_return_each_account_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    seen: list[str] = []
    token, pages = None, 0
    while True:
        body = await ok(demo, "/search/accounts", query="fan", **({"page_token": token} if token else {}))
        assert len(body["users"]) <= 30
        seen += [u["username"] for u in body["users"]]
        pages += 1
        token = body["next_page_token"]
        if not body["has_more"]:
            break
    expected = [u.username for u in search.users(emulator.world, "fan", pk(emulator, "demo"))]
    assert pages > 1 and seen == expected and len(set(seen)) == len(seen)


async def test_hashtags_rank_with_post_counts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    for path in ("/search/hashtags", "/search/web/hashtags"):
        tags = await ok(demo, path, query="#trav")
        assert tags[0]["name"] == "travel"
        assert tags[0]["media_count"] == len(world.media.newest(lambda m: "travel" in m.hashtags))


async def test_music_search_finds_tracks_by_title_or_artist(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    tracks = emulator.world.tags.tracks.values()
    summer = next(t for t in tracks if t.title == "Emulated Summer")
    for query in ("emulated", "fixtures"):
        found = await ok(demo, "/search/music", query=query)
        assert found[0]["id"] == summer.id and found[0]["display_artist"] == summer.display_artist
    assert await ok(demo, "/search/music", query="zzzz-nothing") == []


async def test_places_and_locations_agree_on_the_nearest(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    for place in list(emulator.world.tags.locations.values())[:3]:
        point = {"lat": place.lat + 0.001, "lng": place.lng - 0.001}
        near = await ok(demo, "/search/locations", **point)
        places = await ok(demo, "/search/places", query="e", **point)
        assert near[0]["name"] == places[0]["name"] == place.name
        assert places[0]["pk"] == int(place.pk)


async def test_places_rank_an_exact_name_before_the_nearest(demo: httpx.AsyncClient) -> None:
    found = await ok(demo, "/search/places", query="central park", lat=48.85, lng=2.29)  # in Paris
    assert found[0]["name"] == "Central Park"


async def test_locations_by_name(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    found = await ok(demo, "/search/locations", name=" Eiffel ")
    tower = next(p for p in emulator.world.tags.locations.values() if p.name == "Eiffel Tower")
    assert found[0]["name"] == "Eiffel Tower" and found[0]["pk"] == int(tower.pk)
    assert emulator.log.calls("web/search/topsearch/", host="www.instagram.com")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": 91, "lng": 0}, "lat"),
        ({"lat": 0, "lng": -180.5}, "lng"),
        ({"lat": 10}, "lng"),
        ({"lng": 10}, "lat"),
        ({}, "name"),
        ({"name": "park", "lat": 1, "lng": 1}, "name"),
        ({"name": " "}, "name"),
        ({"lat": "nan", "lng": 0}, "lat"),
    ],
)
async def test_locations_inputs_are_checked(
    demo: httpx.AsyncClient, params: dict[str, Any], field: str
) -> None:
    assert_invalid(await demo.get("/search/locations", params=params), field)


async def test_places_coordinates_are_checked(demo: httpx.AsyncClient) -> None:
    assert_invalid(await demo.get("/search/places", params={"query": "park", "lat": -90.01}), "lat")
    assert_invalid(await demo.get("/search/places", params={"query": "park", "lng": 181}), "lng")


async def test_top_flat_and_web_top_blend_the_same_order(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    flat = await ok(demo, "/search/top/flat", query="travel")
    kinds = [next(k for k in ("user", "hashtag", "place") if k in e) for e in flat]
    assert kinds[0] == "hashtag" and flat[0]["hashtag"]["name"] == "travel"  # the exact match
    assert flat[1]["user"]["username"] == "travel_star"
    web = await ok(demo, "/search/web/top", query="travel")
    by_position = sorted(web["users"] + web["hashtags"] + web["places"], key=lambda e: e["position"])
    assert [
        e.get("user", e.get("hashtag", {})).get("pk", e.get("hashtag", {}).get("id")) for e in by_position
    ] == [e.get("user", e.get("hashtag", {})).get("pk", e.get("hashtag", {}).get("id")) for e in flat]


async def test_top_grid_pages_each_post_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    seen: list[int] = []
    cursor = None
    body = await ok(demo, "/search/top", query="travel")
    assert body["see_more"]["list"][0]["hashtag"]["name"] == "travel"
    while True:
        grid = body["media_grid"]
        medias = [m["media"] for s in grid["sections"] for m in s["layout_content"]["medias"]]
        assert 0 < len(medias) <= 9
        seen += [m["pk"] for m in medias]
        cursor = grid["next_max_id"]
        if not grid["more_available"]:
            break
        body = await ok(
            demo, "/search/top", query="travel", next_max_id=cursor, rank_token=body["rank_token"]
        )
    tagged = emulator.world.media.newest(lambda m: "travel" in m.hashtags)
    assert len(seen) == len(set(seen)) and {int(m.pk) for m in tagged} <= set(seen)


async def test_reels_pages_each_reel_once(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, demo_pk = emulator.world, pk(emulator, "demo")
    seen: list[int] = []
    params: dict[str, str] = {}
    while True:
        body = await ok(demo, "/search/reels", query="#reels", **params)
        assert len(body["items"]) <= 4
        assert all(i["media"]["product_type"] == "clips" for i in body["items"])
        seen += [i["media"]["pk"] for i in body["items"]]
        if not body["has_more"]:
            break
        params = {"reels_max_id": body["reels_max_id"], "rank_token": body["rank_token"]}
    expected = [int(m.pk) for m in search.posts(world, "reels", demo_pk, clips_only=True)]
    assert len(expected) > 4 and seen == expected


async def test_item_opens_a_tab_by_its_path(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(demo, "/search/item", item_id="user_serp", search_surface="user_serp", query="ali")
    assert body["users"][0]["username"] == "alice"
    assert emulator.log.calls("fbsearch/user_serp/")[-1].query["search_surface"] == "user_serp"
    reels = await ok(
        demo, "/search/item", item_id="clips_serp_page", search_surface="clips_serp_page", query="reels"
    )
    assert reels["items"] and len(reels["items"]) <= 4
    missing = await demo.get(
        "/search/item", params={"item_id": "nope_serp", "search_surface": "x", "query": "a"}
    )
    assert missing.status_code == 404 and missing.json()["exc_type"]
    bad = await demo.get(
        "/search/item", params={"item_id": "../top_serp", "search_surface": "x", "query": "a"}
    )
    assert_invalid(bad, "item_id")
    assert_invalid(
        await demo.get(
            "/search/item", params={"item_id": "top_serp", "search_surface": "x", "query": "a", "count": 0}
        ),
        "count",
    )


async def test_suggested_users_are_like_the_target(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, demo_pk, alice = emulator.world, pk(emulator, "demo"), pk(emulator, "alice")
    found = await ok(demo, "/search/suggested/users", user_id=alice)
    fans = {p for _, p in world.social.follower_edges(alice)}
    assert found
    for user in found:
        assert user["pk"] not in (alice, demo_pk) and not world.social.is_following(demo_pk, user["pk"])
        assert any(world.social.is_following(fan, user["pk"]) for fan in fans)
    missing = await demo.get("/search/suggested/users", params={"user_id": "42"})
    assert missing.status_code == 404 and missing.json()["exc_type"]


async def test_recent_searches_show_the_seed_then_new_keywords(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    recent = await ok(demo, "/search/recent")
    assert [r["type"] for r in recent] == ["user", "hashtag", "keyword"]
    assert recent[0]["user"]["username"] == "alice" and recent[1]["hashtag"]["name"] == "travel"
    assert recent[1]["hashtag"]["media_count"] == len(
        emulator.world.media.newest(lambda m: "travel" in m.hashtags)
    )
    await ok(demo, "/search/top", query=" Coffee ")
    recent = await ok(demo, "/search/recent")
    assert (recent[0]["type"], recent[0]["keyword"]["name"]) == ("keyword", "coffee")
    assert len(recent) == 4


async def test_typeahead_stays_within_count(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    full = await ok(demo, "/search/typeahead", query="s")
    assert len(full["list"]) > 3
    short = await ok(demo, "/search/typeahead", query="s", count=3)
    assert short["list"] == full["list"][:3]
    keywords = [e["keyword"]["name"] for e in full["list"] if "keyword" in e]
    assert keywords and all(k.startswith("s") for k in keywords)
    assert_invalid(await demo.get("/search/typeahead", params={"query": "s", "count": 101}), "count")
    assert_invalid(
        await demo.get("/search/typeahead", params={"query": "s", "timezone_offset": 90000}),
        "timezone_offset",
    )


async def test_typeahead_stream_rows_and_users(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(demo, "/search/typeahead/stream", query="ali", count=5)
    rows = body["stream_rows"]
    assert [next(iter(r)) for r in rows] == ["users", "hashtags", "places", "keywords"]
    assert rows[0]["users"][0]["username"] == "alice"
    assert sum(len(next(iter(r.values()))) for r in rows) <= 5
    users = await ok(demo, "/search/typeahead/users", query="fan_00")
    assert [u["username"] for u in users] == [f"fan_00{i}" for i in range(1, 10)]
