"""Bloks answers: a screen (`layout.bloks_payload`) whose `action` is a small program the app
runs. aiograpi reads two things out of those programs: the `two_step_verification_context` of a
redirect to the two-step entrypoint (`bloks_extract_two_step_verification_context`) and the
embedded login answer of a finished login (`bloks_extract_login_response`)."""

from __future__ import annotations

import json

from aiograpi_rest.emulator.builders.common import Json

TWO_STEP_ENTRYPOINT = "com.bloks.www.two_step_verification.entrypoint"


def screen(name: str, data: Json | None = None, action: str = "") -> Json:
    """An app screen: its tree (what the app draws) and the action it runs on open."""
    return {
        "layout": {"bloks_payload": {"tree": {"screen": name, "data": data or {}}, "action": action}},
        "status": "ok",
    }


def two_step_redirect(context: str, methods: Json) -> Json:
    """CAA login of a two-factor account: open the two-step entrypoint with this context
    (the key list, then the `(dkc …)` value list, as the app's programs write maps). The
    screen's data says which methods are on (`sms_two_factor_on`, `totp_two_factor_on`)."""
    action = (
        f'(bk.action.bloks.OpenScreen, "{TWO_STEP_ENTRYPOINT}", (bk.action.map.Make, '
        f'(dkc "two_step_verification_context", "flow_source"), '
        f'(dkc {json.dumps(context)}, "two_factor_login")))'
    )
    return screen("caa.login", methods, action=action)


def login_finished(login_response: Json, headers: dict[str, str], cookies: dict[str, str]) -> Json:
    """A finished login: the logged-in answer, its headers and cookies, JSON inside a string
    argument of `bk.action.caa.HandleLoginResponse`."""
    payload = json.dumps(
        {
            "login_response": json.dumps(login_response),
            "headers": json.dumps(headers),
            "cookies": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        }
    )
    return screen("caa.login.success", action=f"(bk.action.caa.HandleLoginResponse, {json.dumps(payload)})")


TAKE_CHALLENGE = "com.instagram.challenge.navigation.take_challenge"


def change_password_step(nonce: str, user_pk: str) -> Json:
    """A challenge step that wants a new password, set through the take_challenge Bloks app; its
    `challenge_context` comes back with the new password and names the challenge."""
    context = {
        "step_name": "change_password",
        "nonce_code": nonce,
        "user_id": int(user_pk),
        "is_stateless": False,
        "challenge_type_enum": "PASSWORD_RESET",
    }
    return {
        "step_name": "change_password",
        "step_data": {"new_password1": "None", "new_password2": "None"},
        "flow_render_type": 3,
        "bloks_action": TAKE_CHALLENGE,
        "challenge_context": json.dumps(context),
        "challenge_type_enum_str": "PASSWORD_RESET",
        "nonce_code": nonce,
        "user_id": int(user_pk),
    }
