"""Insights, end to end, as the creator account `carol`: metrics follow the world, posts that are
not the account's are 404s, and a personal account is told it needs a professional one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.handlers.insights import metrics
from tests.conftest import login
from tests.validation import assert_invalid


@pytest.fixture
async def carol(api: httpx.AsyncClient) -> httpx.AsyncClient:
    api.headers["X-Session-ID"] = await login(api, "carol")
    return api


def carol_pk(emulator: Emulator) -> str:
    return emulator.world.users.by_username("carol").pk


async def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


async def test_account_insights_count_followers_and_posts(
    carol: httpx.AsyncClient, emulator: Emulator
) -> None:
    me = carol_pk(emulator)
    body = await ok(await carol.get("/insights/account"))
    assert body["followers_unit"]["followers_count"] == emulator.world.social.follower_count(me)
    posts = emulator.world.media.by_owner(me)
    assert body["account_insights_unit"]["posts_count"] == len(posts)
    reach = sum(metrics(emulator.world, m)["reach_count"] for m in posts)
    assert body["account_insights_unit"]["reach_count"] == reach


async def test_media_insights_follow_likes(carol: httpx.AsyncClient, emulator: Emulator) -> None:
    post = emulator.world.media.by_owner(carol_pk(emulator))[0]
    before = await ok(await carol.get("/insights/media", params={"media_pk": post.pk}))
    assert before["like_count"] == len(post.likes)
    assert before["comment_count"] == emulator.world.media.comment_count(post)
    fan = emulator.world.users.by_username("fan_099").pk
    emulator.world.media.like(post, fan)
    after = await ok(await carol.get("/insights/media", params={"media_pk": post.pk}))
    assert after["like_count"] == before["like_count"] + 1
    assert (
        after["inline_insights_node"]["metrics"]["reach_count"]
        > before["inline_insights_node"]["metrics"]["reach_count"]
    )


async def test_media_insights_of_someone_elses_or_no_post_is_not_found(
    carol: httpx.AsyncClient, emulator: Emulator
) -> None:
    other = emulator.world.media.by_owner(emulator.world.users.by_username("alice").pk)[0]
    for media_pk in (other.pk, "3100000000000999999"):
        response = await carol.get("/insights/media", params={"media_pk": media_pk})
        assert response.status_code == 404 and response.json()["exc_type"] == "MediaNotFound"
    bad = await carol.get("/insights/media", params={"media_pk": "abc"})
    assert_invalid(bad, "media_pk")


async def test_media_feed_is_ordered_by_the_metric_asked(
    carol: httpx.AsyncClient, emulator: Emulator
) -> None:
    posts = emulator.world.media.by_owner(carol_pk(emulator))
    fan = emulator.world.users.by_username("fan_098").pk
    emulator.world.media.like(posts[-1], fan)
    expected = sorted(posts, key=lambda m: (len(m.likes), int(m.pk)), reverse=True)
    emulator.log.clear()
    body = await ok(await carol.get("/insights/media/feed", params={"data_ordering": "LIKE_COUNT"}))
    assert [e["node"]["instagram_media_id"] for e in body] == [m.pk for m in expected]
    assert [e["node"]["like_count"] for e in body] == [len(m.likes) for m in expected]
    assert [e.path for e in emulator.log] == ["/api/v1/ads/graphql/"]

    one = await ok(
        await carol.get("/insights/media/feed", params={"count": 1, "data_ordering": "LIKE_COUNT"})
    )
    assert [e["node"]["instagram_media_id"] for e in one] == [expected[0].pk]
    assert await ok(await carol.get("/insights/media/feed", params={"post_type": "VIDEO"})) == []


@pytest.mark.parametrize(
    ("param", "value"),
    [("post_type", "GIFS"), ("time_frame", "FOREVER"), ("data_ordering", "VIBES"), ("count", "-1")],
)
async def test_media_feed_bad_choices_name_the_field(
    carol: httpx.AsyncClient, emulator: Emulator, param: str, value: str
) -> None:
    emulator.log.clear()
    response = await carol.get("/insights/media/feed", params={param: value})
    assert_invalid(response, param)
    assert emulator.log == []


@pytest.mark.parametrize("path", ["/insights/account", "/insights/media/feed"])
async def test_a_personal_account_needs_a_professional_one(demo: httpx.AsyncClient, path: str) -> None:
    response = await demo.get(path)
    assert response.status_code == 403
    assert response.json()["exc_type"] == "UserError" and "professional" in response.json()["hint"]
