"""Every error answer in Instagram's own shape, in one place.

The world and the handlers raise `UpstreamError`; the app serializes it. Each helper names the
aiograpi exception its answer produces (aiograpi/mixins/private.py `_send_private_request`), so a
test can tell what a client will see.
"""

from __future__ import annotations

from typing import Any

LOGIN_PAGE = "https://www.instagram.com/accounts/login/"


class UpstreamError(Exception):
    """An Instagram answer that is not a success: a status, a JSON (or text) body, extra headers."""

    def __init__(
        self, status: int, body: dict[str, Any] | str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def fail(status: int, message: str, **extra: Any) -> UpstreamError:
    return UpstreamError(status, {"message": message, "status": "fail", **extra})


def login_required() -> UpstreamError:
    """403 → LoginRequired."""
    return fail(403, "login_required", error_title="You've been logged out.", logout_reason=2)


def login_redirect(path: str) -> UpstreamError:
    """www pages send a logged-out browser to the login page → ClientLoginRequired."""
    return UpstreamError(302, "", {"location": f"{LOGIN_PAGE}?next={path}"})


def bad_password() -> UpstreamError:
    """400 → BadPassword."""
    return fail(
        400,
        "The password you entered is incorrect. Please try again.",
        error_type="bad_password",
        invalid_credentials=True,
        error_title="Incorrect password",
    )


def invalid_user(username: str) -> UpstreamError:
    """Unknown username at login. aiograpi raises ProxyAddressIsBlocked for this message."""
    return fail(
        400,
        "The username you entered doesn't appear to belong to an account. "
        "Please check your username and try again.",
        error_type="invalid_user",
        invalid_credentials=True,
        error_title="Incorrect Username",
        username=username,
    )


def two_factor_required(info: dict[str, Any]) -> UpstreamError:
    """400 with `two_factor_info` → TwoFactorRequired."""
    return fail(400, "", two_factor_required=True, two_factor_info=info, error_type="two_factor_required")


def invalid_two_factor_code() -> UpstreamError:
    """Wrong SMS/TOTP code → UnknownError (aiograpi has no narrower class)."""
    return fail(
        400,
        "The security code you entered is not valid. Please check the code and try again.",
        error_type="sms_code_validation_code_invalid",
    )


def two_factor_expired() -> UpstreamError:
    return fail(400, "This code is no longer valid. Please request a new one.", error_type="invalid_nonce")


def challenge_required(user_pk: str, nonce: str) -> UpstreamError:
    """400 → ChallengeRequired (re-sent once unless the client resolves challenges)."""
    api_path = f"/challenge/{user_pk}/{nonce}/"
    return fail(
        400,
        "challenge_required",
        challenge={
            "url": f"https://i.instagram.com{api_path}",
            "api_path": api_path,
            "hide_webview_header": True,
            "lock": True,
            "logout": False,
            "native_flow": True,
            "flow_render_type": 0,
        },
        error_type="checkpoint_challenge_required",
    )


def invalid_security_code() -> UpstreamError:
    """Wrong challenge code → UnknownError."""
    return fail(400, "Please check the code we sent you and try again.", error_type="invalid_security_code")


def user_not_found() -> UpstreamError:
    """404 → ClientNotFoundError; aiograpi's user_info_v1 / usernameinfo turn it into UserNotFound."""
    return fail(404, "User not found", error_type="user_not_found")


def not_authorized(username: str = "") -> UpstreamError:
    """400 → PrivateAccount."""
    return fail(400, "Not authorized to view user", username=username)


def invalid_target_user() -> UpstreamError:
    """400 → InvalidTargetUser."""
    return fail(400, "Invalid target user")


def media_not_found() -> UpstreamError:
    """404 → ClientNotFoundError; media_info_v1 turns it into MediaNotFound."""
    return fail(404, "Media not found or unavailable")


def invalid_media_id(media_id: str) -> UpstreamError:
    """400 → InvalidMediaId."""
    return fail(400, f"Invalid media_id {media_id}")


def comment_not_found() -> UpstreamError:
    """400 → CommentUnavailable."""
    return fail(400, "This comment is unavailable.")


def bad_request(message: str) -> UpstreamError:
    """400 with a message → UnknownError."""
    return fail(400, message)


# Fields that pick one query behind a shared GraphQL URL: a 501 names them too.
QUERY_SELECTORS = ("doc_id", "query_hash")


def not_implemented(method: str, host: str, path: str, fields: dict[str, Any]) -> UpstreamError:
    selector = {name: str(fields[name]) for name in QUERY_SELECTORS if fields.get(name)}
    which = "".join(f" [{name}={value}]" for name, value in selector.items())
    return UpstreamError(
        501,
        {
            "message": f"emulator: {method} {host}{path}{which} is not emulated",
            "status": "fail",
            "error_type": "not_emulated",
            "method": method,
            "host": host,
            "path": path,
            **selector,
        },
    )


# Fault presets: the answer Instagram gives for each named condition, and what aiograpi raises.
PRESETS: dict[str, tuple[int, dict[str, Any]]] = {
    # LoginRequired
    "login_required": (403, login_required().body),  # type: ignore[dict-item]
    # ChallengeRequired
    "challenge_required": (400, challenge_required("0", "fault").body),  # type: ignore[dict-item]
    # CheckpointRequired
    "checkpoint_required": (
        400,
        {
            "message": "checkpoint_required",
            "checkpoint_url": "https://i.instagram.com/challenge/",
            "lock": False,
            "status": "fail",
        },
    ),
    # FeedbackRequired
    "feedback_required": (
        400,
        {
            "message": "feedback_required",
            "feedback_title": "Try Again Later",
            "feedback_message": "We restrict certain activity to protect our community.",
            "spam": True,
            "status": "fail",
        },
    ),
    # PleaseWaitFewMinutes
    "please_wait": (400, {"message": "Please wait a few minutes before you try again.", "status": "fail"}),
    # ClientThrottledError
    "rate_limited": (429, {"message": "rate_limited", "status": "fail"}),
    # ClientUnknownError
    "server_error": (500, {"message": "server_error", "status": "fail"}),
    # ClientNotFoundError (UserNotFound / MediaNotFound where aiograpi narrows it)
    "not_found": (404, {"message": "Not found", "status": "fail"}),
    # ClientStatusFail on a configure call: aiograpi's upload loops try again (the gateway with back-off)
    "transcode_not_finished": (202, {"message": "Transcode not finished yet.", "status": "fail"}),
}
