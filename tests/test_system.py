"""System endpoints, request ids, metrics and the locally served docs."""

from __future__ import annotations

from importlib import metadata

import httpx

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.sessions.database import make_engine
from aiograpi_rest.upstream_calls import FAMILIES
from tests.conftest import login
from tests.validation import assert_invalid


async def test_health_and_ready(api: httpx.AsyncClient) -> None:
    assert (await api.get("/health")).json() == {"status": "ok"}
    ready = await api.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"store": "ok"}}


async def test_ready_fails_with_the_check_named_when_the_store_is_down(api: httpx.AsyncClient) -> None:
    store = api.app.state.services.store  # type: ignore[attr-defined]
    await store.engine.dispose()
    store.engine = make_engine("sqlite+aiosqlite:////nonexistent/dir/db.sqlite")
    ready = await api.get("/ready")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "checks": {"store": ready.json()["checks"]["store"]}}
    assert ready.json()["checks"]["store"].startswith("failed: ")


async def test_metrics_count_the_request_just_made(api: httpx.AsyncClient) -> None:
    await api.get("/health")
    text = (await api.get("/metrics")).text
    assert 'aiograpi_rest_requests_total{method="GET",route="/health",status="200"} 1.0' in text
    assert "aiograpi_rest_request_duration_seconds_bucket" in text
    assert "aiograpi_rest_sessions 0.0" in text


async def test_build_and_deps(api: httpx.AsyncClient) -> None:
    build = (await api.get("/build")).json()
    assert build["name"] == "aiograpi-rest" and build["version"] and build["python"].startswith("3.")
    deps = (await api.get("/deps")).json()
    assert deps["aiograpi"] == "1.0.9"
    assert deps["fastapi"] == metadata.version("fastapi")
    assert (await api.get("/version")).json() == deps


async def test_build_reports_the_configured_commit_and_time(make_api) -> None:
    api = await make_api(git_sha="0123abcd", build_time="2026-01-02T03:04:05Z")
    build = (await api.get("/build")).json()
    assert (build["git_sha"], build["build_time"]) == ("0123abcd", "2026-01-02T03:04:05Z")


async def test_docs_use_local_assets(api: httpx.AsyncClient) -> None:
    root = await api.get("/")
    assert root.status_code in (302, 307) and root.headers["location"] == "/docs"
    html = (await api.get("/docs")).text
    assert "/static/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert (await api.get("/static/swagger-ui-bundle.js")).status_code == 200
    redoc = (await api.get("/redoc")).text
    assert "/redoc/redoc.standalone.js" in redoc and "fonts.googleapis" not in redoc
    # ReDoc's own script fetches nothing from a CDN either (its sidebar logo did).
    script = await api.get("/redoc/redoc.standalone.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "https://cdn." not in script.text and "redocly logo" in script.text


async def test_request_id_is_honoured_and_returned(api: httpx.AsyncClient) -> None:
    response = await api.get("/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    generated = (await api.get("/health")).headers["x-request-id"]
    assert generated and generated != "abc-123"


async def test_error_body_has_request_id_and_names_the_field(api: httpx.AsyncClient) -> None:
    response = await api.post("/auth/login", data={"username": "demo"}, headers={"X-Request-ID": "rid-1"})
    body = assert_invalid(response, "password")
    assert body["exc_type"] == "ValidationError"
    assert body["detail"][0] == {
        "type": "missing",
        "loc": ["body", "password"],
        "msg": "Field required",
        "input": None,
    }
    assert body["request_id"] == "rid-1"


async def test_missing_session_is_401_session_required(api: httpx.AsyncClient) -> None:
    response = await api.get("/auth/settings")
    assert response.status_code == 401
    assert response.json()["detail"] == "Session ID required"
    unknown = await api.get("/auth/settings", headers={"X-Session-ID": "igr_nope"})
    assert unknown.status_code == 401
    assert "log in again" in unknown.json()["hint"].lower()


async def test_a_body_over_the_upload_limit_is_413(make_api) -> None:
    api = await make_api(upload_max_bytes=1000)
    declared = await api.post("/auth/login", data={"username": "demo", "password": "x" * 2000})
    assert declared.status_code == 413
    assert declared.json()["exc_type"] == "RequestTooLarge" and declared.json()["request_id"]

    async def chunks():
        yield b"username=demo&password="
        for _ in range(10):
            yield b"y" * 200

    streamed = await api.post(
        "/auth/login", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413
    small = await api.post("/auth/login", data={"username": "demo", "password": "demo-password"})
    assert small.status_code == 200


async def test_sandbox_answers_the_emulator_control_api(demo: httpx.AsyncClient) -> None:
    rule = await demo.post(
        "/__emulator/faults",
        json={"path": "generate_two_factor_totp_key", "preset": "rate_limited", "times": 1},
    )
    assert rule.status_code in (200, 201), rule.text
    throttled = await demo.get("/auth/totp/seed")
    assert throttled.status_code == 429
    assert (await demo.get("/auth/totp/seed")).status_code == 200
    log = (await demo.get("/__emulator/log")).json()["entries"]
    assert [e["status"] for e in log if "totp" in e["path"]][-2:] == [429, 200]


async def test_metrics_count_upstream_errors_pool_use_and_stored_sessions(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.faults.add("usernameinfo", preset="rate_limited", times=1)
    throttled = await demo.get("/user", params={"username": "alice"})
    assert throttled.status_code == 429
    assert (await demo.get("/user", params={"username": "alice"})).status_code == 200
    text = (await demo.get("/metrics")).text
    counted = {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line[:1] != "#"
    }
    assert counted['aiograpi_rest_requests_total{method="GET",route="/user",status="429"}'] == 1
    exc_type = throttled.json()["exc_type"]
    assert counted[f'aiograpi_rest_upstream_errors_total{{exc_type="{exc_type}"}}'] == 1
    assert counted["aiograpi_rest_sessions"] == 1
    assert counted["aiograpi_rest_pool_clients"] == 1
    # Login cached the client: both calls were hits.
    assert (counted["aiograpi_rest_pool_hits_total"], counted["aiograpi_rest_pool_misses_total"]) == (2, 0)
    assert "# TYPE aiograpi_rest_pool_hits_total counter" in text


def scraped(text: str) -> dict[str, float]:
    """A /metrics page as {series: value}."""
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line[:1] != "#"
    }


async def test_metrics_time_each_upstream_request_by_endpoint_family(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    alice = emulator.world.users.by_username("alice")
    assert (await demo.get("/user", params={"username": "alice"})).status_code == 200
    assert (await demo.get("/user/posts", params={"username": "alice", "amount": 3})).status_code == 200
    assert (await demo.post("/user/follow", data={"user_id": alice.pk})).status_code == 200
    sent = await demo.post("/direct/message", data={"user_ids": [alice.pk], "text": "hi"})
    assert sent.status_code == 200, sent.text
    counted = scraped((await demo.get("/metrics")).text)

    prefix = 'aiograpi_rest_upstream_request_duration_seconds_count{family="'
    families = {key[len(prefix) : -2]: value for key, value in counted.items() if key.startswith(prefix)}
    # Every request the emulator received (login included) was timed once, under its path's family.
    expected: dict[str, float] = {}
    for entry in emulator.log:
        parts = entry.path.split("/")
        family = (
            parts[3] if entry.path.startswith("/api/v1/") else "graphql" if "graphql" in entry.path else "?"
        )
        expected[family] = expected.get(family, 0) + 1
    assert families == expected
    assert {"accounts", "users", "feed", "friendships", "direct_v2"} <= set(families)
    assert set(families) <= FAMILIES, "a fixed label set: ids and usernames never become labels"
    assert (
        counted['aiograpi_rest_upstream_request_duration_seconds_bucket{family="users",le="+Inf"}']
        == (families["users"])
    )


async def test_metrics_report_pacing_waits(make_api) -> None:
    from tests.test_pool import FakeClock

    api = await make_api(pacing_min_interval=2.5, pacing_jitter=0)
    pool = api.app.state.services.pool
    # The pacing's own clock, so the wait is exact and takes no time.
    pool.coordinator.clock = clock = FakeClock()
    pool.coordinator.sleep = clock.sleep
    api.headers["X-Session-ID"] = await login(api)
    for _ in range(3):
        assert (await api.get("/user", params={"username": "alice"})).status_code == 200
    counted = scraped((await api.get("/metrics")).text)
    assert clock.sleeps == [2.5, 2.5], "the first call after login did not wait"
    assert counted["aiograpi_rest_pacing_waits_total"] == 2
    assert counted["aiograpi_rest_pacing_wait_seconds_total"] == 5.0
