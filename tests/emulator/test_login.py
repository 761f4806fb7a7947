"""Every login flow aiograpi 1.0.9 performs, with the seeded accounts and codes."""

from __future__ import annotations

import pyotp
import pytest
from aiograpi.exceptions import (
    BadPassword,
    ChallengeRequired,
    LoginRequired,
    ProxyAddressIsBlocked,
    TwoFactorRequired,
    UnknownError,
)

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_CHALLENGE_CODE, DEMO_PASSWORD, DEMO_SMS_CODE, DEMO_TOTP_SEED


async def test_plain_login_sets_authorization_and_cookies(em: Emulator, make_client) -> None:
    cl = make_client()
    assert await cl.login("demo", DEMO_PASSWORD)
    demo = em.world.users.by_username("demo")
    assert cl.user_id == int(demo.pk)
    cookies = cl.get_settings()["cookies"]
    assert {"sessionid", "ds_user_id", "csrftoken", "mid"} <= set(cookies)
    assert cookies["ds_user_id"] == demo.pk
    assert cl.authorization_data["sessionid"] == cookies["sessionid"]
    assert em.world.auth.session(cookies["sessionid"]).user_pk == demo.pk


async def test_wrong_password_is_bad_password(em: Emulator, make_client) -> None:
    with pytest.raises(BadPassword):
        await make_client().login("demo", "not-the-password")
    assert [e.status for e in em.log.calls("accounts/login/")] == [400]


async def test_unknown_username_gives_the_answer_aiograpi_maps(make_client) -> None:
    cl = make_client()
    with pytest.raises(ProxyAddressIsBlocked):
        await cl.login("nobody_here", DEMO_PASSWORD)
    assert "The username you entered" in cl.last_response.text


@pytest.mark.parametrize("code", [DEMO_SMS_CODE, "totp"])
async def test_two_factor_login_with_sms_or_totp(em: Emulator, make_client, code: str) -> None:
    cl = make_client()
    with pytest.raises(TwoFactorRequired):
        await cl.login("demo2fa", DEMO_PASSWORD)
    assert cl.last_json["two_factor_info"]["two_factor_identifier"]

    cl = make_client()
    verification_code = pyotp.TOTP(DEMO_TOTP_SEED).now() if code == "totp" else code
    assert await cl.login("demo2fa", DEMO_PASSWORD, verification_code=verification_code)
    assert cl.user_id == int(em.world.users.by_username("demo2fa").pk)
    assert len(em.log.calls("accounts/two_factor_login/")) == 1


async def test_two_factor_wrong_code_fails(em: Emulator, make_client) -> None:
    cl = make_client()
    with pytest.raises(UnknownError, match="security code"):
        await cl.login("demo2fa", DEMO_PASSWORD, verification_code="000000")
    assert cl.user_id is None


async def test_challenge_without_resolver_raises_after_the_retry(em: Emulator, make_client) -> None:
    with pytest.raises(ChallengeRequired):
        await make_client().login("demochallenge", DEMO_PASSWORD)
    assert len(em.log.calls("accounts/login/")) == 2  # aiograpi re-sends once


async def test_challenge_resolved_with_the_email_code(em: Emulator, make_client) -> None:
    asked = []

    async def handler(username, choice, **kwargs):
        asked.append((username, choice.name))
        return DEMO_CHALLENGE_CODE

    cl = make_client(with_challenge_flow=True)
    cl.challenge_code_handler = handler
    assert await cl.login("demochallenge", DEMO_PASSWORD)
    assert asked == [("demochallenge", "EMAIL")]
    assert cl.user_id == int(em.world.users.by_username("demochallenge").pk)
    paths = [(e.method, e.path) for e in em.log.calls("challenge")]
    pk = em.world.users.by_username("demochallenge").pk
    assert paths[0][0] == "GET" and paths[0][1].startswith(f"/api/v1/challenge/{pk}/")
    assert paths[1][0] == "POST" and paths[1][1].startswith(f"/api/challenge/{pk}/")

    # The device is now trusted: a second login from it needs no challenge.
    em.log.clear()
    assert await cl.relogin()
    assert not em.log.calls("challenge")


async def test_challenge_wrong_code_fails(make_client) -> None:
    async def handler(username, choice, **kwargs):
        return "111111"

    cl = make_client(with_challenge_flow=True)
    cl.challenge_code_handler = handler
    with pytest.raises(UnknownError, match="check the code"):
        await cl.login("demochallenge", DEMO_PASSWORD)
    assert cl.user_id is None


async def test_login_by_sessionid_and_relogin_and_logout(em: Emulator, make_client) -> None:
    first = make_client()
    await first.login("demo", DEMO_PASSWORD)
    sessionid = first.sessionid

    restored = make_client()
    em.log.clear()
    assert await restored.login_by_sessionid(sessionid)
    assert restored.username == "demo"
    assert em.log.lines() == [f"GET i.instagram.com/api/v1/users/{first.user_id}/info/"]

    assert await first.relogin()
    assert first.sessionid != sessionid
    assert await first.logout()
    assert em.world.auth.session(first.authorization_data.get("sessionid") or "") is None

    # The session restored by id was not the one logged out: it still works.
    assert (await restored.user_info_v1(restored.user_id)).username == "demo"


async def test_logged_out_session_is_login_required(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    settings = cl.get_settings()
    await cl.logout()
    stale = make_client(settings=settings)
    stale.private.set_cookies(settings["cookies"])
    with pytest.raises(LoginRequired):
        await stale.user_info_v1(stale.user_id)


async def test_totp_enable_then_login_with_it(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    seed = await cl.totp_generate_seed()
    with pytest.raises(UnknownError):
        await cl.totp_enable("000000")
    backup_codes = await cl.totp_enable(cl.totp_generate_code(seed))
    assert len(backup_codes) == 5
    assert em.world.users.by_username("demo").totp_seed == seed

    with pytest.raises(TwoFactorRequired):
        await make_client().login("demo", DEMO_PASSWORD)
    assert await make_client().login("demo", DEMO_PASSWORD, verification_code=pyotp.TOTP(seed).now())

    assert await cl.totp_disable()
    assert em.world.users.by_username("demo").totp_seed is None


async def test_expose_needs_a_session(make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    assert (await cl.expose())["status"] == "ok"
