"""Logins through Instagram's Bloks screens, end to end: HTTP → app → real aiograpi → emulator.

aiograpi takes them for a backup code (eight digits) when the two-factor answer carries a
`two_step_verification_context`, and for an account whose legacy password login Instagram refuses
(`demobloks`: the CAA login, then the same two-step screens)."""

from __future__ import annotations

import json

import httpx
import pyotp
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_BACKUP_CODES, DEMO_SMS_CODE, DEMO_TOTP_SEED
from tests.conftest import login
from tests.validation import assert_invalid

TWO_STEP = [
    "/api/v1/bloks/apps/com.bloks.www.two_step_verification.entrypoint/",
    "/api/v1/bloks/apps/com.bloks.www.two_step_verification.method_picker/",
    "/api/v1/bloks/async_action/com.bloks.www.two_step_verification.method_picker.navigation.async/",
]
BACKUP_SCREEN = "/api/v1/bloks/apps/com.bloks.www.two_factor_login.enter_backup_code/"
VERIFY = "/api/v1/bloks/async_action/com.bloks.www.two_step_verification.verify_code.async/"
CAA = "/api/v1/bloks/async_action/com.bloks.www.bloks.caa.login.async.send_login_request/"


def bloks_paths(emulator: Emulator) -> list[str]:
    return [e.path for e in emulator.log.calls("/bloks/")]


async def account_of(api: httpx.AsyncClient, token: str) -> dict:
    response = await api.get("/account", headers={"X-Session-ID": token})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_backup_code_logs_in_through_the_bloks_screens(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    code = DEMO_BACKUP_CODES[0]
    token = await login(api, "demo2fa", verification_code=f"{code[:4]} {code[4:]}")
    assert (await account_of(api, token))["username"] == "demo2fa"
    assert bloks_paths(emulator) == [*TWO_STEP, BACKUP_SCREEN, VERIFY]
    assert emulator.log.calls("accounts/two_factor_login/") == [], (
        "a backup code never reaches the legacy endpoint"
    )
    user = emulator.world.users.by_username("demo2fa")
    assert code not in emulator.world.auth.backup_codes[user.pk], "spent"


async def test_a_backup_code_works_once(api: httpx.AsyncClient) -> None:
    form = {"username": "demo2fa", "password": "demo-password", "verification_code": DEMO_BACKUP_CODES[1]}
    assert (await api.post("/auth/login", data=form)).status_code == 200
    again = await api.post("/auth/login", data=form)
    assert again.status_code == 401, again.text
    assert "code" in again.json()["hint"]


async def test_a_pending_two_factor_login_finishes_with_a_backup_code(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    form = {"username": "demo2fa", "password": "demo-password"}
    first = await api.post("/auth/login", data=form)
    assert first.status_code == 401 and first.json()["exc_type"] == "TwoFactorRequired"
    pending = first.json()["session_id"]
    emulator.log.clear()
    finished = await api.post(
        "/auth/login",
        data={**form, "verification_code": DEMO_BACKUP_CODES[2]},
        headers={"X-Session-ID": pending},
    )
    assert finished.status_code == 200, finished.text
    assert finished.json() == pending
    assert bloks_paths(emulator) == [*TWO_STEP, BACKUP_SCREEN, VERIFY]
    assert emulator.log.calls("accounts/login/") == [], "no second password login"
    assert (await account_of(api, pending))["username"] == "demo2fa"


async def test_a_wrong_backup_code_is_the_same_401_as_a_wrong_code(api: httpx.AsyncClient) -> None:
    form = {"username": "demo2fa", "password": "demo-password"}
    wrong_bloks = await api.post("/auth/login", data={**form, "verification_code": "99990000"})
    wrong_legacy = await api.post("/auth/login", data={**form, "verification_code": "000000"})
    assert wrong_bloks.status_code == wrong_legacy.status_code == 401, wrong_bloks.text
    assert wrong_bloks.json()["hint"] == wrong_legacy.json()["hint"]
    assert wrong_bloks.json()["exc_type"] == wrong_legacy.json()["exc_type"]


async def test_an_account_on_the_caa_login_logs_in_with_its_sms_code(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    token = await login(api, "demobloks", verification_code=DEMO_SMS_CODE)
    assert (await account_of(api, token))["username"] == "demobloks"
    assert bloks_paths(emulator) == [CAA, *TWO_STEP, VERIFY]
    sent = (await api.get("/__emulator/codes", params={"kind": "two_factor_sms"})).json()["codes"]
    assert [m["to"] for m in sent] == ["+15550000043"], "the SMS went out when sms was chosen"
    settings = (await api.get("/auth/settings", headers={"X-Session-ID": token})).json()
    user = emulator.world.users.by_username("demobloks")
    assert settings["authorization_data"]["ds_user_id"] == user.pk
    assert emulator.world.auth.session(settings["authorization_data"]["sessionid"]).user_pk == user.pk


@pytest.mark.parametrize(
    ("password", "code", "exc_type"),
    [
        ("demo-password", "000000", "UnknownError"),
        ("Not-The-Password-9", DEMO_SMS_CODE, "BadPassword"),
    ],
)
async def test_the_caa_login_refuses_a_wrong_code_or_password(
    api: httpx.AsyncClient, emulator: Emulator, password: str, code: str, exc_type: str
) -> None:
    form = {"username": "demobloks", "password": password, "verification_code": code}
    response = await api.post("/auth/login", data=form)
    assert response.status_code == 401, response.text
    assert response.json()["exc_type"] == exc_type
    assert emulator.log.calls("caa.login"), "the CAA login was tried"
    assert password not in response.text


async def test_a_totp_account_on_the_caa_login_picks_totp(api: httpx.AsyncClient, emulator: Emulator) -> None:
    user = emulator.world.users.by_username("demobloks")
    user.totp_seed = DEMO_TOTP_SEED
    emulator.log.clear()
    token = await login(api, "demobloks", verification_code=pyotp.TOTP(DEMO_TOTP_SEED).now())
    assert (await account_of(api, token))["username"] == "demobloks"
    assert bloks_paths(emulator) == [CAA, *TWO_STEP, VERIFY]
    sent = (await api.get("/__emulator/codes", params={"kind": "two_factor_sms"})).json()["codes"]
    assert sent == [], "totp was chosen, so no SMS went out"


async def test_backup_codes_from_totp_setup_log_in(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    seed = (await demo.get("/auth/totp/seed")).json()
    code = (await demo.get("/auth/totp/code", params={"seed": seed})).json()
    backup = (await demo.post("/auth/totp", data={"verification_code": code})).json()
    emulator.log.clear()
    del demo.headers["X-Session-ID"]
    token = await login(demo, "demo", verification_code=backup[0])
    assert (await account_of(demo, token))["username"] == "demo"
    assert bloks_paths(emulator) == [*TWO_STEP, BACKUP_SCREEN, VERIFY]


TAKE_CHALLENGE = "/api/v1/bloks/apps/com.instagram.challenge.navigation.take_challenge/"


async def _password_challenge(api: httpx.AsyncClient, remember: bool = False) -> dict:
    form = {"username": "demopasswordreset", "password": "demo-password", "remember_password": str(remember)}
    response = await api.post("/auth/login", data=form)
    assert response.status_code == 403, response.text
    assert response.json()["exc_type"] == "ChallengeRequired"
    return response.json()


async def _resolve(api: httpx.AsyncClient, body: dict, **form: str) -> httpx.Response:
    data = {"last_json": json.dumps(body["last_json"]), **form}
    return await api.post("/auth/challenge/resolve", data=data, headers={"X-Session-ID": body["session_id"]})


async def test_a_challenge_that_asks_a_new_password_sets_it_on_the_bloks_screen(
    api: httpx.AsyncClient, emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    body = await _password_challenge(api, remember=True)
    emulator.log.clear()
    new = "Fresh-Password-8"
    resolved = await _resolve(api, body, new_password=new)
    assert resolved.status_code == 200 and resolved.json() is True, resolved.text
    assert len(emulator.log.calls("take_challenge")) == 1
    assert [e.path for e in emulator.log.calls("take_challenge")] == [TAKE_CHALLENGE]
    assert emulator.world.users.by_username("demopasswordreset").password == new
    assert (await account_of(api, body["session_id"]))["username"] == "demopasswordreset"
    store = api.app.state.services.store  # type: ignore[attr-defined]
    assert (await store.get(body["session_id"])).password == new, "the remembered password is the new one"
    assert new not in capsys.readouterr().out, "aiograpi's print of the password is silenced"
    old = await api.post("/auth/login", data={"username": "demopasswordreset", "password": "demo-password"})
    assert old.status_code == 401 and old.json()["exc_type"] == "BadPassword"
    assert await login(api, "demopasswordreset", new)


async def test_a_password_challenge_without_a_new_password_says_so(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    body = await _password_challenge(api)
    missing = await _resolve(api, body, security_code="123456")
    assert missing.status_code == 403, missing.text
    assert "new_password" in missing.json()["hint"]
    short = await _resolve(api, body, new_password="abc")
    assert_invalid(short, "new_password")
    same = await _resolve(api, body, new_password="demo-password")
    assert_invalid(same, "new_password")
    assert emulator.world.users.by_username("demopasswordreset").password == "demo-password"
    resolved = await _resolve(api, body, new_password="Fresh-Password-8")
    assert resolved.status_code == 200, "the pending session outlived the refusals"


async def test_a_password_challenge_on_an_active_session_renews_the_remembered_password(
    api: httpx.AsyncClient, emulator: Emulator
) -> None:
    token = await login(api, remember_password="true")
    demo = emulator.world.users.by_username("demo")
    emulator.world.auth.password_resets.add(demo.pk)
    emulator.faults.add("generate_two_factor_totp_key", preset="challenge_required", times=2)
    challenged = await api.get("/auth/totp/seed", headers={"X-Session-ID": token})
    assert challenged.status_code == 403, challenged.text
    body = {"last_json": challenged.json()["last_json"], "session_id": token}
    resolved = await _resolve(api, body, new_password="Fresh-Password-8")
    assert resolved.status_code == 200 and resolved.json() is True, resolved.text
    assert demo.password == "Fresh-Password-8"
    store = api.app.state.services.store  # type: ignore[attr-defined]
    assert (await store.get(token)).password == "Fresh-Password-8"
    assert (await api.get("/auth/totp/seed", headers={"X-Session-ID": token})).status_code == 200


@pytest.mark.parametrize(
    ("username", "exc_type"), [("demo2fa", "TwoFactorRequired"), ("demobloks", "BadPassword")]
)
async def test_a_relogin_that_needs_a_code_leaves_the_session_working(
    api: httpx.AsyncClient, emulator: Emulator, username: str, exc_type: str
) -> None:
    token = await login(api, username, verification_code=DEMO_SMS_CODE, remember_password="true")
    emulator.log.clear()
    response = await api.patch("/auth/relogin", headers={"X-Session-ID": token})
    assert response.status_code == 401, response.text
    assert response.json()["exc_type"] == exc_type
    assert len(emulator.log.calls("accounts/login/")) == 1, "the relogin was tried"
    assert (await account_of(api, token))["username"] == username
