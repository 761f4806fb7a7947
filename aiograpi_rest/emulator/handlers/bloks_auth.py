"""The Bloks login screens aiograpi drives: the CAA password login, two-step verification
(entrypoint, method picker, chosen method, backup-code screen, code check) and the challenge
screen that sets a new password. Each Bloks request carries its arguments as JSON in `params`:
`client_input_params` (what the user typed) and `server_params` (the flow's state)."""

from __future__ import annotations

from typing import Any

from aiograpi_rest.emulator import crypto
from aiograpi_rest.emulator.builders import bloks
from aiograpi_rest.emulator.handlers.auth import logged_in_parts
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.auth import Session

APPS = "bloks/apps/com.bloks.www."
ACTIONS = "bloks/async_action/com.bloks.www."


def _params(req: EmRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    params = req.json_field("params")
    return params.get("client_input_params") or {}, params.get("server_params") or {}


def _context(req: EmRequest) -> str:
    return str(_params(req)[1].get("two_step_verification_context") or "")


def _finished(req: EmRequest, session: Session) -> dict:
    return bloks.login_finished(*logged_in_parts(req, session))


@route("POST", ACTIONS + "bloks.caa.login.async.send_login_request/", auth=False)
def caa_login(req: EmRequest) -> dict:
    typed, _ = _params(req)
    password = crypto.decrypt_password(str(typed.get("password") or ""))
    device = req.field("_uuid")
    result = req.world.auth.caa_login(str(typed.get("contact_point") or ""), password, device)
    if isinstance(result, Session):
        return _finished(req, result)
    user = req.world.users.get(result.user_pk)
    methods = {
        "sms_two_factor_on": bool(user.sms_two_factor_code),
        "totp_two_factor_on": bool(user.totp_seed),
    }
    return bloks.two_step_redirect(result.context, methods)


@route("POST", APPS + "two_step_verification.entrypoint/", auth=False)
def two_step_entrypoint(req: EmRequest) -> dict:
    step = req.world.auth.two_step_at(_context(req))
    user = req.world.users.get(step.user_pk)
    return bloks.screen("two_step_verification.entrypoint", {"username": user.username})


@route("POST", APPS + "two_step_verification.method_picker/", auth=False)
def two_step_method_picker(req: EmRequest) -> dict:
    step = req.world.auth.two_step_at(_context(req))
    methods = req.world.auth.two_step_methods(req.world.users.get(step.user_pk))
    return bloks.screen("two_step_verification.method_picker", {"methods": methods})


@route("POST", ACTIONS + "two_step_verification.method_picker.navigation.async/", auth=False)
def two_step_choose_method(req: EmRequest) -> dict:
    typed, _ = _params(req)
    step = req.world.auth.choose_two_step_method(_context(req), str(typed.get("selected_method") or ""))
    return bloks.screen(f"two_step_verification.{step.method}")


@route("POST", APPS + "two_factor_login.enter_backup_code/", auth=False)
def two_step_backup_code_screen(req: EmRequest) -> dict:
    req.world.auth.two_step_at(_context(req))
    return bloks.screen("two_factor_login.enter_backup_code", {"code_length": 8})


@route("POST", ACTIONS + "two_step_verification.verify_code.async/", auth=False)
def two_step_verify_code(req: EmRequest) -> dict:
    typed, server = _params(req)
    session = req.world.auth.verify_two_step(
        _context(req), str(typed.get("code") or ""), str(server.get("challenge") or "")
    )
    return _finished(req, session)


@route("POST", "bloks/apps/" + bloks.TAKE_CHALLENGE + "/", auth=False)
def take_challenge(req: EmRequest) -> dict:
    context = req.json_field("challenge_context")
    req.world.auth.change_password_by_challenge(
        str(context.get("nonce_code") or ""),
        str(context.get("user_id") or ""),
        crypto.decrypt_password(req.field("enc_new_password1")),
        crypto.decrypt_password(req.field("enc_new_password2")),
    )
    return bloks.screen("challenge.password_changed", action="(bk.action.caa.challenge.Close)")
