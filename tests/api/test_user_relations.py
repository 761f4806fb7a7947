"""User relationships, end to end: each change shows in the emulator's world and its reverse undoes it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from tests.validation import assert_invalid, invalid_text

UNKNOWN_PK = "999999999"
# Every (method, path) of this module: POST takes form fields, DELETE query parameters.
ROUTES = [
    (method, path)
    for path in (
        "/user/follow",
        "/user/block",
        "/user/close-friend",
        "/user/mute/posts",
        "/user/mute/stories",
        "/user/notifications/posts",
        "/user/notifications/reels",
        "/user/notifications/stories",
        "/user/notifications/videos",
    )
    for method in ("POST", "DELETE")
] + [("DELETE", "/user/follower")]


def pk(emulator: Emulator, username: str) -> str:
    return emulator.world.users.by_username(username).pk


async def call(api: httpx.AsyncClient, method: str, path: str, **fields: Any) -> httpx.Response:
    if method == "POST":
        return await api.post(path, data=fields)
    return await api.request(method, path, params=fields)


async def ok(api: httpx.AsyncClient, method: str, path: str, **fields: Any) -> Any:
    response = await call(api, method, path, **fields)
    assert response.status_code == 200, response.text
    return response.json()


def upstream_paths(emulator: Emulator) -> list[str]:
    return [e.path for e in emulator.log]


async def test_follow_a_public_account_then_unfollow(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me, walter = pk(emulator, "demo"), pk(emulator, "walter")
    social = emulator.world.social
    assert not social.is_following(me, walter)
    emulator.log.clear()

    assert await ok(demo, "POST", "/user/follow", user_id=walter) is True
    assert social.is_following(me, walter)
    assert upstream_paths(emulator) == [f"/api/v1/friendships/create/{walter}/"]

    assert await ok(demo, "DELETE", "/user/follow", user_id=walter) is True
    assert not social.is_following(me, walter)
    assert upstream_paths(emulator)[1:] == [f"/api/v1/friendships/destroy/{walter}/"]


async def test_following_a_private_account_leaves_a_pending_request(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    me, sybil = pk(emulator, "demo"), pk(emulator, "sybil")
    social = emulator.world.social
    assert emulator.world.users.get(sybil).is_private
    assert (me, sybil) in social.requests  # seeded: demo's request to sybil

    assert await ok(demo, "DELETE", "/user/follow", user_id=sybil) is True
    assert (me, sybil) not in social.requests

    # Instagram answers "requested", not "following": aiograpi (and so the reference) says false.
    assert await ok(demo, "POST", "/user/follow", user_id=sybil) is False
    assert (me, sybil) in social.requests
    assert not social.is_following(me, sybil)


async def test_a_username_in_user_id_is_refused_not_looked_up(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    me, walter = pk(emulator, "demo"), pk(emulator, "walter")
    emulator.log.clear()
    body = assert_invalid(await call(demo, "POST", "/user/follow", user_id="@walter"), "user_id")
    assert "GET /user?username=" in body["detail"][0]["msg"]
    assert not emulator.world.social.is_following(me, walter) and upstream_paths(emulator) == []
    assert await ok(demo, "POST", "/user/follow", user_id=f" {walter} ") is True
    assert upstream_paths(emulator) == [f"/api/v1/friendships/create/{walter}/"]


async def test_following_someone_you_block_changes_nothing(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    me, bot = pk(emulator, "demo"), pk(emulator, "spam_bot_99")
    assert (me, bot) in emulator.world.social.blocks
    assert await ok(demo, "POST", "/user/follow", user_id=bot) is False
    assert not emulator.world.social.is_following(me, bot)


async def test_remove_a_follower(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me, olivia = pk(emulator, "demo"), pk(emulator, "olivia")
    social = emulator.world.social
    assert social.is_following(olivia, me)
    emulator.log.clear()
    assert await ok(demo, "DELETE", "/user/follower", user_id=olivia) is True
    assert not social.is_following(olivia, me)
    assert upstream_paths(emulator) == [f"/api/v1/friendships/remove_follower/{olivia}/"]


async def test_block_severs_follows_and_unblock_lifts_it(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me, alice = pk(emulator, "demo"), pk(emulator, "alice")
    social = emulator.world.social
    assert social.is_following(me, alice) and social.is_following(alice, me)
    emulator.log.clear()

    assert await ok(demo, "POST", "/user/block", user_id=alice) is True
    assert (me, alice) in social.blocks
    assert not social.is_following(me, alice) and not social.is_following(alice, me)
    assert await ok(demo, "DELETE", "/user/block", user_id=alice) is True
    assert (me, alice) not in social.blocks
    assert upstream_paths(emulator) == [
        f"/api/v1/friendships/block/{alice}/",
        f"/api/v1/friendships/unblock/{alice}/",
    ]


async def test_block_surface_reaches_instagram(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    bob = pk(emulator, "bob")
    emulator.log.clear()
    assert await ok(demo, "POST", "/user/block", user_id=bob, surface="direct_thread_info") is True
    assert await ok(demo, "DELETE", "/user/block", user_id=bob, surface="direct_thread_info") is True
    # aiograpi adds a client_request_id only for blocks from a Direct thread.
    assert all("client_request_id" in e.form_keys for e in emulator.log)
    assert len(emulator.log) == 2


async def test_close_friend_add_then_remove(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me, carol = pk(emulator, "demo"), pk(emulator, "carol")
    social = emulator.world.social
    assert not social.is_close_friend(me, carol)
    emulator.log.clear()

    assert await ok(demo, "POST", "/user/close-friend", user_id=carol) is True
    assert social.is_close_friend(me, carol)
    assert await ok(demo, "DELETE", "/user/close-friend", user_id=carol) is True
    assert not social.is_close_friend(me, carol)
    assert upstream_paths(emulator) == ["/api/v1/friendships/set_besties/"] * 2


@pytest.mark.parametrize(("what", "username"), [("posts", "alice"), ("stories", "bob")])
async def test_mute_then_revert_then_delete(
    demo: httpx.AsyncClient, emulator: Emulator, what: str, username: str
) -> None:
    me, target = pk(emulator, "demo"), pk(emulator, username)
    social = emulator.world.social
    path = f"/user/mute/{what}"
    assert not social.is_muted(me, target, what)
    emulator.log.clear()

    assert await ok(demo, "POST", path, user_id=target) is True
    assert social.is_muted(me, target, what)
    assert await ok(demo, "POST", path, user_id=target, revert="true") is True
    assert not social.is_muted(me, target, what)
    assert await ok(demo, "POST", path, user_id=target) is True
    assert await ok(demo, "DELETE", path, user_id=target) is True
    assert not social.is_muted(me, target, what)
    assert upstream_paths(emulator) == [
        "/api/v1/friendships/mute_posts_or_story_from_follow/",
        "/api/v1/friendships/unmute_posts_or_story_from_follow/",
        "/api/v1/friendships/mute_posts_or_story_from_follow/",
        "/api/v1/friendships/unmute_posts_or_story_from_follow/",
    ]
    # Muting one kind leaves the other alone.
    other = "stories" if what == "posts" else "posts"
    assert not social.is_muted(me, target, other)


@pytest.mark.parametrize(
    ("kind", "suffix"),
    [("posts", ""), ("reels", "_for_clips"), ("stories", "_for_stories"), ("videos", "_for_igtv")],
)
async def test_notifications_on_then_off(
    demo: httpx.AsyncClient, emulator: Emulator, kind: str, suffix: str
) -> None:
    me, carol = pk(emulator, "demo"), pk(emulator, "carol")
    social = emulator.world.social
    assert social.notifications_for(me, carol) == set()
    emulator.log.clear()

    assert await ok(demo, "POST", f"/user/notifications/{kind}", user_id=carol) is True
    assert social.notifications_for(me, carol) == {kind}
    assert await ok(demo, "DELETE", f"/user/notifications/{kind}", user_id=carol) is True
    assert social.notifications_for(me, carol) == set()
    assert upstream_paths(emulator) == [
        f"/api/v1/friendships/favorite{suffix}/{carol}/",
        f"/api/v1/friendships/unfavorite{suffix}/{carol}/",
    ]


async def test_unknown_user_is_404_on_every_route(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    for method, path in ROUTES:
        emulator.log.clear()
        response = await call(demo, method, path, user_id=UNKNOWN_PK)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["exc_type"] == "ClientNotFoundError", (method, path)
        assert len(emulator.log) == 1, (method, path, emulator.log.lines())


async def test_someone_who_blocked_you_is_unknown(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    me, heidi = pk(emulator, "demo"), pk(emulator, "heidi")
    emulator.world.social.block(heidi, me)
    response = await call(demo, "POST", "/user/follow", user_id=heidi)
    assert response.status_code == 404
    assert not emulator.world.social.is_following(me, heidi)


async def test_yourself_is_not_a_valid_target(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await call(demo, "POST", "/user/close-friend", user_id=pk(emulator, "demo"))
    assert response.status_code == 409
    assert response.json()["exc_type"] == "InvalidTargetUser"


async def test_user_id_is_required_on_every_route(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    for method, path in ROUTES:
        for fields in ({}, {"user_id": "  "}):
            response = await call(demo, method, path, **fields)
            body = assert_invalid(response, "user_id")
            assert body["exc_type"] == "ValidationError", (method, path)
    assert len(emulator.log) == 0


@pytest.mark.parametrize("path", ["/user/mute/posts", "/user/mute/stories"])
async def test_revert_must_be_a_boolean(demo: httpx.AsyncClient, emulator: Emulator, path: str) -> None:
    emulator.log.clear()
    response = await call(demo, "POST", path, user_id=pk(emulator, "alice"), revert="sometimes")
    assert response.status_code == 422
    assert invalid_text(response).startswith("revert")
    assert len(emulator.log) == 0


async def test_a_session_is_required(api: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await call(api, "POST", "/user/follow", user_id=pk(emulator, "walter"))
    assert response.status_code == 401
    assert response.json()["exc_type"] == "SessionRequired"
