"""Account profile and credentials, end to end: each change shows in the emulator's world and, where
a reverse exists, the reverse undoes it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import httpx
import pytest
from PIL import Image

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.emulator.seed import DEMO_PASSWORD
from aiograpi_rest.emulator.world.users import User
from tests.conftest import login
from tests.validation import invalid_text


def me(emulator: Emulator) -> User:
    return emulator.world.users.get("1000000001")


def paths(emulator: Emulator) -> list[str]:
    return [e.path for e in emulator.log]


async def ok(response: httpx.Response) -> object:
    assert response.status_code == 200, response.text
    return response.json()


def assert_names(response: httpx.Response, field: str, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert field in invalid_text(response), response.json()


async def test_account_info_is_the_world_account_in_one_call(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    body = await ok(await demo.get("/account"))
    user = me(emulator)
    assert body["username"] == "demo" and body["pk"] == user.pk
    assert (body["email"], body["phone_number"], body["biography"]) == (
        user.email,
        user.phone_number,
        user.biography,
    )
    assert body["external_url"] == user.external_url and body["is_private"] is True
    assert paths(emulator) == ["/api/v1/accounts/current_user/"]


async def test_profile_edit_changes_given_fields_and_edits_back(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    user = me(emulator)
    before = (user.username, user.full_name, user.email, user.biography, user.external_url)
    body = await ok(await demo.patch("/account", data={"username": "@demo_new", "full_name": "Demo New"}))
    assert (body["username"], body["full_name"]) == ("demo_new", "Demo New")
    assert (user.username, user.full_name) == ("demo_new", "Demo New")
    assert emulator.world.users.find("demo_new") is user and emulator.world.users.find("demo") is None
    assert (user.email, user.biography, user.external_url) == before[2:], "untouched fields stay"

    await ok(await demo.patch("/account", data={"username": before[0], "full_name": before[1]}))
    assert (user.username, user.full_name, user.email, user.biography, user.external_url) == before


async def test_profile_edit_with_a_biography_also_sets_it_with_entities(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.log.clear()
    body = await ok(await demo.patch("/account", data={"biography": "Hello @alice"}))
    assert body["biography"] == me(emulator).biography == "Hello @alice"
    assert paths(emulator) == [
        "/api/v1/accounts/current_user/",
        "/api/v1/accounts/edit_profile/",
        "/api/v1/accounts/set_biography/",
    ]


async def test_profile_edit_to_a_taken_username_is_a_conflict(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await demo.patch("/account", data={"username": "alice"})
    assert response.status_code == 409, response.text
    assert response.json()["exc_type"] == "UnknownError"
    assert me(emulator).username == "demo"


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({}, "username"),
        ({"username": "no spaces allowed"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"external_url": "ftp://example.com"}, "external_url"),
        ({"phone_number": "call me"}, "phone_number"),
        ({"biography": "x" * 151}, "biography"),
    ],
)
async def test_profile_edit_refuses_bad_values_before_asking_instagram(
    demo: httpx.AsyncClient, emulator: Emulator, form: dict, field: str
) -> None:
    emulator.log.clear()
    assert_names(await demo.patch("/account", data=form), field)
    assert paths(emulator) == []


async def test_biography_only_is_one_call_and_changes_the_world(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    old = me(emulator).biography
    emulator.log.clear()
    assert await ok(await demo.patch("/account/biography", data={"biography": "Only the bio"})) is True
    assert me(emulator).biography == "Only the bio"
    assert paths(emulator) == ["/api/v1/accounts/set_biography/"]
    assert await ok(await demo.patch("/account/biography", data={"biography": old})) is True
    assert me(emulator).biography == old
    assert_names(await demo.patch("/account/biography", data={}), "biography")


async def test_going_public_accepts_pending_requests_and_private_again(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    social, user = emulator.world.social, me(emulator)
    mallory = emulator.world.users.by_username("mallory").pk
    assert (mallory, user.pk) in social.requests

    assert await ok(await demo.patch("/account/privacy", data={"is_private": "false"})) is True
    assert user.is_private is False
    assert social.is_following(mallory, user.pk) and (mallory, user.pk) not in social.requests

    assert await ok(await demo.patch("/account/privacy", data={"is_private": "true"})) is True
    assert user.is_private is True
    assert_names(await demo.patch("/account/privacy", data={"is_private": "maybe"}), "is_private")


async def test_external_url_replaces_the_links_and_clearing_removes_them(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    user = me(emulator)
    body = await ok(await demo.patch("/account/external-url", data={"external_url": "https://new.example/x"}))
    assert [link["url"] for link in body["user"]["bio_links"]] == ["https://new.example/x"]
    assert user.external_url == "https://new.example/x" and len(user.bio_links) == 1

    body = await ok(await demo.delete("/account/external-url"))
    assert body["user"]["bio_links"] == [] and body["user"]["external_url"] == ""
    assert user.external_url == "" and user.bio_links == []
    assert_names(
        await demo.patch("/account/external-url", data={"external_url": "not a url"}), "external_url"
    )


async def test_an_empty_link_refused_by_instagram_points_to_bio_links_removal(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.faults.add(
        r"update_bio_links", status=400, body={"message": "Please enter a valid URL.", "status": "fail"}
    )
    response = await demo.delete("/account/external-url")
    assert response.status_code == 409, response.text
    assert "DELETE /account/bio-links" in response.json()["hint"]
    assert me(emulator).external_url == "https://example.com/demo"


async def test_bio_links_removed_by_id_and_put_back(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    user = me(emulator)
    [link] = user.bio_links
    body = await ok(await demo.delete("/account/bio-links", params={"link_ids": [link.link_id]}))
    assert body["user"]["bio_links"] == [] and user.bio_links == [] and user.external_url == ""

    await ok(await demo.patch("/account/external-url", data={"external_url": link.url}))
    assert user.external_url == link.url
    assert_names(await demo.delete("/account/bio-links", params={"link_ids": ["abc"]}), "link_ids")
    assert_names(await demo.delete("/account/bio-links"), "link_ids")


async def test_password_change_lets_the_new_one_log_in_and_changes_back(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    form = {"old_password": DEMO_PASSWORD, "new_password": "a-new-secret"}
    assert await ok(await demo.patch("/account/password", data=form)) is True
    assert me(emulator).password == "a-new-secret"
    assert await login(demo, "demo", "a-new-secret")

    back = {"old_password": "a-new-secret", "new_password": DEMO_PASSWORD}
    assert await ok(await demo.patch("/account/password", data=back)) is True
    assert me(emulator).password == DEMO_PASSWORD


async def test_password_change_with_a_wrong_current_password_names_it(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    form = {"old_password": "wrong-one", "new_password": "a-new-secret"}
    assert_names(await demo.patch("/account/password", data=form), "old_password")
    assert me(emulator).password == DEMO_PASSWORD
    short = {"old_password": DEMO_PASSWORD, "new_password": "123"}
    assert_names(await demo.patch("/account/password", data=short), "new_password")


@pytest.mark.parametrize("identifier", ["demo", "@demo", "demo@example.com", "+15550000001"])
async def test_password_reset_by_username_email_or_phone(
    demo: httpx.AsyncClient, emulator: Emulator, identifier: str
) -> None:
    body = await ok(await demo.post("/account/password/reset", data={"identifier": identifier}))
    assert "d***@example.com" in body["body"]
    [reset] = emulator.world.account.password_resets
    assert reset.user_pk == me(emulator).pk and reset.sent_to == "email"


async def test_password_reset_for_nobody_is_not_found(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await demo.post("/account/password/reset", data={"identifier": "no_such_person"})
    assert response.status_code == 404 and response.json()["exc_type"] == "ClientNotFoundError"
    assert emulator.world.account.password_resets == []
    assert_names(await demo.post("/account/password/reset", data={}), "identifier")


async def test_email_confirmation_code_then_confirm(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(await demo.post("/account/email/confirmation", data={"email": "fresh@example.org"}))
    assert "f***@example.org" in body["body"]
    code = emulator.world.outbox.latest("email_confirmation", me(emulator).pk, "fresh@example.org").code

    wrong = "000000" if code != "000000" else "111111"
    refused = await demo.post("/account/email/confirm", data={"email": "fresh@example.org", "code": wrong})
    assert refused.status_code == 401 and "code" in refused.json()["hint"]
    assert me(emulator).email == "demo@example.com"

    body = await ok(
        await demo.post("/account/email/confirm", data={"email": "fresh@example.org", "code": code})
    )
    assert body["is_email_confirmed"] is True and me(emulator).email == "fresh@example.org"
    again = await demo.post("/account/email/confirm", data={"email": "fresh@example.org", "code": code})
    assert again.status_code == 401, "a code confirms once"
    assert_names(await demo.post("/account/email/confirmation", data={"email": "nope"}), "email")
    assert_names(await demo.post("/account/email/confirm", data={"email": "a@b.co", "code": "x"}), "code")


async def test_email_used_by_another_account_is_refused(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    response = await demo.post("/account/email/confirmation", data={"email": "demochallenge@example.com"})
    assert response.status_code == 409, response.text
    assert emulator.world.outbox == [], "no code was sent"


async def test_phone_confirmation_code_is_sent_to_the_normalized_number(
    demo: httpx.AsyncClient, emulator: Emulator
) -> None:
    body = await ok(await demo.post("/account/phone/confirm", data={"phone_number": "+1 555-123-4567"}))
    assert body["normalized_phone_number"] == "+15551234567"
    assert emulator.world.outbox.latest("phone_confirmation", me(emulator).pk, "+15551234567") is not None
    assert_names(await demo.post("/account/phone/confirm", data={"phone_number": "call me"}), "phone_number")


async def test_security_info_reflects_the_account(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(await demo.get("/account/security"))
    user = me(emulator)
    assert body["is_totp_two_factor_enabled"] is bool(user.totp_seed) is False
    assert body["is_phone_confirmed"] is True and body["has_reachable_email"] is True
    user.totp_seed = "EMULATORTESTSEED"
    assert (await ok(await demo.get("/account/security")))["is_totp_two_factor_enabled"] is True


async def test_account_family_names_the_current_account(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    body = await ok(await demo.get("/account/family"))
    assert body["current_account"]["pk"] == int(me(emulator).pk), "raw: Instagram's number"
    assert body["child_accounts"] == [] and body["main_accounts"] == []


def upload_folders(root: Path) -> list[Path]:
    return list(root.glob("aiograpi-rest-upload-*"))


def png(size: int = 400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_picture_upload_changes_the_profile_picture_and_leaves_no_file(
    demo: httpx.AsyncClient, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old_url = me(emulator).profile_pic_url
    emulator.log.clear()
    # No suffix in the name: the format is read from the bytes.
    body = await ok(await demo.patch("/account/picture", files={"picture": ("blob", png(), "image/png")}))
    assert body["pk"] == me(emulator).pk
    assert body["profile_pic_url"] == me(emulator).profile_pic_url != old_url
    assert paths(emulator)[0].startswith("/rupload_igphoto/")
    assert paths(emulator)[1:] == ["/api/v1/accounts/change_profile_picture/"]
    assert upload_folders(tmp_path) == [], "the request's folder is deleted"


async def test_picture_that_is_not_an_image_is_refused(demo: httpx.AsyncClient, emulator: Emulator) -> None:
    old_url = me(emulator).profile_pic_url
    emulator.log.clear()
    files = {"picture": ("face.jpg", b"plain text, not a photo", "image/jpeg")}
    assert_names(await demo.patch("/account/picture", files=files), "picture")
    assert_names(
        await demo.patch("/account/picture", files={"picture": ("x.png", b"", "image/png")}), "picture"
    )
    assert paths(emulator) == [] and me(emulator).profile_pic_url == old_url
