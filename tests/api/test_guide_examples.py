"""What API guides show first answers in the sandbox: Instagram's own account by its real user id,
its hashtag and a well-known city, so a newcomer copying an example gets content, not a 404."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import CITY_PK, GUIDE_HASHTAG, GUIDE_USER_PK, GUIDE_USERNAME, build_world
from tests.api.test_user import ok


def test_the_guides_user_id_is_the_instagram_account_and_collides_with_no_seeded_id() -> None:
    world = build_world(0)
    account = world.users.get(GUIDE_USER_PK)
    assert account.username == GUIDE_USERNAME and not account.is_private
    # Every other account's id comes from the seed's counter, which starts far above it.
    others = [u.pk for u in world.users if u.pk != GUIDE_USER_PK]
    assert min(int(pk) for pk in others) > int(GUIDE_USER_PK)
    assert len({u.pk for u in world.users}) == len(world.users)
    assert world.tags.location(CITY_PK).name.startswith("New York")


async def test_user_routes_taking_an_id_answer_for_the_guides_example(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    world = emulator.world
    profile = await ok(demo, "/user", user_id=GUIDE_USER_PK)
    assert (profile["pk"], profile["username"]) == (GUIDE_USER_PK, GUIDE_USERNAME)
    assert profile["follower_count"] == world.social.follower_count(GUIDE_USER_PK) >= 10
    assert (await ok(demo, "/user", username=GUIDE_USERNAME))["pk"] == GUIDE_USER_PK

    posts = await ok(demo, "/user/posts", user_id=GUIDE_USER_PK, amount=50)
    assert [m["pk"] for m in posts["items"]] == [m.pk for m in world.media.by_owner(GUIDE_USER_PK)]
    stories = await ok(demo, "/user/stories", user_id=GUIDE_USER_PK)
    assert [s["pk"] for s in stories] == [s.pk for s in world.stories.of(GUIDE_USER_PK)] != []
    followers = await ok(demo, "/user/followers", user_id=GUIDE_USER_PK, amount=5)
    assert len(followers["items"]) == 5 and followers["next_cursor"]


async def test_the_guides_hashtag_and_city_have_posts(demo: httpx.AsyncClient) -> None:
    tag = await ok(demo, "/hashtag", name=f"#{GUIDE_HASHTAG}")
    assert tag["media_count"] > 0
    assert (await ok(demo, "/hashtag/media/top", name=GUIDE_HASHTAG))["items"]
    assert (await ok(demo, "/location/media/top", location_pk=CITY_PK))["items"]
