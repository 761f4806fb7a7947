"""One table from every failure to an HTTP answer, and the handlers that apply it.

Every error body is `{"detail", "exc_type", "hint", "request_id"}` (plus `session_id` where a
half-done login can be finished). The caller's fault is a 4xx, Instagram's or the network's a
502/504, ours a 500 with a generic detail and the traceback in the log.

A 422's `detail` is the list every FastAPI service answers, `[{"type", "loc", "msg", "input"}]`, so
clients written for the reference keep reading `detail[0]["loc"]`; whether the gateway's own rules
refused the value or FastAPI's, the body is the same.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, NamedTuple

import httpx
from aiograpi import exceptions as igx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from aiograpi_rest.boundary import PATTERN_MEANING
from aiograpi_rest.responses import FastJSONResponse

log = logging.getLogger("aiograpi_rest.errors")

RETRY_AFTER_SECONDS = 60

LOGIN_AGAIN = "Log in again with POST /auth/login (or PATCH /auth/relogin) to get a fresh session."
THROTTLED = "Instagram is throttling this account: wait a few minutes before retrying, and slow down."
CHALLENGE = (
    "Instagram wants a challenge solved: resolve it with POST /auth/challenge/resolve "
    "(or in the Instagram app), then retry."
)
UPSTREAM = "Instagram answered with an error; retrying later may help."
NOT_FOUND = "Check the id, code or name: Instagram has no such object (or hides it from this account)."
BAD_INPUT = "Instagram rejected the request's values: check the parameters."
NEW_SESSION = "Log in again with POST /auth/login to get a new session id."
TIMEOUT_HINT = "Instagram did not answer in time; retry later (AIOGRAPI_REST_UPSTREAM_TIMEOUT sets the wait)."


class ErrorBody(BaseModel):
    """The body of every error answer."""

    detail: str
    exc_type: str
    hint: str | None = None
    request_id: str


class FieldError(BaseModel):
    """One refused value, as FastAPI reports it."""

    type: str
    loc: list[str | int]
    msg: str
    input: Any = None


class ValidationErrorBody(BaseModel):
    """The body of a 422: FastAPI's list of refused values, and the gateway's fields beside it."""

    detail: list[FieldError]
    exc_type: str
    hint: str | None = None
    request_id: str


# Values never echoed back in a 422: a refused password or cookie must not travel further.
SECRET_FIELDS = frozenset(
    {"password", "sessionid", "settings", "proxy", "verification_code", "security_code", "code", "token"}
)


class ApiError(Exception):
    """An error raised by the gateway itself (not by aiograpi), already carrying its answer."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        exc_type: str = "HTTPException",
        hint: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        fields: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.exc_type = exc_type
        self.hint = hint
        self.extra = extra or {}
        self.headers = headers or {}
        self.fields = fields or []


def session_gone() -> ApiError:
    """The 401 for a session token that names no live session (unknown, revoked, expired)."""
    return ApiError(401, "Session not found or revoked", exc_type="SessionNotFound", hint=NEW_SESSION)


def invalid(
    field: str, message: str, value: Any = None, *, kind: str = "value_error", at: int | None = None
) -> ApiError:
    """A 422 naming the field the caller got wrong (and the value, unless it is a secret); `at`:
    which value of a repeated field (its index, after the field in `loc`)."""
    if at is None:
        return invalid_fields([field], message, value, kind=kind, hint=_hint(field, message))
    error = invalid_fields([field], message, value, kind=kind, hint=_hint(field, f"item {at}: {message}"))
    error.fields[0]["loc"].append(at)
    return error


def invalid_fields(
    names: list[str], message: str, value: Any = None, *, kind: str = "value_error", hint: str | None = None
) -> ApiError:
    """A 422 naming several fields at once (one of several alternatives, say)."""
    return ApiError(
        422,
        f"{', '.join(names)}: {message}",
        exc_type="ValidationError",
        hint=hint or _hint(names[0], message),
        fields=[{"type": kind, "loc": [name], "msg": message, "input": value} for name in names],
    )


def _hint(field: str, message: str) -> str:
    return f"Fix the '{field}' field: {message.rstrip('.')}."


# Every exception class of aiograpi.exceptions, in its source order, with status and hint.
# tests/test_errors.py fails when aiograpi gains a class that is not listed here.
EXCEPTION_MAP: dict[str, tuple[int, str | None]] = {
    "ClientError": (502, UPSTREAM),
    "ClientUnknownError": (502, UPSTREAM),
    "WrongCursorError": (400, "The cursor is not valid for this list: start again without it."),
    "ClientStatusFail": (502, UPSTREAM),
    "ClientErrorWithTitle": (502, UPSTREAM),
    "ResetPasswordError": (400, "Instagram refused the password reset for this account."),
    "GenericRequestError": (502, UPSTREAM),
    "ClientGraphqlError": (502, UPSTREAM),
    "ClientJSONDecodeError": (502, "Instagram answered with something that is not JSON."),
    "ClientConnectionError": (502, "Instagram could not be reached; check the network or proxy."),
    "ClientBadRequestError": (400, BAD_INPUT),
    "ClientUnauthorizedError": (401, LOGIN_AGAIN),
    "ClientForbiddenError": (403, "Instagram refused this action for this account."),
    "ClientNotFoundError": (404, NOT_FOUND),
    "ClientThrottledError": (429, THROTTLED),
    "ClientRequestTimeout": (504, TIMEOUT_HINT),
    "ClientIncompleteReadError": (502, UPSTREAM),
    "ClientLoginRequired": (401, LOGIN_AGAIN),
    "ReloginAttemptExceeded": (401, LOGIN_AGAIN),
    "PrivateError": (502, UPSTREAM),
    "NotFoundError": (404, NOT_FOUND),
    "FeedbackRequired": (429, THROTTLED),
    "SignupSpamError": (429, THROTTLED),
    "ChallengeError": (403, CHALLENGE),
    "ChallengeRedirection": (403, CHALLENGE),
    "ChallengeRequired": (403, CHALLENGE),
    "ChallengeSelfieCaptcha": (403, "Instagram wants a selfie check: finish it in the Instagram app."),
    "ChallengeUnknownStep": (403, "Instagram asked for a challenge step the API cannot answer: use the app."),
    "SelectContactPointRecoveryForm": (403, CHALLENGE),
    "RecaptchaChallengeForm": (403, "Instagram wants a captcha solved: finish it in the Instagram app."),
    "SubmitPhoneNumberForm": (403, "Instagram wants a phone number confirmed: finish it in the app."),
    "LegacyForceSetNewPasswordForm": (403, "Instagram wants a new password set: do it in the app."),
    "LoginRequired": (
        401,
        "Instagram logged this session out: log in again with POST /auth/login. PATCH /auth/relogin (and"
        " the gateway's own healing) works only for sessions logged in with remember_password=true.",
    ),
    "SentryBlock": (403, "Instagram blocked this account or network for suspicious activity."),
    "RateLimitError": (429, THROTTLED),
    "ProxyAddressIsBlocked": (403, "Instagram blocked the proxy's address: use another proxy."),
    "BadPassword": (
        401,
        "The password is wrong: check it and log in again. Instagram says the same to the right "
        "password of an account it moved to its newer login: with two-factor on, add verification_code.",
    ),
    "BadCredentials": (401, "The username or password is wrong: check both."),
    "PleaseWaitFewMinutes": (429, THROTTLED),
    "UnknownError": (502, UPSTREAM),
    "TrackNotFound": (404, NOT_FOUND),
    "MediaError": (502, UPSTREAM),
    "MediaNotFound": (404, NOT_FOUND),
    "StoryNotFound": (404, NOT_FOUND),
    "UserError": (502, UPSTREAM),
    "UserNotFound": (404, "Check the user id or username: Instagram has no such user."),
    "CollectionError": (502, UPSTREAM),
    "CollectionNotFound": (404, "Check the collection's pk or name: GET /account/collections lists them."),
    "DirectError": (502, UPSTREAM),
    "DirectThreadNotFound": (404, NOT_FOUND),
    "DirectMessageNotFound": (404, NOT_FOUND),
    "VideoTooLongException": (422, "The video is longer than Instagram allows for this kind of post."),
    "VideoNotDownload": (502, UPSTREAM),
    "VideoNotUpload": (502, UPSTREAM),
    "VideoConfigureError": (502, UPSTREAM),
    "VideoConfigureStoryError": (502, UPSTREAM),
    "PhotoNotUpload": (502, UPSTREAM),
    "PhotoConfigureError": (502, UPSTREAM),
    "PhotoConfigureStoryError": (502, UPSTREAM),
    "IGTVNotUpload": (502, UPSTREAM),
    "IGTVConfigureError": (502, UPSTREAM),
    "ClipNotUpload": (502, UPSTREAM),
    "ClipConfigureError": (502, UPSTREAM),
    "AlbumNotDownload": (502, UPSTREAM),
    "AlbumUnknownFormat": (422, "An album takes only .jpg/.jpeg/.png/.webp photos and .mp4 videos."),
    "AlbumConfigureError": (502, UPSTREAM),
    "HashtagError": (502, UPSTREAM),
    "HashtagNotFound": (404, NOT_FOUND),
    "HashtagPageWarning": (403, "Instagram restricts this hashtag's page."),
    "LocationError": (502, UPSTREAM),
    "LocationNotFound": (404, NOT_FOUND),
    "TwoFactorRequired": (
        401,
        "Two-factor authentication is on: repeat the same call with verification_code "
        "(the SMS code, or a TOTP code from GET /auth/totp/code).",
    ),
    "HighlightNotFound": (404, NOT_FOUND),
    "InvalidNonce": (401, LOGIN_AGAIN),
    "NoteNotFound": (404, NOT_FOUND),
    "ConsentRequired": (403, "Instagram wants the account's owner to accept its terms in the app."),
    "GeoBlockRequired": (451, "Instagram blocks this content in the account's region."),
    "CheckpointRequired": (403, CHALLENGE),
    "PrivateAccount": (403, "This account is private and this session does not follow it."),
    # A well-formed id that cannot be the target (yourself, most often): a conflict, not bad input.
    "InvalidTargetUser": (
        409,
        "Instagram refused that user as a target of this action (it may be this account).",
    ),
    "InvalidMediaId": (422, "Check the media id: it should look like <media_pk>_<user_pk>."),
    "MediaUnavailable": (404, "The media was deleted or is not available to this account."),
    "CommentUnavailable": (404, "The comment was deleted or is not available."),
    "CommentNotFound": (404, NOT_FOUND),
    "CommentsDisabled": (403, "Comments are turned off for this media."),
    "ShareDecodeError": (422, "The share code or URL could not be decoded."),
    "AccountSuspended": (403, "Instagram suspended this account."),
    "TermsUnblock": (403, "Instagram wants the account's owner to accept its terms in the app."),
    "TermsAccept": (403, "Instagram wants the account's owner to accept its terms in the app."),
    "AboutUsError": (502, UPSTREAM),
    "RelatedProfileRequired": (422, "Instagram needs a related profile for this action."),
    "IsRegulatedC18Error": (403, "Instagram restricts this content for this account's age or region."),
    "ProxyError": (502, "The proxy failed: check its address and that it is up."),
    # aiograpi raises this for any failed connection, with or without a proxy.
    "ConnectProxyError": (
        502,
        "Instagram, or the session's proxy if it has one, could not be reached: check the network and the proxy.",
    ),
    "AuthRequiredProxyError": (502, "The proxy asked for credentials: put them in the proxy URL."),
    "UnsupportedError": (422, "aiograpi does not support this value."),
    "UnsupportedSettingValue": (422, "aiograpi does not support this setting's value."),
    "PreLoginRequired": (401, LOGIN_AGAIN),
    "ValidationError": (422, "aiograpi rejected a value: check the parameters."),
    "EmailInvalidError": (422, "The e-mail address is not valid."),
    "EmailNotAvailableError": (409, "That e-mail address is already used by another account."),
    "EmailVerificationSendError": (502, UPSTREAM),
    "AgeEligibilityError": (403, "Instagram refused the account's age."),
    "CaptchaChallengeRequired": (403, "Instagram wants a captcha solved: finish it in the Instagram app."),
}

# aiograpi raises generic classes for some answers whose `error_type` or message says exactly
# what happened: an unknown username comes back as ProxyAddressIsBlocked ("Instagram has blocked
# your IP address"), a wrong two-factor code as UnknownError.
UNKNOWN_USERNAME_HINT = "Check the username: Instagram does not know it."
WRONG_CODE_HINT = "The verification code is wrong or expired: try a new one."
ERROR_TYPE_MAP: dict[str, tuple[int, str]] = {
    "invalid_user": (401, UNKNOWN_USERNAME_HINT),
    "sms_code_validation_code_invalid": (401, WRONG_CODE_HINT),
    "invalid_verification_code": (401, WRONG_CODE_HINT),
    "username_is_taken": (409, "That username belongs to another account: choose another."),
    "email_is_taken": (409, "That e-mail address belongs to another account."),
}
# aiograpi rewrites the message of some answers into a wrong diagnosis: an unknown username
# reads "Instagram has blocked your IP address".
ERROR_TYPE_DETAIL: dict[str, str] = {
    "invalid_user": "The username you entered doesn't appear to belong to an account.",
}
NEW_PASSWORD_HINT = "Instagram refused the new password: at least 6 characters, not the current one."
WRONG_CURSOR_HINT = (
    "The cursor is not one this list gave: start again without it, then pass next_cursor back."
)


class Said(NamedTuple):
    """An answer recognised by what Instagram's message says: its status, its hint, and for a
    422 the fields it is about (the first of them the request has goes into `loc`)."""

    fragment: str
    status: int
    hint: str
    fields: tuple[str, ...] = ()


CURSOR_FIELDS = ("cursor", "max_id", "min_id")
MESSAGE_MAP: list[Said] = [
    Said("The username you entered", 401, UNKNOWN_USERNAME_HINT),
    Said("Invalid max_id", 422, WRONG_CURSOR_HINT, CURSOR_FIELDS),
    Said("Invalid cursor", 422, WRONG_CURSOR_HINT, CURSOR_FIELDS),
    Said(
        "Only reels can be pinned",
        422,
        "Only reels pin to the reels tab: GET /media tells a post's product_type.",
        ("media_pk",),
    ),
    Said(
        "Please enter a valid phone number",
        422,
        "Instagram does not take that number: give it with its country code.",
        ("phone_number",),
    ),
    Said("You can pin up to", 409, "Three posts are pinned already: unpin one first (DELETE /media/pin)."),
    Said(
        "is not a reel",
        422,
        "Only reels have a template: GET /media tells a post's product_type.",
        ("media_id", "media_pk"),
    ),
    Said(
        "Generate a TOTP key first",
        409,
        "Two-factor by TOTP is not set up yet: GET /auth/totp/seed first, then POST /auth/totp with a code for it.",
    ),
    Said("make sure both passwords match", 422, NEW_PASSWORD_HINT, ("new_password",)),
    Said("password at least 6 characters", 422, NEW_PASSWORD_HINT, ("new_password",)),
    Said("new password you haven't used before", 422, NEW_PASSWORD_HINT, ("new_password",)),
    Said("security code you entered is not valid", 401, WRONG_CODE_HINT),
    Said("Please check the code we sent you", 401, WRONG_CODE_HINT),
    Said(
        "is not in this highlight",
        422,
        "Name stories the highlight holds: GET /highlight lists them.",
        ("removed_media_ids", "story_ids"),
    ),
    Said(
        "is none of the highlight's stories",
        422,
        "A highlight's cover is one of its stories (or an uploaded cover_picture).",
        ("cover",),
    ),
    Said(
        "A highlight keeps at least one story",
        409,
        "A highlight cannot be left empty: delete it instead (DELETE /highlight).",
    ),
    Said(
        "Account is not business account", 403, "Insights need a professional (business or creator) account."
    ),
    Said("Track not found", 404, "Instagram has no such track: take one from the music routes' answers."),
    Said(
        "Invalid music note parameters",
        422,
        "The track's `audio_cluster_id` is not that track's: pass the track as the music browser gave it.",
        ("track",),
    ),
    Said(
        "Only a group can have a title",
        409,
        "A one-to-one thread has no title: create a group (POST /direct/thread) to name it.",
    ),
    Said(
        "This thread is not a request",
        409,
        "Only a message request can be approved: GET /direct/pending lists them.",
    ),
]

# The fields aiograpi's own 422 classes are about, for FastAPI's list body.
FIELDS_OF: dict[str, tuple[str, ...]] = {
    "RelatedProfileRequired": ("user_id",),
    "InvalidMediaId": ("media_id", "media_pk", "media_ids"),
    "VideoTooLongException": ("file", "url"),
    "AlbumUnknownFormat": ("files", "urls"),
    "ShareDecodeError": ("code", "url"),
    "EmailInvalidError": ("email",),
}


def _fields_of(exc: BaseException, exc_type: str) -> tuple[str, ...]:
    if exc_type in FIELDS_OF:
        return FIELDS_OF[exc_type]
    text = str(exc)
    return next((said.fields for said in MESSAGE_MAP if said.fields and said.fragment in text), ("request",))


def upstream_timeout(exc: BaseException) -> httpx.TimeoutException | None:
    """The httpx timeout behind an aiograpi error, if that is what it is.

    aiograpi turns a read timeout into ClientUnknownError (private calls) or ClientError (public
    ones), raised while handling the timeout: only the exception chain still says what happened.
    """
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None or isinstance(seen, httpx.TimeoutException):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def describe(exc: BaseException) -> tuple[int, str, str | None]:
    """(status, exc_type, hint) for any exception, using the nearest mapped class."""
    if isinstance(exc, ApiError):
        return exc.status, exc.exc_type, exc.hint
    if timeout := upstream_timeout(exc):
        return 504, type(timeout).__name__, TIMEOUT_HINT
    if isinstance(exc, igx.ClientError):
        error_type = getattr(exc, "error_type", None)
        if isinstance(error_type, str) and error_type in ERROR_TYPE_MAP:
            status, hint = ERROR_TYPE_MAP[error_type]
            return status, type(exc).__name__, hint
        text = str(exc)
        for fragment, status, hint, _ in MESSAGE_MAP:
            if fragment in text:
                return status, type(exc).__name__, hint
    if isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code == 404:
        return 404, type(exc).__name__, NOT_FOUND  # a CDN URL that names no file
    if isinstance(exc, httpx.HTTPError):
        return 502, type(exc).__name__, "Instagram could not be reached; check the network or proxy."
    for cls in type(exc).__mro__:
        if cls.__module__ == igx.__name__ and cls.__name__ in EXCEPTION_MAP:
            status, hint = EXCEPTION_MAP[cls.__name__]
            return status, type(exc).__name__, hint
    return 500, type(exc).__name__, None


def request_id_of(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


def error_response(
    request: Request,
    status: int,
    detail: str | list[dict[str, Any]],
    exc_type: str,
    hint: str | None,
    *,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> FastJSONResponse:
    body: dict[str, Any] = {
        "detail": detail,
        "exc_type": exc_type,
        "hint": hint,
        "request_id": request_id_of(request),
    }
    if extra:
        body.update(extra)
    headers = dict(headers or {})
    if status == 429:
        headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return FastJSONResponse(body, status_code=status, headers=headers)


def _detail(exc: BaseException) -> str:
    if upstream_timeout(exc):
        return "Instagram did not answer in time"  # aiograpi's own message says only "Unknown"
    error_type = getattr(exc, "error_type", None)
    if isinstance(error_type, str) and error_type in ERROR_TYPE_DETAIL:
        return ERROR_TYPE_DETAIL[error_type]
    text = getattr(exc, "message", "") or str(exc) or type(exc).__name__
    return text[:500]


async def handle_exception(request: Request, exc: Exception) -> FastJSONResponse:
    status, exc_type, hint = describe(exc)
    request.state.exc_type = exc_type
    if isinstance(exc, ApiError):
        detail: Any = [_field_error(request, e) for e in exc.fields] if exc.fields else exc.detail
        return error_response(request, status, detail, exc_type, hint, extra=exc.extra, headers=exc.headers)
    if status != 500:
        request.state.upstream_exc = exc_type
    if status == 500:
        log.error("unhandled %s (request %s)", exc_type, request_id_of(request), exc_info=exc)
        return error_response(request, 500, "Internal server error", exc_type, "This is a bug; see the log.")
    detail = _detail(exc)
    if status == 422:
        names = _fields_of(exc, exc_type)
        name = next((n for n in names if n in request.query_params), names[0])
        item = {"type": exc_type, "loc": [name], "msg": detail, "input": None}
        hint = _hint(name, hint[:1].lower() + hint[1:] if hint else detail)
        return error_response(request, 422, [_field_error(request, item)], exc_type, hint)
    return error_response(request, status, detail, exc_type, hint, extra=_challenge(exc))


def _challenge(exc: BaseException) -> dict[str, Any] | None:
    """What POST /auth/challenge/resolve takes, when Instagram asked for a challenge."""
    challenge = getattr(exc, "challenge", None)
    if not isinstance(exc, igx.ChallengeRequired) or not isinstance(challenge, dict):
        return None
    last_json = {"message": exc.message, "challenge": challenge, "status": "fail"}
    if isinstance(getattr(exc, "error_type", None), str):
        last_json["error_type"] = exc.error_type
    return {"last_json": last_json}


_SOURCES = ("body", "query", "path", "header", "cookie")


def _field_name(loc: list[Any]) -> str:
    """The parameter a `loc` points into: `["body", "media_ids", 1]` → `media_ids`; only the first
    part is the source, so a parameter named `query` (search text) is still named."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    return parts[0] if parts else "request"


def _field_error(request: Request, error: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's item for one refused value: its `loc` starts with where the value came from."""
    loc = list(error["loc"])
    if loc and loc[0] not in _SOURCES:
        in_query = loc[0] in request.query_params or request.method in ("GET", "DELETE", "HEAD")
        loc.insert(0, "query" if in_query else "body")
    value = error.get("input")
    msg = str(error["msg"])
    if error["type"] == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        msg = f"must be {PATTERN_MEANING[pattern]}" if pattern in PATTERN_MEANING else msg
    if any(str(part) in SECRET_FIELDS for part in loc) or not isinstance(
        value, str | int | float | bool | list | dict | type(None)
    ):
        value = None
    elif isinstance(value, str):
        value = value[:200]
    return {"type": str(error["type"]), "loc": loc, "msg": msg, "input": jsonable(value)}


def jsonable(value: Any) -> Any:
    """A value that any JSON encoder takes: huge integers and odd containers become strings."""
    if isinstance(value, bool) or value is None or isinstance(value, float | str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value[:20]]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in list(value.items())[:20]}
    return str(value)


async def handle_validation(request: Request, exc: RequestValidationError) -> FastJSONResponse:
    errors = [_field_error(request, dict(e)) for e in exc.errors()]
    first = errors[0] if errors else {"loc": ["request"], "msg": "invalid"}
    request.state.exc_type = "ValidationError"
    hint = _hint(_field_name(first["loc"]), first["msg"])
    return error_response(request, 422, errors, "ValidationError", hint)


async def handle_http(request: Request, exc: StarletteHTTPException) -> FastJSONResponse:
    if isinstance(exc.__cause__, ApiError):
        # FastAPI turns any failure while reading a body into a 400; ours (a body over the
        # upload limit) keeps its own answer.
        return await handle_exception(request, exc.__cause__)
    request.state.exc_type = "HTTPException"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return error_response(request, exc.status_code, str(exc.detail), "HTTPException", None, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method the request's path answers: Starlette names only those of the first route
    with that path, and each method of a path is a route of its own here."""
    return sorted(_methods_by_path().get(request.url.path, ()))


@cache
def _methods_by_path() -> dict[str, set[str]]:
    from aiograpi_rest.routes import mounts  # the routes import this module

    by_path: dict[str, set[str]] = {}
    for router, _ in mounts():
        for route in router.routes:
            if isinstance(route, APIRoute):
                by_path.setdefault(route.path, set()).update(route.methods)
    return by_path


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, handle_validation)
    app.add_exception_handler(StarletteHTTPException, handle_http)
    # Known failures get their own handlers: Starlette treats an `Exception` handler as the
    # last resort, which answers and then re-raises (a traceback in the server log).
    for known in (ApiError, igx.ClientError, igx.ValidationError, httpx.HTTPError):
        app.add_exception_handler(known, handle_exception)
    app.add_exception_handler(Exception, handle_exception)
