"""Auth, end to end: HTTP → app → real aiograpi → emulator."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_CHALLENGE_CODE, DEMO_SMS_CODE, DEMO_TOTP_SEED
from tests.conftest import AppFactory, login
from tests.validation import assert_invalid, invalid_text


def session(token: str) -> dict[str, str]:
    return {"X-Session-ID": token}


async def test_login_then_settings(api: httpx.AsyncClient, emulator: Emulator) -> None:
    token = await login(api)
    assert token.startswith("igr_")
    settings = (await api.get("/auth/settings", headers=session(token))).json()
    demo_pk = emulator.world.users.by_username("demo").pk
    assert settings["authorization_data"]["ds_user_id"] == str(demo_pk)
    assert settings["cookies"]["sessionid"].startswith(str(demo_pk))
    assert token not in json.dumps(settings), "the gateway token is not the Instagram sessionid"


async def test_login_sends_five_requests_and_never_stores_the_password(
    api: httpx.AsyncClient, emulator: Emulator, settings
) -> None:
    emulator.log.clear()
    await login(api)
    assert [e.path for e in emulator.log] == [
        "/api/v1/launcher/sync/",
        "/api/v1/qe/sync/",
        "/api/v1/accounts/login/",
        "/api/v1/feed/reels_tray/",
        "/api/v1/feed/timeline/",
    ]
    store = api.app.state.services.store  # type: ignore[attr-defined]
    [record] = await store.list("")
    assert record.password is None


async def test_two_factor_with_sms_code_repeating_the_call(api: httpx.AsyncClient) -> None:
    form = {"username": "demo2fa", "password": "demo-password"}
    first = await api.post("/auth/login", data=form)
    assert first.status_code == 401
    body = first.json()
    assert body["exc_type"] == "TwoFactorRequired"
    assert "verification_code" in body["hint"]
    assert "/auth/challenge/resolve" not in body["hint"], "a two-factor login is not finished there"
    assert body["session_id"].startswith("igr_")
    token = await login(api, "demo2fa", verification_code=DEMO_SMS_CODE)
    assert (await api.get("/auth/settings", headers=session(token))).status_code == 200


async def test_two_factor_with_a_totp_code_from_the_api(api: httpx.AsyncClient) -> None:
    code = (await api.get("/auth/totp/code", params={"seed": DEMO_TOTP_SEED})).json()
    assert len(code) == 6 and code.isdigit()
    token = await login(api, "demo2fa", verification_code=code)
    assert (await api.get("/auth/settings", headers=session(token))).status_code == 200


async def test_totp_code_rejects_a_bad_seed(api: httpx.AsyncClient) -> None:
    response = await api.get("/auth/totp/code", params={"seed": "not base32 !!"})
    assert response.status_code == 422
    assert "seed" in invalid_text(response)


async def test_pending_two_factor_finishes_with_one_upstream_call(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    form = {"username": "demo2fa", "password": "demo-password"}
    pending = (await api.post("/auth/login", data=form)).json()["session_id"]
    # The pending session is not usable for other routes yet.
    early = await api.get("/auth/settings", headers=session(pending))
    assert early.status_code == 401 and early.json()["exc_type"] == "LoginPending"
    emulator.log.clear()
    finished = await api.post(
        "/auth/login", data={**form, "verification_code": DEMO_SMS_CODE}, headers=session(pending)
    )
    assert finished.status_code == 200, finished.text
    assert finished.json() == pending
    assert len(emulator.log.calls("two_factor_login")) == 1
    assert emulator.log.calls("accounts/login/") == [], "no second password login"
    assert (await api.get("/auth/settings", headers=session(pending))).status_code == 200


@pytest.mark.parametrize("remember", [False, True])
async def test_a_two_factor_login_keeps_the_password_only_when_asked(
    api: httpx.AsyncClient, remember: bool
) -> None:
    form = {"username": "demo2fa", "password": "demo-password", "remember_password": str(remember).lower()}
    pending = (await api.post("/auth/login", data=form)).json()["session_id"]
    store = api.app.state.services.store  # type: ignore[attr-defined]
    assert (await store.get(pending)).password == ("demo-password" if remember else None)
    finished = await api.post(
        "/auth/login", data={**form, "verification_code": DEMO_SMS_CODE}, headers=session(pending)
    )
    assert finished.status_code == 200, finished.text
    assert (await store.get(pending)).password == ("demo-password" if remember else None)


async def test_wrong_two_factor_code_fails(api: httpx.AsyncClient) -> None:
    form = {"username": "demo2fa", "password": "demo-password", "verification_code": "000000"}
    response = await api.post("/auth/login", data=form)
    assert response.status_code == 401
    assert "code" in response.json()["hint"]


async def test_a_pending_session_expires(api: httpx.AsyncClient) -> None:
    pending = (
        await api.post("/auth/login", data={"username": "demo2fa", "password": "demo-password"})
    ).json()["session_id"]
    store = api.app.state.services.store  # type: ignore[attr-defined]
    record = await store.get(pending)
    assert record.state == "pending"
    assert timedelta(minutes=14) < record.expires_at - datetime.now(UTC) <= timedelta(minutes=15)
    await store.update(record.token_hash, expires_at=datetime.now(UTC) - timedelta(seconds=1))
    response = await api.post(
        "/auth/login",
        data={"username": "demo2fa", "password": "demo-password", "verification_code": DEMO_SMS_CODE},
        headers=session(pending),
    )
    assert response.status_code == 401
    assert response.json()["exc_type"] == "SessionNotFound"


async def test_challenge_login_resolved_with_the_code(api: httpx.AsyncClient) -> None:
    response = await api.post("/auth/login", data={"username": "demochallenge", "password": "demo-password"})
    assert response.status_code == 403
    body = response.json()
    assert body["exc_type"] == "ChallengeRequired"
    assert "/auth/challenge/resolve" in body["hint"] and "verification_code" not in body["hint"]
    pending = body["session_id"]
    last_json = json.dumps(body["last_json"])
    wrong = await api.post(
        "/auth/challenge/resolve",
        data={"last_json": last_json, "security_code": "111111"},
        headers=session(pending),
    )
    assert wrong.status_code == 401, wrong.text
    resolved = await api.post(
        "/auth/challenge/resolve",
        data={"last_json": last_json, "security_code": DEMO_CHALLENGE_CODE},
        headers=session(pending),
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json() is True
    settings = (await api.get("/auth/settings", headers=session(pending))).json()
    assert settings["authorization_data"]["ds_user_id"]
    store = api.app.state.services.store  # type: ignore[attr-defined]
    assert (await store.get(pending)).password is None, "kept only while the challenge was pending"


async def test_a_challenge_on_an_active_session_is_resolved_with_its_last_json(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.faults.add("generate_two_factor_totp_key", preset="challenge_required", times=2)
    challenged = await demo.get("/auth/totp/seed")
    assert challenged.status_code == 403, challenged.text
    body = challenged.json()
    assert body["exc_type"] == "ChallengeRequired"
    last_json = json.dumps(body["last_json"])
    # The code went to demo's e-mail; the sandbox shows it.
    sent = (await demo.get("/__emulator/codes", params={"kind": "challenge_email"})).json()["codes"]
    assert [m["to"] for m in sent] == ["demo@example.com"] * 2, "aiograpi sends the call twice"
    code = sent[-1]["code"]

    wrong = "000000" if code != "000000" else "111111"
    refused = await demo.post(
        "/auth/challenge/resolve", data={"last_json": last_json, "security_code": wrong}
    )
    assert refused.status_code == 401, refused.text
    resolved = await demo.post(
        "/auth/challenge/resolve", data={"last_json": last_json, "security_code": code}
    )
    assert resolved.status_code == 200 and resolved.json() is True, resolved.text
    nonce = body["last_json"]["challenge"]["api_path"].rstrip("/").rsplit("/", 1)[1]
    assert emulator.world.auth.challenges[nonce].passed
    assert (await demo.get("/auth/totp/seed")).status_code == 200
    [live] = demo.app.state.services.pool._live.values()  # type: ignore[attr-defined]
    assert "challenge_code_handler" not in vars(live.client), "the code was for that one call"


async def test_challenge_resolve_rejects_bad_last_json(demo: httpx.AsyncClient) -> None:
    response = await demo.post(
        "/auth/challenge/resolve", data={"last_json": "{not json", "security_code": "1"}
    )
    assert response.status_code == 422
    assert "last_json" in invalid_text(response)


async def test_login_by_sessionid(api: httpx.AsyncClient, emulator: Emulator) -> None:
    first = await login(api)
    sessionid = (await api.get("/auth/settings", headers=session(first))).json()["cookies"]["sessionid"]
    response = await api.post("/auth/login/by/sessionid", data={"sessionid": sessionid})
    assert response.status_code == 200, response.text
    second = response.json()
    assert second != first and second != sessionid
    settings = (await api.get("/auth/settings", headers=session(second))).json()
    assert settings["authorization_data"]["ds_user_id"] == str(emulator.world.users.by_username("demo").pk)


async def test_settings_export_import_gives_a_second_working_session(api: httpx.AsyncClient) -> None:
    first = await login(api)
    exported = (await api.get("/auth/settings", headers=session(first))).json()
    response = await api.patch("/auth/settings", data={"settings": json.dumps(exported)})
    assert response.status_code == 200, response.text
    second = response.json()
    assert second != first
    for token in (first, second):
        seed = await api.get("/auth/totp/seed", headers=session(token))
        assert seed.status_code == 200 and seed.json()


async def test_patch_settings_bad_input_names_the_field(demo: httpx.AsyncClient) -> None:
    bad = await demo.patch("/auth/settings", data={"settings": "{broken"})
    assert_invalid(bad, "settings")
    nothing = await demo.patch("/auth/settings", data={})
    assert_invalid(nothing, "settings")


async def test_patch_settings_changes_locale_and_clears_proxy(demo: httpx.AsyncClient) -> None:
    token = demo.headers["X-Session-ID"]
    response = await demo.patch("/auth/settings", data={"locale": "fr_FR", "proxy": "http://p.example:3128"})
    assert response.json() == token
    assert (await demo.get("/auth/settings")).json()["locale"] == "fr_FR"
    [stored] = await demo.app.state.services.store.list("")  # type: ignore[attr-defined]
    assert stored.settings["locale"] == "fr_FR", "the change is saved, not only in the live client"
    sessions = (await demo.get("/auth/sessions")).json()
    assert sessions[0]["proxy_host"] == "p.example"
    await demo.patch("/auth/settings", data={"proxy": ""})
    assert (await demo.get("/auth/sessions")).json()[0]["proxy_host"] is None


async def test_proxy_survives_a_new_app_on_the_same_database(make_api: AppFactory) -> None:
    first_app = await make_api()
    proxy = "http://user:secret@proxy.example:8080"
    token = await login(first_app, proxy=proxy)
    second_app = await make_api()
    assert (await second_app.get("/auth/settings", headers=session(token))).status_code == 200
    pool = second_app.app.state.services.pool  # type: ignore[attr-defined]
    [live] = list(pool._live.values())
    assert live.client.private.proxy == proxy
    listed = (await second_app.get("/auth/sessions")).json()
    assert listed[0]["proxy_host"] == "proxy.example"
    assert "secret" not in json.dumps(listed)


async def test_a_sandbox_session_outlives_a_restart_of_the_emulator(make_api: AppFactory) -> None:
    token = await login(await make_api())
    restarted = await make_api(upstream_world=Emulator(seed=0))  # a new in-memory world, same database
    me = await restarted.get("/user", params={"username": "demo"}, headers=session(token))
    assert me.status_code == 200 and me.json()["username"] == "demo"
    forged = await restarted.post(
        "/auth/login/by/sessionid", data={"sessionid": "1000000001%3Anonce0000000000%3A0%3Anotsigned"}
    )
    assert forged.status_code == 401, forged.text


async def test_locale_and_timezone_reach_instagram(api: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    await login(api, locale="de_DE", timezone="3600")
    [entry] = emulator.log.calls("accounts/login/")
    assert entry.headers["x-ig-app-locale"] == "de_DE"
    assert entry.headers["x-ig-timezone-offset"] == "3600"


async def test_bad_timezone_is_422(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/auth/login", data={"username": "demo", "password": "demo-password", "timezone": "Europe/Paris"}
    )
    assert_invalid(response, "timezone")


@pytest.mark.parametrize(
    ("form", "status", "exc_type", "hint_word"),
    [
        ({"username": "demo", "password": "Not-The-Password-9"}, 401, "BadPassword", "password"),
        (
            {"username": "nobody_here", "password": "Some-Password-7"},
            401,
            "ProxyAddressIsBlocked",
            "username",
        ),
        ({"username": "demochallenge", "password": "demo-password"}, 403, "ChallengeRequired", "challenge"),
    ],
)
async def test_login_errors(
    api: httpx.AsyncClient, form: dict, status: int, exc_type: str, hint_word: str
) -> None:
    response = await api.post("/auth/login", data=form)
    assert response.status_code == status
    body = response.json()
    assert body["exc_type"] == exc_type
    assert hint_word in body["hint"].lower()
    assert "blocked your IP" not in body["detail"], "aiograpi's rewrite of an unknown username"
    assert form["password"] not in response.text


RATE_LIMIT_ERROR = {"status": 400, "body": {"message": "rate limited", "error_type": "rate_limit_error"}}


@pytest.mark.parametrize(
    ("fault", "exc_type"),
    [
        ({"preset": "feedback_required"}, "FeedbackRequired"),
        ({"preset": "please_wait"}, "PleaseWaitFewMinutes"),
        ({"preset": "rate_limited"}, "ClientThrottledError"),
        (RATE_LIMIT_ERROR, "RateLimitError"),
    ],
)
async def test_throttling_during_login_is_429_with_retry_after(
    api: httpx.AsyncClient, emulator: Emulator, fault: dict, exc_type: str
) -> None:
    emulator.faults.add("accounts/login/", **fault)
    response = await api.post("/auth/login", data={"username": "demo", "password": "demo-password"})
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["exc_type"] == exc_type
    assert "throttl" in response.json()["hint"].lower()


async def test_revoked_token_is_401(demo: httpx.AsyncClient) -> None:
    assert (await demo.delete("/auth/session")).json() is True
    response = await demo.get("/auth/settings")
    assert response.status_code == 401
    assert response.json()["exc_type"] == "SessionNotFound"


async def test_revoke_with_logout_logs_out_upstream(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    emulator.log.clear()
    assert (await demo.delete("/auth/session", params={"logout": "true"})).json() is True
    assert len(emulator.log.calls("accounts/logout/")) == 1


async def test_sessions_lists_the_tenants_sessions(demo: httpx.AsyncClient) -> None:
    listed = (await demo.get("/auth/sessions")).json()
    assert len(listed) == 1
    assert listed[0]["username"] == "demo"
    assert demo.headers["X-Session-ID"] not in json.dumps(listed)


async def test_remembered_password_heals_a_logout(api: httpx.AsyncClient, emulator: Emulator) -> None:
    token = await login(api, remember_password="true")
    store = api.app.state.services.store  # type: ignore[attr-defined]
    before = (await store.get(token)).settings
    emulator.faults.add("generate_two_factor_totp_key", preset="login_required", times=1)
    emulator.log.clear()
    response = await api.get("/auth/totp/seed", headers=session(token))
    assert response.status_code == 200, response.text
    assert len(emulator.log.calls("accounts/login/")) == 1
    assert len(emulator.log.calls("generate_two_factor_totp_key")) == 2
    # The fresh login is stored, made from the same device.
    after = (await store.get(token)).settings
    sessionid = after["authorization_data"]["sessionid"]
    assert sessionid != before["authorization_data"]["sessionid"]
    assert emulator.world.auth.session(sessionid).device_id == before["uuids"]["uuid"]
    assert after["uuids"] == before["uuids"]


async def test_without_remembered_password_a_logout_is_401_with_the_way_out(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.faults.add("generate_two_factor_totp_key", preset="login_required", times=1)
    response = await demo.get("/auth/totp/seed")
    assert response.status_code == 401
    assert "POST /auth/login" in response.json()["hint"]
    assert "remember_password=true" in response.json()["hint"]
    relogin = await demo.patch("/auth/relogin")
    assert relogin.status_code == 409
    assert relogin.json()["exc_type"] == "PasswordNotRemembered"


async def test_relogin_with_a_remembered_password(api: httpx.AsyncClient, emulator: Emulator) -> None:
    token = await login(api, remember_password="true")
    emulator.log.clear()
    response = await api.patch("/auth/relogin", headers=session(token))
    assert response.status_code == 200 and response.json() is True
    assert len(emulator.log.calls("accounts/login/")) == 1


async def test_totp_enable_and_disable(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    seed = (await demo.get("/auth/totp/seed")).json()
    code = (await demo.get("/auth/totp/code", params={"seed": seed})).json()
    codes = await demo.post("/auth/totp", data={"verification_code": code})
    assert codes.status_code == 200, codes.text
    assert len(codes.json()) >= 1 and all(isinstance(c, str) for c in codes.json())
    assert emulator.world.users.by_username("demo").two_factor_enabled
    assert (await demo.delete("/auth/totp")).json() is True
    assert not emulator.world.users.by_username("demo").two_factor_enabled


async def test_concurrent_challenge_resolves_never_share_codes(api: httpx.AsyncClient) -> None:
    form = {"username": "demochallenge", "password": "demo-password"}
    first, second = [(await api.post("/auth/login", data=form)).json() for _ in range(2)]

    async def resolve(body: dict, code: str) -> httpx.Response:
        data = {"last_json": json.dumps(body["last_json"]), "security_code": code}
        return await api.post("/auth/challenge/resolve", data=data, headers=session(body["session_id"]))

    wrong, right = await asyncio.gather(resolve(first, "000000"), resolve(second, DEMO_CHALLENGE_CODE))
    assert right.status_code == 200 and right.json() is True
    assert wrong.status_code == 401, wrong.text
    assert (await api.get("/auth/settings", headers=session(second["session_id"]))).status_code == 200
    assert (await api.get("/auth/settings", headers=session(first["session_id"]))).status_code == 401
