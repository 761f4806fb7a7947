"""The upstream seam: per-client routing, cookies kept under Instagram's hosts, no shared caches."""

from __future__ import annotations

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.urls import url_map
from aiograpi_rest.upstream import Upstream, close_client
from aiograpi_rest.upstream_calls import API_FAMILIES, family_of


async def test_an_emulator_server_keeps_cookies_under_instagram_hosts(
    emulator_server: tuple[str, Emulator],
) -> None:
    base_url, em = emulator_server
    upstream = Upstream(base_url)
    cl = upstream.new_client()
    try:
        await cl.login("demo", "demo-password")
        sessionid = cl.private.cookies_dict().get("sessionid")
        assert sessionid and sessionid.startswith(str(em.world.users.by_username("demo").pk))
        domains = {c.domain.lstrip(".") for c in cl.private.cookies}
        assert domains <= {"i.instagram.com", "instagram.com", "www.instagram.com"}, domains
        assert "127.0.0.1" not in domains
        em.log.clear()
        user = await cl.user_info_v1(str(em.world.users.by_username("alice").pk))
        assert user.username == "alice"
        [entry] = em.log.calls("/info/")
        assert entry.host == "i.instagram.com"
    finally:
        await close_client(cl)
        await upstream.aclose()


async def test_clients_do_not_share_aiograpi_caches(emulator: Emulator) -> None:
    upstream = Upstream("sandbox", emulator=emulator)
    first, second = upstream.new_client(), upstream.new_client()
    for cache in ("_medias_cache", "_stories_cache", "_users_following", "_users_followers"):
        assert getattr(first, cache) is not getattr(second, cache)
        getattr(first, cache)["1"] = "private to first"
        assert "1" not in getattr(second, cache)


def test_real_mode_shares_one_ssl_context_and_ignores_environment_proxies(monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    upstream = Upstream("instagram")
    first, second = upstream.new_client(), upstream.new_client()
    assert upstream.transport is None
    pools = [cl.private._client._transport._pool for cl in (first, second)]
    assert pools[0]._ssl_context is pools[1]._ssl_context
    assert first.private._client._mounts == {}, "no proxy taken from the environment"


async def test_the_upstream_timeout_applies_to_every_session(emulator: Emulator) -> None:
    upstream = Upstream("sandbox", emulator=emulator, timeout=7.5)
    cl = upstream.new_client()
    assert cl.read_timeout == 7.5
    assert {cl.private._timeout, cl.public._timeout, cl.graphql._timeout} == {7.5}


def test_upload_waits_back_off_against_instagram_and_not_against_an_emulator() -> None:
    waits = Upstream("instagram", transcode_wait=60).upload_waits
    assert waits.delays == (1, 2, 4, 8, 16, 16, 13) and sum(waits.delays) == 60
    sandbox = Upstream("sandbox", transcode_wait=60).upload_waits
    assert sandbox.delays == (0.0,) * len(waits.delays) and sandbox.feed_poll_delay == 0
    assert Upstream("http://127.0.0.1:9000").upload_waits.delays == (0.0,) * 7
    assert Upstream("instagram", transcode_wait=0).upload_waits.delays == ()


def test_upstream_urls_are_labelled_by_a_fixed_family_never_by_an_id() -> None:
    families = {
        "https://i.instagram.com/api/v1/users/1000000004/info/": "users",
        "https://i.instagram.com/api/v1/feed/user/42/?max_id=QVFE": "feed",
        "https://i.instagram.com/api/v1/direct_v2/threads/340282366841710300949128/": "direct_v2",
        "https://i.instagram.com/api/v1/some_new_area/1/": "other",
        "https://i.instagram.com/rupload_igphoto/1700000000_0_123": "rupload",
        "https://rupload.facebook.com/messenger_image/abc": "rupload",
        "https://www.instagram.com/graphql/query/?query_hash=x": "graphql",
        "https://www.instagram.com/api/graphql": "graphql",
        "https://www.instagram.com/alice/": "web",
        "https://scontent-ams2-1.cdninstagram.com/v/t51.2885-15/1.jpg": "cdn",
        "https://example.org/x": "other",
    }
    assert {url: family_of(url) for url in families} == families
    assert family_of(httpx.URL("https://i.instagram.com/api/v1/media/1_2/like/")) == "media"


def test_every_private_api_area_the_emulator_answers_has_its_own_family() -> None:
    """aiograpi's endpoints, as the emulator knows them: none falls into `other`."""
    areas = {r.template.split("/")[3] for r in url_map() if r.template.startswith("/api/v1/")}
    assert areas <= API_FAMILIES, sorted(areas - API_FAMILIES)
