"""The emulator's HTTP surface: host dispatch, 501 for gaps, session checks, control API, reset."""

from __future__ import annotations

import httpx
import pytest
from aiograpi.exceptions import ClientLoginRequired, LoginRequired

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_PASSWORD, FAN_COUNT, POPULAR


@pytest.fixture
async def raw(em: Emulator):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=em.app)) as client:
        yield client


@pytest.mark.emulator_gap
async def test_unknown_endpoint_is_501_naming_it(
    em: Emulator, raw: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    answer = await raw.post("https://i.instagram.com/api/v1/not/a/thing/", data={"a": "1"})
    assert answer.status_code == 501
    body = answer.json()
    assert (body["method"], body["host"], body["path"]) == ("POST", "i.instagram.com", "/api/v1/not/a/thing/")
    assert em.log[-1].status == 501 and em.log[-1].form_keys == ["a"]
    # What the suite-wide check in tests/conftest.py fails every other test on.
    gaps = [r.getMessage() for r in caplog.records if r.name == "aiograpi_rest.emulator.gaps"]
    assert gaps == ["not emulated: POST i.instagram.com/api/v1/not/a/thing/"]


@pytest.mark.emulator_gap
async def test_unknown_graphql_query_is_501_naming_its_doc_id(raw: httpx.AsyncClient) -> None:
    answer = await raw.post(
        "https://www.instagram.com/graphql/query/", data={"doc_id": "123", "variables": "{}"}
    )
    assert answer.status_code == 501
    assert answer.json()["doc_id"] == "123" and "[doc_id=123]" in answer.json()["message"]


async def test_dispatch_uses_the_upstream_host_header_not_host(raw: httpx.AsyncClient) -> None:
    # One path, two hosts: the private API's web profile needs a session, www's answers without one.
    path = "/api/v1/users/web_profile_info/?username=demo"
    on_private = await raw.get(f"https://i.instagram.com{path}", headers={"Host": "www.instagram.com"})
    assert on_private.status_code == 403 and on_private.json()["message"] == "login_required"
    via_header = await raw.get(
        f"http://127.0.0.1:9000{path}", headers={"X-Upstream-Host": "www.instagram.com"}
    )
    assert via_header.json()["data"]["user"]["username"] == "demo"


async def test_missing_session_is_login_required(em: Emulator, make_client) -> None:
    cl = make_client()
    cl.authorization_data = {"ds_user_id": "1000000001", "sessionid": "1000000001%3Aforged%3A0"}
    with pytest.raises(LoginRequired):
        await cl.user_info_v1("1000000001")


async def test_www_graphql_without_session_redirects_to_login(em: Emulator, make_client) -> None:
    cl = make_client()
    with pytest.raises(ClientLoginRequired):
        await cl.public_doc_id_graphql_request("26762473490008061", {"id": "1000000001"})


async def test_private_account_hides_followers_from_strangers(em: Emulator, make_client) -> None:
    from aiograpi.exceptions import PrivateAccount

    cl = make_client()
    await cl.login("alice", DEMO_PASSWORD)  # alice does not follow sybil (private)
    sybil = em.world.users.by_username("sybil")
    assert not em.world.social.is_following(em.world.users.by_username("alice").pk, sybil.pk)
    with pytest.raises(PrivateAccount):
        await cl.user_followers_v1_chunk(sybil.pk)


async def test_paging_is_stable_while_followers_change(em: Emulator, make_client) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    star = em.world.users.by_username(POPULAR)
    first, cursor = await cl.user_followers_v1_chunk(star.pk, max_amount=40)
    # A new follower arrives and one already listed leaves between pages.
    em.world.social.follow(em.world.users.by_username("walter").pk, star.pk)
    em.world.social.unfollow(first[0].pk, star.pk)
    rest = list(first)
    while cursor:
        chunk, cursor = await cl.user_followers_v1_chunk(star.pk, max_amount=40, max_id=cursor)
        rest += chunk
    pks = [u.pk for u in rest]
    assert len(pks) == len(set(pks))
    assert len(pks) >= FAN_COUNT


async def test_control_log_filters_and_clears(em: Emulator, make_client, control: httpx.AsyncClient) -> None:
    await make_client().login("demo", DEMO_PASSWORD)
    posts = (await control.get("/__emulator/log", params={"method": "POST", "path": "feed/"})).json()[
        "entries"
    ]
    assert [e["path"] for e in posts] == ["/api/v1/feed/reels_tray/", "/api/v1/feed/timeline/"]
    login = em.log.calls("accounts/login/")[0]
    assert {"username", "enc_password"} <= set(login.form_keys)
    assert "demo-password" not in str(login.to_json())
    assert login.headers["x-ig-app-id"] and "authorization" not in em.log.calls("feed/timeline/")[0].headers
    await control.delete("/__emulator/log")
    assert (await control.get("/__emulator/log")).json()["entries"] == []


async def test_reset_restores_the_seed_world(em: Emulator, make_client, control: httpx.AsyncClient) -> None:
    cl = make_client()
    await cl.login("demo", DEMO_PASSWORD)
    media = em.world.media.by_owner(em.world.users.by_username("alice").pk)[0]
    await cl.media_like(media.id)
    em.faults.add("x", status=500)
    assert "demo" in (await control.get(f"/__emulator/media/{media.id}")).json()["likers"]

    assert (await control.post("/__emulator/reset")).status_code == 200
    assert "demo" not in (await control.get(f"/__emulator/media/{media.id}")).json()["likers"]
    assert list(em.log) == [] and list(em.faults) == []
    with pytest.raises(LoginRequired):  # sessions are part of the world
        await cl.user_info_v1(cl.user_id)


async def test_user_view_shows_the_seeded_graph(control: httpx.AsyncClient) -> None:
    view = (await control.get("/__emulator/users/demo")).json()
    assert len(view["following"]) >= 10 and len(view["followers"]) >= 10
    assert view["incoming_requests"] == ["mallory"]
    assert view["outgoing_requests"] == ["sybil"]
    assert {m["product_type"] for m in view["media"]} >= {"feed", "carousel_container", "clips"}
    assert {m["media_type"] for m in view["media"]} == {1, 2, 8}
    assert view["stories"] and view["highlights"] and view["collections"] and view["threads"]
    assert (await control.get("/__emulator/users/nobody")).status_code == 404


async def test_accounts_lists_the_codes(control: httpx.AsyncClient) -> None:
    accounts = {a["username"]: a for a in (await control.get("/__emulator/accounts")).json()["accounts"]}
    assert accounts["demo2fa"]["sms_code"] == "123456"
    assert accounts["demochallenge"]["challenge_email_code"] == "654321"
    assert len(accounts["demo2fa"]["totp_code_now"]) == 6


@pytest.mark.parametrize("path", ["/__emulator", "/__emulator/"])
async def test_control_index_lists_the_endpoints(control: httpx.AsyncClient, path: str) -> None:
    answer = await control.get(path)
    assert answer.status_code == 200, answer.text
    assert {"GET /__emulator/codes", "GET /__emulator/accounts"} <= set(answer.json()["endpoints"])
