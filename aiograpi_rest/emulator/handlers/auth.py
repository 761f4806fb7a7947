"""Login as aiograpi performs it: pre-login syncs, password key, login, two-factor, challenge,
logout, TOTP setup, and the post-login feeds it fetches."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, crypto
from aiograpi_rest.emulator.builders import bloks
from aiograpi_rest.emulator.http import Answer, EmRequest, authorization_header
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world.auth import Session
from aiograpi_rest.emulator.world.paging import page_after


@route("POST", "launcher/sync/", auth=False)
def launcher_sync(req: EmRequest) -> dict:
    return {"configs": {}}


@route("POST", "qe/sync/", auth=False)
def qe_sync(req: EmRequest) -> dict:
    return {"experiments": []}


@route("GET", "qe/sync/", auth=False)
def password_key(req: EmRequest) -> Answer:
    return Answer(
        {"experiments": []},
        headers={
            "ig-set-password-encryption-key-id": str(crypto.KEY_ID),
            "ig-set-password-encryption-pub-key": crypto.public_key_header(),
        },
    )


def logged_in_parts(req: EmRequest, session: Session) -> tuple[dict, dict[str, str], dict[str, str]]:
    """A login's answer, headers and cookies: sent as they are, or inside a Bloks login action."""
    user = req.world.users.get(session.user_pk)
    body = {"logged_in_user": builders.account(user), "session_flush_nonce": None}
    headers = {
        "ig-set-authorization": authorization_header(user.pk, session.sessionid),
        "ig-set-x-mid": session.mid,
        "ig-set-ig-u-ds-user-id": user.pk,
        "ig-set-ig-u-rur": f"CLN,{user.pk},0:emulator",
    }
    cookies = {
        "sessionid": session.sessionid,
        "ds_user_id": user.pk,
        "csrftoken": session.csrftoken,
        "mid": session.mid,
    }
    return body, headers, cookies


def _logged_in(req: EmRequest, session: Session) -> Answer:
    body, headers, cookies = logged_in_parts(req, session)
    return Answer(body, headers=headers, cookies=cookies)


def device_of(req: EmRequest) -> str:
    return req.field("guid") or req.field("device_id") or req.field("phone_id")


@route("POST", "accounts/login/", auth=False)
def login(req: EmRequest) -> Answer:
    password = crypto.decrypt_password(req.field("enc_password")) if req.field("enc_password") else None
    if password is None and req.field("password"):
        password = req.field("password")
    session = req.world.auth.login(req.field("username"), password, device_of(req))
    return _logged_in(req, session)


@route("POST", "accounts/two_factor_login/", auth=False)
def two_factor_login(req: EmRequest) -> Answer:
    session = req.world.auth.two_factor_login(
        req.field("two_factor_identifier"), req.field("verification_code"), req.field("username")
    )
    return _logged_in(req, session)


@route("GET", "challenge/{user_id}/{nonce}/", auth=False)
def challenge_step(req: EmRequest) -> dict:
    challenge = req.world.auth.challenge(req.params["nonce"], req.params["user_id"])
    if challenge.passed:
        return {"step_name": "", "action": "close"}
    if challenge.step == "change_password":
        return bloks.change_password_step(challenge.nonce, challenge.user_pk)
    user = req.world.users.get(challenge.user_pk)
    name, _, domain = user.email.partition("@")
    return {
        "step_name": "verify_email",
        "step_data": {
            "security_code": "None",
            "resend_delay": 60,
            "contact_point": f"{name[:1]}***@{domain}",
            "form_type": "email",
        },
        "nonce_code": challenge.nonce,
        "user_id": int(user.pk),
        "challenge_context": "{}",
    }


@route("POST", "/api/challenge/{user_id}/{nonce}/", auth=False)
def challenge_answer(req: EmRequest) -> dict:
    req.world.auth.pass_challenge(req.params["nonce"], req.params["user_id"], req.field("security_code"))
    return {"action": "close"}


@route("POST", "accounts/logout/")
def logout(req: EmRequest) -> dict:
    req.world.auth.logout(req.session.sessionid)
    return {}


@route("POST", "accounts/generate_two_factor_totp_key/")
def totp_generate(req: EmRequest) -> dict:
    return {"totp_seed": req.world.auth.generate_totp_seed(req.viewer_pk)}


@route("POST", "accounts/enable_totp_two_factor/")
def totp_enable(req: EmRequest) -> dict:
    return {"backup_codes": req.world.auth.enable_totp(req.viewer_pk, req.field("verification_code"))}


@route("POST", "accounts/disable_totp_two_factor/")
def totp_disable(req: EmRequest) -> dict:
    req.world.auth.disable_totp(req.viewer_pk)
    return {}


@route("POST", "qe/expose/")
def expose(req: EmRequest) -> dict:
    return {}


@route("POST", "feed/reels_tray/")
def reels_tray(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk
    tray = []
    for pk in [viewer, *world.social.following(viewer, None, 10_000)[0]]:
        owner = world.users.get(pk)
        stories = world.stories.of(pk)
        if not stories or world.social.is_muted(viewer, pk, "stories"):
            continue
        tray.append(
            {
                "id": int(pk),
                "strong_id__": pk,
                "latest_reel_media": stories[-1].taken_at,
                "seen": max((s.taken_at for s in stories if viewer in s.viewers), default=0),
                "media_count": len(stories),
                "reel_type": "user_reel",
                "user": builders.user_short(owner),
            }
        )
    return {"tray": tray, "broadcasts": [], "has_new_nux_story": False}


@route("POST", "feed/timeline/")
def timeline(req: EmRequest) -> dict:
    world, viewer = req.world, req.viewer_pk
    authors = set(world.social.following(viewer, None, 10_000)[0]) | {viewer}
    medias = world.media.newest(lambda m: m.owner_pk in authors)
    # The timeline is computed on the fly; its cursor is the pk of the last item shown.
    items, next_max_id = page_after(medias, req.field("max_id"), 12, key=lambda m: m.pk)
    if not req.field("max_id"):
        world.account.saw_timeline(viewer, items)
    return {
        "feed_items": [{"media_or_ad": builders.media_v1(world, m, viewer)} for m in items],
        "num_results": len(items),
        "more_available": next_max_id is not None,
        "next_max_id": next_max_id,
        "is_direct_v2_enabled": True,
    }


@route("GET", "/accounts/login/", host=WWW, auth=False)
def web_login_page(req: EmRequest) -> Answer:
    # Where www sends logged-out browsers; aiograpi sees HTML at a /login/ URL → ClientLoginRequired.
    return Answer("<!DOCTYPE html><html><body>Login • Instagram</body></html>", media_type="text/html")
