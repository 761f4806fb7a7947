"""User profiles, end to end: every answer checked against the emulator's world."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import POPULAR
from tests.validation import assert_invalid, invalid_text

UNKNOWN_PK = "999999999"


def pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


async def ok(api: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def walk(api: httpx.AsyncClient, path: str, **params: Any) -> list[list[dict]]:
    """Every page of a `{items, next_cursor}` list, passing each cursor back."""
    pages, cursor = [], ""
    while True:
        body = await ok(api, path, **params, **({"cursor": cursor} if cursor else {}))
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return pages


async def test_user_by_username_or_id_costs_one_upstream_call(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    alice = world.users.by_username("alice")
    emulator.log.clear()
    by_name = await ok(demo, "/user", username=" @alice ")
    assert [e.path for e in emulator.log] == ["/api/v1/users/alice/usernameinfo/"]
    emulator.log.clear()
    by_id = await ok(demo, "/user", user_id=alice.pk)
    assert [e.path for e in emulator.log] == [f"/api/v1/users/{alice.pk}/info/"]
    for user in (by_name, by_id):
        assert (user["pk"], user["username"], user["full_name"]) == (alice.pk, "alice", alice.full_name)
        assert user["follower_count"] == world.social.follower_count(alice.pk)
        assert user["media_count"] == len(world.media.by_owner(alice.pk))


@pytest.mark.parametrize("params", [{}, {"user_id": "1000000004", "username": "alice"}])
async def test_user_takes_exactly_one_selector(demo: httpx.AsyncClient, params: dict) -> None:
    response = await demo.get("/user", params=params)
    assert response.status_code == 422
    assert "user_id" in invalid_text(response) and "username" in invalid_text(response)


UNKNOWN_USER_CALLS = [
    ("/user", {"username": "nobody_here"}),
    ("/user", {"user_id": UNKNOWN_PK}),
    ("/user/about", {"user_id": UNKNOWN_PK}),
    ("/user/friendship", {"user_id": UNKNOWN_PK}),
    ("/user/stream", {"username": "nobody_here"}),
    ("/user/profile/web", {"username": "nobody_here"}),
    ("/user/creator", {"user_id": UNKNOWN_PK}),
]


async def test_unknown_user_is_404(demo: httpx.AsyncClient) -> None:
    for path, params in UNKNOWN_USER_CALLS:
        response = await demo.get(path, params=params)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["exc_type"] in ("UserNotFound", "ClientNotFoundError"), path


async def test_about_shows_country_join_date_and_former_names(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    star = emulator.world.users.by_username(POPULAR)
    about = emulator.world.profiles.about_of(star.pk)
    body = await ok(demo, "/user/about", user_id=star.pk)
    assert body == {
        "username": POPULAR,
        "is_verified": True,
        "country": about.country,
        "date": about.joined,
        "former_usernames": " ".join(about.former_usernames),
    }
    plain = await ok(demo, "/user/about", user_id=pk(emulator, "bob"))
    assert (plain["username"], plain["is_verified"], plain["date"]) == ("bob", False, "")


async def test_creator_card_holds_the_user_and_their_info(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    star = world.users.by_username(POPULAR)
    body = await ok(demo, "/user/creator", user_id=star.pk)
    assert set(body) == {"user", "info"}
    assert (body["user"]["pk"], body["user"]["username"]) == (star.pk, POPULAR)
    assert body["info"]["is_creator"] is True
    assert body["info"]["follower_count"] == world.social.follower_count(star.pk)
    assert body["info"]["entry_point"] == "direct_thread"


async def test_featured_accounts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world = emulator.world
    star = pk(emulator, POPULAR)
    body = await ok(demo, "/user/featured/accounts", user_id=star)
    assert [str(a["pk"]) for a in body["accounts"]] == world.profiles.featured[star]
    world.profiles.featured[star].pop()
    again = await ok(demo, "/user/featured/accounts", user_id=star)
    assert [str(a["pk"]) for a in again["accounts"]] == world.profiles.featured[star]


async def test_followers_page_through_every_follower_exactly_once(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    star = pk(emulator, POPULAR)
    expected = set(emulator.world.social.followers(star, None, 10_000)[0])
    assert len(expected) >= 120
    pages = await walk(demo, "/user/followers", user_id=star, amount=50)
    assert [len(p) for p in pages] == [50, 50, len(expected) - 100]
    seen = [u["pk"] for p in pages for u in p]
    assert len(seen) == len(set(seen)) and set(seen) == expected


async def test_following_walked_in_pages(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    demo_pk = pk(emulator, "demo")
    expected = emulator.world.social.following(demo_pk, None, 10_000)[0]
    pages = await walk(demo, "/user/following", user_id=demo_pk, amount=5)
    assert [u["pk"] for p in pages for u in p] == expected
    assert all(isinstance(u["pk"], str) for p in pages for u in p)


async def test_follow_lists_refuse_a_bad_amount(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/user/followers", params={"user_id": "1000000004", "amount": 500})
    assert_invalid(response, "amount")
    blank = await demo.get("/user/following", params={"user_id": " "})
    assert_invalid(blank, "user_id")


async def test_friendship_follows_the_world(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, demo_pk, alice = emulator.world, pk(emulator, "demo"), pk(emulator, "alice")
    body = await ok(demo, "/user/friendship", user_id=alice)
    assert body["user_id"] == alice
    assert (body["following"], body["followed_by"], body["is_bestie"]) == (True, True, True)
    world.social.unfollow(demo_pk, alice)
    world.social.set_close_friend(demo_pk, alice, on=False)
    after = await ok(demo, "/user/friendship", user_id=alice)
    assert (after["following"], after["followed_by"], after["is_bestie"]) == (False, True, False)


async def test_friendships_of_several_users(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice, sybil = pk(emulator, "alice"), pk(emulator, "sybil")
    body = await ok(demo, "/user/friendships", user_ids=[alice, sybil, UNKNOWN_PK])
    by_id = {r["user_id"]: r for r in body}
    assert set(by_id) == {alice, sybil}, "Instagram leaves unknown ids out"
    assert (by_id[alice]["following"], by_id[alice]["is_feed_favorite"]) == (True, True)
    assert (by_id[sybil]["following"], by_id[sybil]["outgoing_request"], by_id[sybil]["is_private"]) == (
        False,
        True,
        True,
    )
    bad = await demo.get("/user/friendships", params={"user_ids": [alice, "alice"]})
    assert_invalid(bad, "user_ids")
    missing = await demo.get("/user/friendships")
    assert_invalid(missing, "user_ids")


async def test_fundraiser(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    carol = pk(emulator, "carol")
    running = emulator.world.profiles.fundraisers[carol]
    info = (await ok(demo, "/user/fundraiser", user_id=carol))["standalone_fundraiser_info"]
    assert (info["title"], info["amount_raised"], info["goal_amount"]) == (
        running.title,
        running.raised_cents // 100,
        running.goal_cents // 100,
    )
    assert (await ok(demo, "/user/fundraiser", user_id=pk(emulator, "bob")))[
        "standalone_fundraiser_info"
    ] is None


async def test_web_profile_through_the_private_api(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    alice = pk(emulator, "alice")
    emulator.log.clear()
    body = await ok(demo, "/user/profile/web", username="@alice")
    assert [(e.host, e.path) for e in emulator.log] == [
        ("i.instagram.com", "/api/v1/users/web_profile_info/")
    ]
    assert (body["user"]["id"], body["user"]["username"]) == (alice, "alice")
    assert body["user"]["edge_followed_by"]["count"] == emulator.world.social.follower_count(alice)


async def test_recommendations_share_the_business_category(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    star = world.users.by_username(POPULAR)
    emulator.log.clear()
    body = await ok(demo, "/user/recommendations", user_id=star.pk)
    assert len(emulator.log) == 2, "the profile stream for its category, then the recommendations"
    expected = {u.pk for u in world.users if u.category == star.category and u.pk != star.pk}
    assert expected and {str(u["pk"]) for u in body["users"]} == expected


async def test_stream_flat_merges_the_rows_raw_passes_them(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    alice = world.users.by_username("alice")
    flat = await ok(demo, "/user/stream", username="alice")
    assert (flat["pk"], flat["username"], flat["biography"]) == (int(alice.pk), "alice", alice.biography)
    assert flat["follower_count"] == world.social.follower_count(alice.pk)
    emulator.log.clear()
    raw = await ok(demo, "/user/stream", user_id=alice.pk, view="raw")
    assert [e.path for e in emulator.log] == [f"/api/v1/users/{alice.pk}/info_stream/"]
    merged = {k: v for row in raw["stream_rows"] for k, v in row["user"].items()}
    assert len(raw["stream_rows"]) == 2 and merged["username"] == "alice"


async def test_stream_refuses_an_unknown_view(demo: httpx.AsyncClient) -> None:
    response = await demo.get("/user/stream", params={"username": "alice", "view": "tree"})
    assert_invalid(response, "view")


async def test_suggestions_leave_out_accounts_already_followed(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world, demo_pk, star = emulator.world, pk(emulator, "demo"), pk(emulator, POPULAR)
    users = (await ok(demo, "/user/suggestions", user_id=star))["users"]
    suggested = {str(u["pk"]) for u in users}
    assert suggested, "travel_star's followers follow other accounts"
    assert not suggested & {demo_pk, star}
    assert not any(world.social.is_following(demo_pk, p) for p in suggested)
    hidden = await demo.get("/user/suggestions", params={"user_id": pk(emulator, "sybil")})
    assert hidden.status_code == 409 and hidden.json()["exc_type"] == "InvalidTargetUser"


async def test_suggestion_details_with_repeated_ids(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    world, demo_pk = emulator.world, pk(emulator, "demo")
    star, olivia, rupert = pk(emulator, POPULAR), pk(emulator, "olivia"), pk(emulator, "rupert")
    body = await ok(demo, "/user/suggestions/details", user_id=star, chained_ids=[olivia, rupert])
    assert [str(u["pk"]) for u in body["users"]] == [olivia, rupert]
    # "Followed by <first account you follow that follows them> + N more"
    followees = world.social.following(demo_pk, None, 10_000)[0]
    mutual = [world.users.get(f).username for f in followees if world.social.is_following(f, olivia)]
    assert mutual, "the seed has accounts demo follows that follow olivia"
    more = f" + {len(mutual) - 1} more" if len(mutual) > 1 else ""
    assert body["users"][0]["social_context"] == f"Followed by {mutual[0]}{more}"
    bad = await demo.get("/user/suggestions/details", params={"user_id": star, "chained_ids": ["x1"]})
    assert_invalid(bad, "chained_ids")
