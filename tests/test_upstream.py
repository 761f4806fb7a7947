"""The upstream seam: per-client routing, cookies kept under Instagram's hosts, no shared caches."""

from __future__ import annotations

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.upstream import Upstream, close_client


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
