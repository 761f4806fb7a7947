"""A sandbox user finishes every flow that waits for an e-mail or SMS code: the codes the emulator
"sent" are listed by its control API on the gateway's port, and only those codes work."""

from __future__ import annotations

import json

import httpx

from aiograpi_rest.emulator import Emulator
from tests.conftest import login


async def sent(api: httpx.AsyncClient, **query: str) -> list[dict]:
    response = await api.get("/__emulator/codes", params=query)
    assert response.status_code == 200, response.text
    return response.json()["codes"]


def other_than(code: str) -> str:
    return "000000" if code != "000000" else "111111"


async def test_email_confirmation_code_is_listed_and_only_it_confirms(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    assert await sent(demo, username="demo") == []
    form = {"email": "fresh@example.org"}
    assert (await demo.post("/account/email/confirmation", data=form)).status_code == 200

    [message] = await sent(demo, username="demo", kind="email_confirmation")
    assert (message["to"], message["username"], message["used"]) == ("fresh@example.org", "demo", False)
    code = message["code"]
    assert len(code) == 6 and code.isdigit()

    wrong = await demo.post("/account/email/confirm", data={**form, "code": other_than(code)})
    assert wrong.status_code == 401, wrong.text
    assert emulator.world.users.by_username("demo").email == "demo@example.com"

    right = await demo.post("/account/email/confirm", data={**form, "code": code})
    assert right.status_code == 200, right.text
    assert right.json()["is_email_confirmed"] is True
    assert emulator.world.users.by_username("demo").email == "fresh@example.org"
    assert [m["used"] for m in await sent(demo, username="demo")] == [True]


async def test_phone_code_and_password_reset_notice_are_listed(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    await demo.post("/account/phone/confirm", data={"phone_number": "+1 555-123-4567"})
    await demo.post("/account/password/reset", data={"identifier": "demo"})

    phone, reset = await sent(demo, username="demo")
    assert (phone["kind"], phone["to"]) == ("phone_confirmation", "+15551234567")
    assert len(phone["code"]) == 6 and phone["code"].isdigit()
    # Instagram mails a link for a reset, not a code: the notice says where it went.
    assert (reset["kind"], reset["to"], reset["code"]) == ("password_reset", "demo@example.com", None)


async def test_two_factor_sms_listed_at_login_finishes_the_pending_login(api: httpx.AsyncClient) -> None:
    form = {"username": "demo2fa", "password": "demo-password"}
    pending = (await api.post("/auth/login", data=form)).json()["session_id"]
    [sms] = await sent(api, username="demo2fa")
    assert (sms["kind"], sms["to"], sms["used"]) == ("two_factor_sms", "+15550000042", False)

    finished = await api.post(
        "/auth/login", data={**form, "verification_code": sms["code"]}, headers={"X-Session-ID": pending}
    )
    assert finished.status_code == 200, finished.text
    assert [m["used"] for m in await sent(api, username="demo2fa")] == [True]


async def test_challenge_email_listed_at_login_resolves_the_challenge(api: httpx.AsyncClient) -> None:
    body = (
        await api.post("/auth/login", data={"username": "demochallenge", "password": "demo-password"})
    ).json()
    emails = await sent(api, kind="challenge_email")
    assert len(emails) == 2, "aiograpi sends the login twice, each one mails the code"
    [email] = {(m["username"], m["to"], m["code"]) for m in emails}
    assert email[:2] == ("demochallenge", "demochallenge@example.com")

    data = {"last_json": json.dumps(body["last_json"]), "security_code": email[2]}
    resolved = await api.post(
        "/auth/challenge/resolve", data=data, headers={"X-Session-ID": body["session_id"]}
    )
    assert resolved.status_code == 200 and resolved.json() is True, resolved.text
    assert all(m["used"] for m in await sent(api, kind="challenge_email"))


async def test_codes_filters_are_checked_and_reset_empties_the_outbox(api: httpx.AsyncClient) -> None:
    await login(api, "demo2fa", verification_code="123456")
    assert [m["kind"] for m in await sent(api)] == ["two_factor_sms"]
    assert await sent(api, username="demo") == []

    bad_kind = await api.get("/__emulator/codes", params={"kind": "pigeon"})
    assert bad_kind.status_code == 422 and "kind" in bad_kind.json()["message"]
    nobody = await api.get("/__emulator/codes", params={"username": "nobody_here"})
    assert nobody.status_code == 404 and "nobody_here" in nobody.json()["message"]

    assert (await api.post("/__emulator/reset")).status_code == 200
    assert await sent(api) == []


async def test_with_api_keys_a_tenant_reads_only_the_codes_of_its_own_logins(make_api) -> None:
    api = await make_api(api_keys="first-key-123456,second-key-654321", admin_keys="admin-key-123456")
    first, second = {"X-API-Key": "first-key-123456"}, {"X-API-Key": "second-key-654321"}
    two_factor = {"username": "demo2fa", "password": "demo-password"}
    assert (await api.post("/auth/login", data=two_factor, headers=first)).status_code == 401  # pending
    challenge = {"username": "demochallenge", "password": "demo-password"}
    assert (await api.post("/auth/login", data=challenge, headers=second)).status_code == 403

    async def codes(headers: dict[str, str], **query: str) -> set[tuple[str, str]]:
        response = await api.get("/__emulator/codes", params=query, headers=headers)
        assert response.status_code == 200, response.text
        return {(m["username"], m["kind"]) for m in response.json()["codes"]}

    assert await codes(first) == {("demo2fa", "two_factor_sms")}
    assert await codes(second) == {("demochallenge", "challenge_email")}
    assert await codes(second, username="demo2fa") == set(), "another tenant's account shows nothing"
    assert await codes({"X-API-Key": "admin-key-123456"}) == {
        ("demo2fa", "two_factor_sms"),
        ("demochallenge", "challenge_email"),
    }
