"""A session can never be poisoned: settings changes are all or nothing, checked before anything
is stored; a success upstream is never answered as a 500; sessionids and proxies are checked
where they enter. Runs on SQLite and, with AIOGRAPI_REST_TEST_DATABASE_URL set, on PostgreSQL:
refusals are checked against the raw stored row, read past the app."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiograpi import config as aiograpi_config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from aiograpi_rest.config import Settings
from aiograpi_rest.emulator import Emulator
from aiograpi_rest.sessions import store as store_module
from aiograpi_rest.sessions.tokens import hash_token
from tests.conftest import TEST_KEY, AppFactory, login, pg_admin
from tests.validation import assert_invalid


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"
    else:
        url = request.getfixturevalue("pg_run_database")
        pg_admin(url, "DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public")
    return Settings(
        database_url=url, secret_key=TEST_KEY, upstream="sandbox", pacing_min_interval=0, pacing_jitter=0
    )


@pytest.fixture(autouse=True)
def touch_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """`last_used_at` is written on a session's first request only, so a refused request that
    comes later must leave the row exactly as it was."""
    monkeypatch.setattr(store_module, "TOUCH_INTERVAL", float("inf"))


async def sql(settings: Settings, statement: str, **params: Any) -> list[tuple]:
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


async def raw_row(settings: Settings, token: str) -> tuple:
    """The session's row as the database holds it (ciphertexts and times), not as the app reads it."""
    [row] = await sql(settings, "SELECT * FROM sessions WHERE token_hash = :h", h=hash_token(token))
    return row


def live_client(api: httpx.AsyncClient, token: str) -> Any:
    return api.app.state.services.pool._live[hash_token(token)].client  # type: ignore[attr-defined]


def with_(**changes: Any) -> Callable[[dict], str]:
    """The session's exported settings with `changes` (dotted keys reach into one level)."""

    def make(current: dict) -> str:
        changed = json.loads(json.dumps(current))
        for key, value in changes.items():
            outer, _, inner = key.partition("__")
            if inner:
                changed[outer][inner] = value
            else:
                changed[outer] = value
        return json.dumps(changed)

    return make


REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("non-ASCII locale", {"locale": "é"}, "locale"),
    ("locale with CR/LF", {"locale": "en_US\r\nX-Injected: 1"}, "locale"),
    ("locale that corrupts the user agent", {"locale": "o"}, "locale"),
    ("timezone past 64 bits", {"timezone": "18446744073709551616"}, "timezone"),
    ("timezone past UTC+14", {"timezone": "50401"}, "timezone"),
    ("timezone name", {"timezone": "Europe/Paris"}, "timezone"),
    ("empty settings", {"settings": "{}"}, "settings"),
    ("settings logged out", {"settings": with_(authorization_data={})}, "settings"),
    ("settings of another user", {"settings": with_(authorization_data__ds_user_id="42")}, "settings"),
    ("settings with a non-ASCII locale", {"settings": with_(locale="é")}, "settings"),
    ("settings with a CR/LF user agent", {"settings": with_(user_agent="Instagram\r\nX: 1")}, "settings"),
    ("settings with a non-ASCII device", {"settings": with_(device_settings__model="Pixel é")}, "settings"),
    ("settings with a huge timezone", {"settings": with_(timezone_offset=2**64)}, "settings"),
    ("settings with a bad country code", {"settings": with_(country_code=10**6)}, "settings"),
    ("settings with a non-ASCII cookie", {"settings": with_(cookies__csrftoken="é")}, "settings"),
    ("settings with a CA file path", {"settings": with_(tls_verify="/etc/passwd")}, "settings"),
    ("proxy of an unknown scheme", {"proxy": "ftp://u:secret@p.example:21"}, "proxy"),
    ("proxy without a host", {"proxy": "http://u:secret@:8080"}, "proxy"),
    ("proxy with a bad port", {"proxy": "http://p.example:99999"}, "proxy"),
    ("proxy with CR/LF", {"proxy": "http://p.example:8080\r\nX: 1"}, "proxy"),
    ("proxy with a path", {"proxy": "http://p.example:8080/x?y=1"}, "proxy"),
]


@pytest.mark.parametrize(("case", "form", "field"), REFUSED, ids=[c[0] for c in REFUSED])
async def test_a_refused_change_leaves_the_stored_session_and_its_client_as_they_were(
    demo: httpx.AsyncClient, settings: Settings, case: str, form: dict, field: str
) -> None:
    token = demo.headers["X-Session-ID"]
    current = (await demo.get("/auth/settings")).json()
    before, client = await raw_row(settings, token), live_client(demo, token)
    data = {k: v(current) if callable(v) else v for k, v in form.items()}
    body = assert_invalid(await demo.patch("/auth/settings", data=data), field)
    assert "secret" not in json.dumps(body), "a refused proxy's credentials are not echoed"
    assert await raw_row(settings, token) == before, "the stored record is byte-for-byte unchanged"
    assert live_client(demo, token) is client and client.get_settings() == current
    me = await demo.get("/account")
    assert me.status_code == 200 and me.json()["username"] == "demo", "the session still works"


@pytest.mark.parametrize(("case", "form", "field"), REFUSED[:6], ids=[c[0] for c in REFUSED[:6]])
async def test_a_login_with_a_bad_locale_or_timezone_is_refused_before_instagram(
    api: httpx.AsyncClient, emulator: Emulator, case: str, form: dict, field: str
) -> None:
    emulator.log.clear()
    response = await api.post("/auth/login", data={"username": "demo", "password": "demo-password", **form})
    assert_invalid(response, field)
    assert len(emulator.log) == 0


async def test_an_import_of_refused_settings_stores_nothing(
    demo: httpx.AsyncClient, settings: Settings
) -> None:
    exported = (await demo.get("/auth/settings")).json()
    for bad in ({}, {**exported, "locale": "é"}, {**exported, "authorization_data": {"ds_user_id": "1"}}):
        response = await demo.patch(
            "/auth/settings", data={"settings": json.dumps(bad)}, headers={"X-Session-ID": ""}
        )
        assert_invalid(response, "settings")
    assert len(await sql(settings, "SELECT id FROM sessions")) == 1


async def test_changing_the_locale_twice_builds_the_user_agent_from_the_device(
    demo: httpx.AsyncClient, emulator: Emulator, make_api: AppFactory
) -> None:
    assert_invalid(await demo.patch("/auth/settings", data={"locale": "o"}), "locale")
    for locale in ("fr_FR", "en_US"):
        response = await demo.patch("/auth/settings", data={"locale": locale})
        assert response.status_code == 200, response.text
    exported = (await demo.get("/auth/settings")).json()
    built = aiograpi_config.USER_AGENT_BASE.format(**exported["device_settings"], locale="en_US")
    assert exported["user_agent"] == built
    assert (exported["locale"], exported["country"]) == ("en_US", "US")
    emulator.log.clear()
    restarted = await make_api()  # a new app on the same database: the stored settings
    token = demo.headers["X-Session-ID"]
    me = await restarted.get("/account", headers={"X-Session-ID": token})
    assert me.status_code == 200, me.text
    [entry, *_] = emulator.log
    assert entry.headers["user-agent"] == built and entry.headers["x-ig-app-locale"] == "en_US"


async def test_a_valid_timezone_change_is_stored_and_sent(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    assert (await demo.patch("/auth/settings", data={"timezone": "-10800"})).status_code == 200
    emulator.log.clear()
    assert (await demo.get("/account")).status_code == 200
    assert emulator.log[0].headers["x-ig-timezone-offset"] == "-10800"
    assert (await demo.get("/auth/settings")).json()["timezone_offset"] == -10800


async def test_a_failed_settings_write_after_a_success_upstream_still_answers_the_result(
    api: httpx.AsyncClient, emulator: Emulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    token = await login(api, remember_password="true")
    headers = {"X-Session-ID": token}
    stored = (await api.get("/auth/settings", headers=headers)).json()
    # The database itself refuses to change the session's settings from now on.
    if settings.database_url.startswith("sqlite"):
        await sql(
            settings,
            "CREATE TRIGGER refuse_settings BEFORE UPDATE OF settings_enc ON sessions"
            " BEGIN SELECT RAISE(ABORT, 'settings are read-only'); END",
        )
    else:
        await sql(
            settings,
            "CREATE FUNCTION refuse_settings() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'settings are read-only'; END $$",
        )
        await sql(
            settings,
            "CREATE TRIGGER refuse_settings BEFORE UPDATE OF settings_enc ON sessions"
            " FOR EACH ROW EXECUTE FUNCTION refuse_settings()",
        )
    # Instagram logs the session out; the pool logs in again (new cookies), then the call succeeds.
    emulator.faults.add("generate_two_factor_totp_key", preset="login_required", times=1)
    response = await api.get("/auth/totp/seed", headers=headers)
    assert response.status_code == 200, response.text
    demo_pk = emulator.world.users.by_username("demo").pk
    assert emulator.world.auth.pending_totp[demo_pk] == response.json(), "the caller got the call's result"
    request_id = response.headers["x-request-id"]
    [failure] = [r for r in caplog.records if r.name == "aiograpi_rest.pool" and r.levelno == logging.ERROR]
    assert request_id in failure.getMessage()
    metrics = (await api.get("/metrics")).text
    assert "aiograpi_rest_pool_persist_failures_total 1.0" in metrics
    assert hash_token(token) not in api.app.state.services.pool._live  # type: ignore[attr-defined]
    # The next call starts from the last stored settings, not from the unsaved ones.
    await sql(
        settings,
        "DROP TRIGGER refuse_settings" + ("" if "sqlite" in settings.database_url else " ON sessions"),
    )
    again = await api.get("/auth/settings", headers=headers)
    assert again.json()["authorization_data"] == stored["authorization_data"]


async def test_our_own_token_given_as_a_sessionid_answers_itself_without_instagram(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    token = demo.headers.pop("X-Session-ID")
    emulator.log.clear()
    response = await demo.post("/auth/login/by/sessionid", data={"sessionid": token})
    assert response.status_code == 200 and response.json() == token
    assert len(emulator.log) == 0


@pytest.mark.parametrize(
    "sessionid",
    [
        "not-a-sessionid-but-long-enough-to-pass-aiograpi",
        "1234%3Aabc%3A1",  # the shape, too short for aiograpi
        "12345678901%3Aab%C3%A9cdefghijklmn%3A12%3Asig",
        "12345678901%3Aabcdefghijklmn%3A12%3Asig\r\nX: 1",
        "igr_" + "A" * 43,  # our token's shape, unknown
    ],
)
async def test_a_malformed_sessionid_is_422_naming_it(
    api: httpx.AsyncClient, emulator: Emulator, sessionid: str
) -> None:
    emulator.log.clear()
    assert_invalid(await api.post("/auth/login/by/sessionid", data={"sessionid": sessionid}), "sessionid")
    assert len(emulator.log) == 0


async def test_another_tenants_token_is_not_found_as_a_sessionid(make_api: AppFactory) -> None:
    api = await make_api(api_keys="first-key-123456,second-key-654321")
    first = {"X-API-Key": "first-key-123456"}
    response = await api.post(
        "/auth/login", data={"username": "demo", "password": "demo-password"}, headers=first
    )
    token = response.json()
    second = {"X-API-Key": "second-key-654321"}
    foreign = await api.post("/auth/login/by/sessionid", data={"sessionid": token}, headers=second)
    unknown = await api.post(
        "/auth/login/by/sessionid", data={"sessionid": "igr_" + "A" * 43}, headers=second
    )
    assert_invalid(foreign, "sessionid")
    assert foreign.json()["detail"] == unknown.json()["detail"], "answered as any unknown value"
    assert token not in foreign.text
    own = await api.post("/auth/login/by/sessionid", data={"sessionid": token}, headers=first)
    assert own.json() == token


async def test_proxy_credentials_never_appear_in_an_answer(demo: httpx.AsyncClient) -> None:
    proxy = "socks5h://user:secret@proxy.example:1080"
    changed = await demo.patch("/auth/settings", data={"proxy": proxy})
    assert changed.status_code == 200, changed.text
    [listed] = (await demo.get("/auth/sessions")).json()
    assert listed["proxy"] == "socks5h://user:***@proxy.example:1080"
    assert listed["proxy_host"] == "proxy.example"
    for answer in (changed, await demo.get("/auth/settings"), await demo.get("/auth/sessions")):
        assert "secret" not in answer.text
    # Stored as given: the session keeps using it.
    assert live_client(demo, demo.headers["X-Session-ID"]).proxy == proxy


async def test_a_login_with_a_bad_proxy_is_refused_before_instagram(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    for route, form in (
        ("/auth/login", {"username": "demo", "password": "demo-password"}),
        ("/auth/login/by/sessionid", {"sessionid": "12345678901%3Aabcdefghijklmn%3A12%3Asig"}),
    ):
        response = await api.post(route, data={**form, "proxy": "gopher://u:secret@p.example:70"})
        assert_invalid(response, "proxy")
        assert "secret" not in response.text
    assert len(emulator.log) == 0


async def test_a_session_poisoned_before_these_checks_is_repaired_by_a_locale_change(
    demo: httpx.AsyncClient,
) -> None:
    token = demo.headers["X-Session-ID"]
    services = demo.app.state.services  # type: ignore[attr-defined]
    stored = await services.store.get(token)
    poisoned = {**stored.settings, "locale": "é", "user_agent": stored.settings["user_agent"] + " é"}
    await services.store.update(stored.token_hash, settings=poisoned)  # as an older release stored it
    await services.pool.discard(stored.token_hash)
    assert (await demo.get("/account")).status_code == 500, "the poison is real"
    repaired = await demo.patch("/auth/settings", data={"locale": "en_US"})
    assert repaired.status_code == 200, repaired.text
    me = await demo.get("/account")
    assert me.status_code == 200 and me.json()["username"] == "demo"
