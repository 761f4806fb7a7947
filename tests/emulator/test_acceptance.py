"""Issue 3's acceptance flow: an unmodified aiograpi client against the emulator, in-process and
over real HTTP, and the world and request log showing what it did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_PASSWORD, POPULAR
from aiograpi_rest.upstream import Upstream, close_client
from tests.conftest import cli_server

LOGIN_CALLS = [
    "POST i.instagram.com/api/v1/launcher/sync/",
    "GET i.instagram.com/api/v1/qe/sync/",
    "POST i.instagram.com/api/v1/accounts/login/",
    "POST i.instagram.com/api/v1/feed/reels_tray/",
    "POST i.instagram.com/api/v1/feed/timeline/",
]
# user_info_by_username: www profile, then user_info(pk): www GraphQL for the username, www profile again.
USER_INFO_CALLS = [
    "GET www.instagram.com/api/v1/users/web_profile_info/",
    "POST www.instagram.com/graphql/query/",
    "GET www.instagram.com/api/v1/users/web_profile_info/",
]


async def run_flow(upstream: Upstream, media_id: str) -> dict:
    """What a user of aiograpi does; returns what they saw."""
    cl = upstream.new_client()
    try:
        await cl.login("demo", DEMO_PASSWORD)
        star = await cl.user_info_by_username(POPULAR)
        followers, pages = [], 0
        cursor = ""
        while True:
            chunk, cursor = await cl.user_followers_v1_chunk(star.pk, max_amount=50, max_id=cursor)
            followers += chunk
            pages += 1
            if not cursor:
                break
        # aiograpi's media cache is a class attribute shared by every client in the process.
        media = await cl.media_info(media_id, use_cache=False)
        liked = await cl.media_like(media.id)
        return {
            "user_id": cl.user_id,
            "star": star,
            "followers": followers,
            "pages": pages,
            "media": media,
            "liked": liked,
        }
    finally:
        await close_client(cl)


def expected_calls(star_pk: str, media_pk: str, media_id: str, pages: int) -> list[str]:
    return [
        *LOGIN_CALLS,
        *USER_INFO_CALLS,
        *[f"GET i.instagram.com/api/v1/friendships/{star_pk}/followers/"] * pages,
        "GET www.instagram.com/graphql/query/",  # media_info_gql by shortcode
        f"POST i.instagram.com/api/v1/media/{media_id}/like/",
    ]


def check_seen(seen: dict, em_followers: set[str], media_pk: str, demo_pk: str) -> None:
    assert seen["user_id"] == int(demo_pk)
    assert seen["star"].username == POPULAR
    assert seen["star"].follower_count == len(em_followers) >= 120
    pks = [u.pk for u in seen["followers"]]
    assert len(pks) == len(set(pks)), "a follower came twice"
    assert set(pks) == em_followers
    assert seen["pages"] == 3  # 135 followers in pages of 50
    assert str(seen["media"].pk) == media_pk
    assert seen["media"].user.username == POPULAR
    assert seen["liked"] is True


async def test_flow_in_process(em: Emulator) -> None:
    star = em.world.users.by_username(POPULAR)
    demo = em.world.users.by_username("demo")
    media = em.world.media.by_owner(star.pk)[0]
    expected_followers = {pk for _, pk in em.world.social.follower_edges(star.pk)}
    assert demo.pk not in media.likes

    seen = await run_flow(Upstream("sandbox", emulator=em), media.pk)

    check_seen(seen, expected_followers, media.pk, demo.pk)
    assert demo.pk in media.likes
    assert em.log.lines() == expected_calls(star.pk, media.pk, media.id, seen["pages"])
    counts = [e.query["count"] for e in em.log.calls("/followers/")]
    assert counts == ["50", "50", "50"]
    assert [e.query.get("max_id") for e in em.log.calls("/followers/")][0] is None
    assert {e.status for e in em.log} == {200}


@pytest.fixture
def emulator_cli(tmp_path: Path) -> Iterator[str]:
    with cli_server("emulator", "--seed", "0", cwd=tmp_path, probe="/__emulator/") as base:
        yield base


async def test_flow_over_http_against_the_emulator_command(emulator_cli: str) -> None:
    """The same flow against `aiograpi-rest emulator`, checked only through its control API."""
    async with httpx.AsyncClient(base_url=emulator_cli) as control:
        star = (await control.get(f"/__emulator/users/{POPULAR}")).json()
        demo_pk = (await control.get("/__emulator/users/demo")).json()["user"]["pk"]
        media_id = star["media"][0]["id"]
        media_pk = media_id.split("_")[0]
        assert "demo" not in (await control.get(f"/__emulator/media/{media_id}")).json()["likers"]

        upstream = Upstream(emulator_cli)
        try:
            seen = await run_flow(upstream, media_pk)
        finally:
            await upstream.aclose()

        assert seen["user_id"] == int(demo_pk)
        assert seen["star"].follower_count == len(star["followers"]) >= 120
        assert sorted(u.username for u in seen["followers"]) == sorted(star["followers"])
        assert seen["liked"] is True and str(seen["media"].pk) == media_pk
        view = (await control.get(f"/__emulator/media/{media_id}")).json()
        log = (await control.get("/__emulator/log")).json()["entries"]
    assert "demo" in view["likers"]
    lines = [f"{e['method']} {e['host']}{e['path']}" for e in log]
    assert lines == expected_calls(star["user"]["pk"], media_pk, media_id, seen["pages"])
