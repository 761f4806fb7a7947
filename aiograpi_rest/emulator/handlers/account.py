"""The logged-in account: profile, links, privacy, password, picture, security, e-mail and phone
confirmations, the account family, and the logged-out password reset on www."""

from __future__ import annotations

import json
from typing import Any

from aiograpi_rest.emulator import builders, crypto, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import WWW, route
from aiograpi_rest.emulator.world.users import User

PROFILE_FIELDS = ("username", "first_name", "biography", "external_url", "email", "phone_number")


def _me(req: EmRequest) -> User:
    return req.world.users.get(req.viewer_pk)


def _user_answer(req: EmRequest) -> dict:
    """Link changes answer with the profile, whose `bio_links` carry the ids to remove them by."""
    return {"user": builders.user_v1(req.world, _me(req))}


def _masked_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def _valid_email(email: str) -> str:
    name, at, domain = email.strip().partition("@")
    if not (name and at and "." in domain):
        raise errors.fail(400, "Please enter a valid email address.", error_type="invalid_email")
    return email.strip()


@route("GET", "accounts/current_user/")
def current_user(req: EmRequest) -> dict:
    return {"user": builders.account(_me(req))}


@route("POST", "accounts/edit_profile/")
def edit_profile(req: EmRequest) -> dict:
    # aiograpi sends null for an empty external_url it read back from current_user.
    fields = {name: str(req.form[name] or "") for name in PROFILE_FIELDS if name in req.form}
    user = _me(req)
    req.world.account.edit_profile(user, fields)
    return {"user": builders.account(user)}


@route("POST", "accounts/set_biography/")
def set_biography(req: EmRequest) -> dict:
    user = _me(req)
    req.world.account.set_biography(user, req.field("raw_text"))
    return {"user": builders.account(user)}


@route("POST", "accounts/set_private/")
def set_private(req: EmRequest) -> dict:
    req.world.account.set_private(_me(req), True)
    return {"user": builders.account(_me(req))}


@route("POST", "accounts/set_public/")
def set_public(req: EmRequest) -> dict:
    req.world.account.set_private(_me(req), False)
    return {"user": builders.account(_me(req))}


def _json_list(value: Any, name: str) -> list:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, list):
        raise errors.bad_request(f"{name} must be a JSON list")
    return value


@route("POST", "accounts/update_bio_links/")
def update_bio_links(req: EmRequest) -> dict:
    links = _json_list(req.form.get("updated_links"), "updated_links")
    urls = [str(link.get("url") or "") for link in links if isinstance(link, dict)]
    _me(req).set_external_url(urls[0] if urls else "")
    return _user_answer(req)


@route("POST", "accounts/remove_bio_links/")
def remove_bio_links(req: EmRequest) -> dict:
    link_ids = [str(i) for i in _json_list(req.form.get("link_ids"), "link_ids")]
    _me(req).remove_bio_links(link_ids)
    return _user_answer(req)


@route("POST", "accounts/change_password/")
def change_password(req: EmRequest) -> dict:
    new1 = crypto.decrypt_password(req.field("enc_new_password1"))
    if new1 != crypto.decrypt_password(req.field("enc_new_password2")):
        raise errors.fail(400, "Please make sure both passwords match.", error_type="password_mismatch")
    req.world.account.change_password(_me(req), crypto.decrypt_password(req.field("enc_old_password")), new1)
    return {}


@route("POST", "accounts/change_profile_picture/")
def change_profile_picture(req: EmRequest) -> dict:
    upload = req.world.uploads.take(req.field("upload_id"), req.viewer_pk)
    user = _me(req)
    req.world.account.change_picture(user, upload.upload_id)
    return {"user": builders.user_short(user)}


@route("POST", "accounts/account_security_info/")
def account_security_info(req: EmRequest) -> dict:
    user = _me(req)
    devices = [d for pk, d in req.world.auth.trusted_devices if pk == user.pk]
    return {
        "is_phone_confirmed": bool(user.phone_number),
        "is_two_factor_enabled": bool(user.sms_two_factor_code),
        "is_totp_two_factor_enabled": bool(user.totp_seed),
        "is_trusted_notifications_enabled": False,
        "is_eligible_for_whatsapp_two_factor": bool(user.phone_number),
        "is_whatsapp_two_factor_enabled": False,
        "backup_codes": [],
        "trusted_devices": [{"device_id": d, "device_name": "Android"} for d in devices],
        "has_reachable_email": bool(user.email),
        "eligible_for_trusted_notifications": True,
        "is_eligible_for_multiple_totp": False,
        "totp_seeds": [],
        "can_add_additional_totp_seed": False,
    }


@route("POST", "accounts/send_confirm_email/")
def send_confirm_email(req: EmRequest) -> dict:
    email = _valid_email(req.field("email"))
    other = next((u for u in req.world.users if u.email.lower() == email.lower()), None)
    if other is not None and other.pk != req.viewer_pk:
        raise errors.fail(400, "This email is being used by another account.", error_type="email_is_taken")
    req.world.account.send_code("email_confirmation", _me(req), email)
    return {
        "title": "Enter the confirmation code",
        "body": f"We sent a confirmation code to {_masked_email(email)}.",
        "is_email_legit": True,
    }


@route("POST", "accounts/verify_email_code/")
def verify_email_code(req: EmRequest) -> dict:
    email = _valid_email(req.field("email"))
    req.world.account.confirm_email(_me(req), email, req.field("code").strip())
    return {"email": email, "is_email_confirmed": True}


@route("POST", "accounts/initiate_phone_number_confirmation/")
def initiate_phone_number_confirmation(req: EmRequest) -> dict:
    phone = req.field("phone_number").strip()
    digits = phone.lstrip("+").replace(" ", "").replace("-", "")
    if not digits.isdigit() or not 7 <= len(digits) <= 15:
        raise errors.fail(400, "Please enter a valid phone number.", error_type="invalid_phone_number")
    normalized = "+" + digits
    req.world.account.send_code("phone_confirmation", _me(req), normalized)
    return {
        "phone_verification_settings": {
            "max_sms_count": 2,
            "resend_sms_delay_sec": 60,
            "robocall_count_down_time_sec": 30,
            "robocall_after_max_sms": True,
        },
        "normalized_phone_number": normalized,
    }


@route("GET", "multiple_accounts/get_account_family/")
def account_family(req: EmRequest) -> dict:
    return {"child_accounts": [], "main_accounts": [], "current_account": builders.user_short(_me(req))}


@route("POST", "/accounts/account_recovery_send_ajax/", host=WWW, auth=False)
def account_recovery(req: EmRequest) -> dict:
    reset = req.world.account.request_password_reset(req.field("email_or_username"))
    user = req.world.users.get(reset.user_pk)
    if reset.sent_to == "email":
        body = f"We sent an email to {_masked_email(user.email)} with a link to get back into your account."
        title = "Email Sent"
    else:
        body = f"We sent an SMS to {user.phone_number[:2]}*** ***{user.phone_number[-2:]} with a link."
        title = "SMS Sent"
    return {"title": title, "body": body, "toastMessage": body, "contact_point": reset.sent_to}
