"""The client pool: cached clients, one call at a time per session, persistence, pacing."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from aiograpi_rest.config import Settings
from aiograpi_rest.emulator import Emulator
from aiograpi_rest.sessions.coordination import LocalCoordinator
from aiograpi_rest.sessions.pool import ClientPool
from aiograpi_rest.sessions.store import SessionStore
from aiograpi_rest.upstream import GatewayClient, Upstream
from tests.conftest import login


@pytest.fixture
async def store(settings: Settings) -> Any:
    store = await SessionStore.open(settings)
    yield store
    await store.close()


def make_pool(store: Any, emulator: Emulator, **kwargs: Any) -> ClientPool:
    return ClientPool(store, Upstream("sandbox", emulator=emulator), **kwargs)


async def new_record(store: Any, user_id: str = "1") -> Any:
    settings = {"authorization_data": {"ds_user_id": user_id, "sessionid": f"{user_id}%3Aabc%3A1"}}
    token, _ = await store.create("", settings, user_id=user_id, username=f"user{user_id}")
    return await store.get(token)


async def test_a_cached_session_costs_no_upstream_request_and_no_new_client(
    demo: httpx.AsyncClient, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = demo.app.state.services.pool  # type: ignore[attr-defined]
    built: list[GatewayClient] = []
    real_init = GatewayClient.__init__

    def counting_init(self: GatewayClient, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(GatewayClient, "__init__", counting_init)
    emulator.log.clear()
    before = (pool.stats.hits, pool.stats.misses)
    for _ in range(3):
        assert (await demo.get("/auth/settings")).status_code == 200
    assert len(emulator.log) == 0  # restoring a session never calls Instagram
    assert built == [], "a cached session constructs no Client"
    assert (pool.stats.hits - before[0], pool.stats.misses - before[1]) == (3, 0)
    seed = await demo.get("/auth/totp/seed")
    assert seed.status_code == 200
    assert [e.path for e in emulator.log] == ["/api/v1/accounts/generate_two_factor_totp_key/"]


async def test_a_rebuilt_client_carries_its_cookies(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    services = demo.app.state.services  # type: ignore[attr-defined]
    exported = (await demo.get("/auth/settings")).json()
    assert exported["cookies"].get("sessionid")
    await services.pool.close()  # as after a restart: the next call rebuilds from the store
    emulator.log.clear()
    rebuilt = (await demo.get("/auth/settings")).json()
    assert rebuilt["cookies"] == exported["cookies"]
    assert services.pool.stats.misses >= 1
    assert len(emulator.log) == 0


async def test_one_session_runs_one_call_at_a_time(store: Any, emulator: Emulator) -> None:
    pool = make_pool(store, emulator)
    record = await new_record(store)
    active = peak = 0

    async def call() -> None:
        nonlocal active, peak
        async with pool.client(record):
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1

    await asyncio.gather(call(), call(), call())
    assert peak == 1
    await pool.close()


async def test_two_sessions_run_in_parallel(store: Any, emulator: Emulator) -> None:
    pool = make_pool(store, emulator)
    first, second = await new_record(store, "1"), await new_record(store, "2")
    inside = asyncio.Event()

    async def holder() -> None:
        async with pool.client(first):
            # Only returns if the other session gets in while this one is held.
            await asyncio.wait_for(inside.wait(), timeout=5)

    async def other() -> None:
        async with pool.client(second):
            inside.set()

    await asyncio.gather(holder(), other())
    await pool.close()


async def test_changed_settings_are_written_and_unchanged_ones_are_not(
    store: Any, emulator: Emulator
) -> None:
    pool = make_pool(store, emulator)
    record = await new_record(store)
    async with pool.client(record):
        pass
    assert pool.stats.persisted == 0
    [unchanged] = await store.list("")
    assert unchanged.updated_at == record.updated_at, "restoring and using a client wrote nothing"
    async with pool.client(record) as cl:
        cl.set_locale("de_DE")
    assert pool.stats.persisted == 1
    stored = [r for r in await store.list("") if r.token_hash == record.token_hash][0]
    assert stored.settings["locale"] == "de_DE"
    await pool.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_pacing_waits_exactly_the_minimum_interval(store: Any, emulator: Emulator) -> None:
    clock = FakeClock()
    pool = make_pool(
        store, emulator, min_interval=2.5, coordinator=LocalCoordinator(clock=clock, sleep=clock.sleep)
    )
    record = await new_record(store)
    for _ in range(3):
        async with pool.client(record):
            clock.now += 0.5  # the call itself takes half a second
    assert clock.sleeps == [2.5, 2.5]
    other = await new_record(store, "2")
    async with pool.client(other):
        pass
    assert clock.sleeps == [2.5, 2.5], "another session is not held back"
    assert (pool.stats.paced, pool.stats.pacing_wait_seconds) == (2, 5.0), "what /metrics reports"
    await pool.close()


async def test_no_sleep_runs_on_back_to_back_calls_without_pacing(
    demo: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(delay: float, *args: Any, **kwargs: Any) -> Any:
        slept.append(delay)
        return await real_sleep(0, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", recording_sleep)
    for _ in range(3):
        assert (await demo.get("/auth/totp/seed")).status_code == 200
    assert [s for s in slept if s > 0] == []


async def test_login_then_route_reuses_the_logged_in_client(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    token = await login(api)
    pool = api.app.state.services.pool  # type: ignore[attr-defined]
    misses = pool.stats.misses
    assert (await api.get("/auth/settings", headers={"X-Session-ID": token})).status_code == 200
    assert pool.stats.misses == misses


async def test_evicted_and_shut_down_clients_are_closed(make_api: Any) -> None:
    api = await make_api(pool_size=1)
    pool = api.app.state.services.pool
    first = await login(api)
    [first_client] = [live.client for live in pool._live.values()]
    await login(api)  # the pool holds one client: the first session's is evicted
    await asyncio.gather(*pool._closing)
    [second_client] = [live.client for live in pool._live.values()]
    assert pool.stats.evictions == 1 and second_client is not first_client
    assert first_client.private._client.is_closed
    assert not second_client.private._client.is_closed

    await pool.close()  # what the app's shutdown runs
    assert second_client.private._client.is_closed
    # An evicted session is rebuilt from the store on its next call.
    assert (await api.get("/auth/settings", headers={"X-Session-ID": first})).status_code == 200


async def test_settings_that_cannot_be_stored_after_a_call_keep_its_result_and_drop_the_client(
    demo: httpx.AsyncClient, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    services = demo.app.state.services  # type: ignore[attr-defined]
    pool, store = services.pool, services.store
    [record] = await store.list("")
    async with pool.client(record, request_id="req-42") as cl:
        seed = await cl.totp_generate_seed()
        # A value the store cannot serialize (past 64 bits), set through aiograpi's own API.
        cl.set_timezone_offset(2**64)
    assert seed == emulator.world.auth.pending_totp[record.user_id], "the call's result was kept"
    assert pool.stats.persist_failures == 1
    assert record.token_hash not in pool._live, "the client with unsaved settings is dropped"
    assert "req-42" in caplog.text and "could not be saved" in caplog.text
    [stored] = await store.list("")
    assert stored.settings == record.settings and stored.updated_at == record.updated_at
    async with pool.client(stored) as rebuilt:
        assert rebuilt is not cl and rebuilt.timezone_offset == record.settings["timezone_offset"]


async def test_a_call_cut_off_by_its_client_still_frees_the_session(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A client that goes away mid-call (its request cancelled) leaves no lock behind."""
    emulator.faults.add(r"/users/\d+/info/", delay=60, times=1)
    emulator.log.clear()
    cut = asyncio.create_task(demo.get("/user", params={"user_id": "25025320"}))
    while not emulator.log.calls(r"/users/\d+/info/"):  # noqa: ASYNC110 (the log has no event)
        await asyncio.sleep(0.01)  # until the call is held upstream
    cut.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cut
    pool = demo.app.state.services.pool  # type: ignore[attr-defined]
    assert [live.slot.lock.locked() for live in pool._live.values()] == [False]
    # Held upstream for 60 s more if the lock had stayed taken: this call would time out.
    after = await asyncio.wait_for(demo.get("/user", params={"user_id": "25025320"}), timeout=30)
    assert after.status_code == 200 and after.json()["username"] == "instagram"
