"""Notifications, end to end: the activity inbox as the world makes it, and the settings, which are
checked before Instagram is asked and show in the world when changed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from aiograpi.mixins.notification import MUTE_ALL_ITEMS, SETTING_VALUE_ITEMS

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.routes.notifications import CONTENT_TYPES
from tests.validation import invalid_text

DEMO = "1000000001"


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def settings(emulator: Emulator) -> dict[str, str]:
    return emulator.world.account.notification_settings.get(DEMO, {})


async def test_inbox_shows_new_followers_until_marked_seen(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    social = emulator.world.social
    first = await ok(await demo.get("/notifications"))
    followers = {p for _, p in social.follower_edges(DEMO)}
    follow_stories = [s for s in first["new_stories"] if s["story_type"] == 101]
    assert {str(s["args"]["profile_id"]) for s in follow_stories} == followers
    assert first["counts"]["relationships"] == len(followers)
    assert first["counts"]["requests"] == len(social.request_edges(DEMO))

    await ok(await demo.get("/notifications", params={"mark_as_seen": "true"}))
    seen = await ok(await demo.get("/notifications"))
    assert seen["new_stories"] == [] and seen["counts"]["relationships"] == 0
    assert len(seen["old_stories"]) == len(first["new_stories"])

    fan = emulator.world.users.by_username("fan_050")
    social.follow(fan.pk, DEMO)
    latest = await ok(await demo.get("/notifications"))
    [story] = latest["new_stories"]
    assert story["args"]["text"] == "fan_050 started following you." and story["args"]["profile_id"] == int(
        fan.pk
    )


async def test_inbox_has_likes_and_comments_on_own_posts(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    store = emulator.world.media
    post = store.by_owner(DEMO)[0]
    bob = emulator.world.users.by_username("bob").pk
    store.unlike(post, bob)
    store.like(post, bob)
    comment = store.add_comment(post, bob, "Nice one")
    body = await ok(await demo.get("/notifications"))
    stories = body["new_stories"]
    assert any(
        s["args"]["text"] == "bob liked your post." and s["args"]["media"][0]["id"] == post.id
        for s in stories
    )
    assert any(
        s["args"].get("comment_id") == int(comment.pk) and "Nice one" in s["args"]["text"] for s in stories
    )


async def test_supported_settings_are_listed_without_asking_instagram(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    body = await ok(await demo.get("/notifications/settings"))
    assert body["content_types"] == [*CONTENT_TYPES, "mute_all"]
    assert body["setting_values"] == list(SETTING_VALUE_ITEMS)
    assert body["mute_all_values"] == list(MUTE_ALL_ITEMS)
    assert emulator.log == []


async def test_change_a_setting_then_change_it_back(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    form = {"content_type": "likes", "setting_value": "off"}
    assert await ok(await demo.patch("/notifications/settings", data=form)) is True
    assert settings(emulator)["likes"] == "off"
    assert [e.path for e in emulator.log] == ["/api/v1/notifications/change_notification_settings/"]
    form["setting_value"] = "everyone"
    assert await ok(await demo.patch("/notifications/settings", data=form)) is True
    assert settings(emulator)["likes"] == "everyone"


async def test_mute_all_for_a_while_then_cancel(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    form = {"content_type": "mute_all", "setting_value": "2_hour"}
    assert await ok(await demo.patch("/notifications/settings", data=form)) is True
    assert settings(emulator)["mute_all"] == "2_hour"
    form["setting_value"] = "cancel"
    assert await ok(await demo.patch("/notifications/settings", data=form)) is True
    assert settings(emulator)["mute_all"] == "cancel"


@pytest.mark.parametrize(
    ("form", "field", "listed"),
    [
        ({"content_type": "everything", "setting_value": "off"}, "content_type", "new_follower"),
        ({"content_type": "mute_all", "setting_value": "off"}, "setting_value", "15_minutes"),
        ({"content_type": "comments", "setting_value": "1_hour"}, "setting_value", "following_only"),
        ({"content_type": "comments"}, "setting_value", "setting_value"),
    ],
)
async def test_wrong_values_list_the_allowed_ones(
    demo: httpx.AsyncClient, emulator: Emulator, form: dict, field: str, listed: str
) -> None:
    emulator.log.clear()
    response = await demo.patch("/notifications/settings", data=form)
    assert response.status_code == 422
    assert field in invalid_text(response) and listed in invalid_text(response)
    assert emulator.log == [] and settings(emulator) == {}


async def test_disable_turns_every_setting_off(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    await ok(
        await demo.patch(
            "/notifications/settings", data={"content_type": "likes", "setting_value": "everyone"}
        )
    )
    emulator.log.clear()
    assert await ok(await demo.delete("/notifications/settings")) is True
    assert settings(emulator) == dict.fromkeys(CONTENT_TYPES, "off")
    assert len(emulator.log) == len(CONTENT_TYPES)
