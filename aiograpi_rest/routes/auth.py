"""Auth: logging in, two-step logins, settings, TOTP, challenges, and the caller's sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from aiograpi.mixins.totp import TOTP
from fastapi import APIRouter, Form, Query, Request
from pydantic import BaseModel

from aiograpi_rest.boundary import TOTP_SEED_PATTERN
from aiograpi_rest.deps import (
    AnySessionRecord,
    OptionalSessionRecord,
    ServicesDep,
    SessionClient,
    SessionRecord,
    Tenant,
    Token,
    request_id,
)
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.forms import clean_username, json_field
from aiograpi_rest.sessions.login import LoginOptions, Logins, resolve_challenge
from aiograpi_rest.sessions.settings_check import (
    LOCALE_PATTERN,
    PROXY_PATTERN,
    SESSIONID_MIN_LENGTH,
    SESSIONID_PATTERN,
    TIMEZONE_MAX,
    TIMEZONE_MIN,
    check_proxy,
    mask_proxy,
    one_of,
    or_empty,
)
from aiograpi_rest.sessions.tokens import SESSION_TOKEN_PREFIX

router = APIRouter(prefix="/auth", tags=["Auth"])

Text = Annotated[str, Form()]
# Empty means "none" (on PATCH /auth/settings: "clear it"), hence the optional group.
Proxy = Annotated[
    str,
    Form(
        pattern=or_empty(PROXY_PATTERN),
        description=(
            "Proxy URL: http, https, socks5 or socks5h://[user:password@]host[:port]. On PATCH "
            "/auth/settings, sent empty it clears the proxy."
        ),
    ),
]
Locale = Annotated[
    str, Form(pattern=or_empty(LOCALE_PATTERN), description="Locale, language_COUNTRY: en_US.")
]
Timezone = Annotated[
    int | None,
    Form(ge=TIMEZONE_MIN, le=TIMEZONE_MAX, description="Offset from UTC in seconds, e.g. 10800 or -14400."),
]
InstagramSessionId = Annotated[
    str,
    Form(
        pattern=one_of(SESSIONID_PATTERN, f"^{SESSION_TOKEN_PREFIX}[A-Za-z0-9_-]{{16,128}}$"),
        min_length=SESSIONID_MIN_LENGTH,
        description=(
            "The Instagram `sessionid` cookie: `<user id>%3A<letters and digits>%3A<digits>` and, "
            "today, `%3A<signature>`. One of your own active session tokens is also taken: it "
            "answers itself, with no Instagram call (clients written for the reference pass back "
            "the id POST /auth/login returned)."
        ),
    ),
]


def _logins(svc: Any) -> Logins:
    return Logins(svc.store, svc.pool, svc.upstream)


def _options(proxy: str, locale: str, timezone: int | None) -> LoginOptions:
    return LoginOptions(check_proxy(proxy), locale or None, timezone)


@router.post("/login", summary="Log in; returns the session token")
async def login(
    svc: ServicesDep,
    tenant: Tenant,
    token: Token,
    pending: OptionalSessionRecord,
    username: Text,
    password: Text,
    verification_code: Text = "",
    proxy: Proxy = "",
    locale: Locale = "",
    timezone: Timezone = None,
    remember_password: Annotated[
        bool, Form(description="Keep the password, encrypted, so a logged-out session can heal itself.")
    ] = False,
) -> str:
    code = verification_code.strip()
    if pending is not None and pending.state == "pending" and code:
        await _logins(svc).finish_two_factor(pending, code)
        return token or ""
    return await _logins(svc).login(
        tenant,
        clean_username(username),
        password,
        code,
        _options(proxy, locale, timezone),
        remember_password=remember_password,
    )


@router.post("/login/by/sessionid", summary="Import an Instagram sessionid as a new session")
async def login_by_sessionid(
    svc: ServicesDep,
    tenant: Tenant,
    sessionid: InstagramSessionId,
    proxy: Proxy = "",
    locale: Locale = "",
    timezone: Timezone = None,
) -> str:
    return await _logins(svc).login_by_sessionid(tenant, sessionid, _options(proxy, locale, timezone))


@router.get("/settings", summary="The session's aiograpi settings (cookies included)")
async def get_settings(cl: SessionClient) -> dict[str, Any]:
    return cl.get_settings()


@router.patch("/settings", summary="Change settings, proxy, locale or timezone; or import settings")
async def patch_settings(
    svc: ServicesDep,
    tenant: Tenant,
    token: Token,
    record: OptionalSessionRecord,
    request: Request,
    settings: Annotated[
        str,
        Form(
            description=(
                "JSON from GET /auth/settings (aiograpi's Client.get_settings()). It must hold a "
                "logged-in authorization_data (ds_user_id and that user's Instagram sessionid); "
                "every value that becomes a header (user_agent, device_settings, uuids, cookies, "
                "locale) is printable ASCII; locale ll_CC, country CC, country_code 1-999, "
                "timezone_offset -43200-50400 seconds."
            )
        ),
    ] = "",
    proxy: Proxy = "",
    locale: Locale = "",
    timezone: Timezone = None,
) -> str:
    parsed = json_field("settings", settings, dict)
    # An empty proxy field means "clear it"; an absent one means "leave it".
    given_proxy = check_proxy(proxy) or "" if "proxy" in await request.form() else None
    options = LoginOptions(None, locale or None, timezone)
    if record is None:
        if parsed is None:
            raise invalid("settings", "required when no session is given (it is imported as a new one)")
        options.proxy = given_proxy or None
        return await _logins(svc).import_settings(tenant, parsed, options)
    if parsed is None and given_proxy is None and not options.locale and options.timezone is None:
        raise invalid("settings", "nothing to change: give settings, proxy, locale or timezone")
    await _logins(svc).change_settings(record, parsed, given_proxy, options, request_id=request_id(request))
    return token or ""


@router.patch("/relogin", summary="Log the session in again")
async def relogin(svc: ServicesDep, record: SessionRecord, cl: SessionClient) -> bool:
    if not record.password:
        raise ApiError(
            409,
            "This session has no remembered password to log in again with",
            exc_type="PasswordNotRemembered",
            hint="Log in again with POST /auth/login (remember_password=true lets the gateway heal logouts).",
        )
    return await _logins(svc).relogin(record, cl)


@router.get("/totp/seed", summary="Generate a TOTP seed for two-factor authentication")
async def totp_seed(cl: SessionClient) -> str:
    return await cl.totp_generate_seed()


@router.post("/totp", summary="Enable TOTP two-factor; returns backup codes")
async def totp_enable(cl: SessionClient, verification_code: Text) -> list[str]:
    return await cl.totp_enable(verification_code.strip())


@router.delete("/totp", summary="Disable TOTP two-factor")
async def totp_disable(cl: SessionClient) -> bool:
    return bool(await cl.totp_disable())


@router.get("/totp/code", summary="The current six-digit code for a TOTP seed (local, no session)")
async def totp_code(
    seed: Annotated[
        str,
        Query(pattern=TOTP_SEED_PATTERN, description="Base32 TOTP seed (as GET /auth/totp/seed answers)."),
    ],
) -> str:
    try:
        return TOTP(seed.strip().replace(" ", "")).code()
    except (ValueError, TypeError) as exc:
        raise invalid("seed", f"not a base32 TOTP seed ({exc})") from None


@router.post("/challenge/resolve", summary="Resolve a challenge with the code Instagram sent")
async def challenge_resolve(
    request: Request,
    svc: ServicesDep,
    record: AnySessionRecord,
    last_json: Annotated[str, Form(description="The challenge JSON (last_json) Instagram answered.")],
    security_code: Text = "",
    new_password: Annotated[
        str, Form(description="The account's new password, when the challenge asks for one.")
    ] = "",
) -> bool:
    parsed = json_field("last_json", last_json, dict, required=True)
    if not isinstance(parsed.get("challenge"), dict) or not parsed["challenge"].get("api_path"):
        raise invalid("last_json", "the JSON has no challenge.api_path")
    code = security_code.strip()
    if record.state == "pending":
        return await _logins(svc).finish_challenge(record, parsed, code, new_password)
    async with svc.pool.client(record, request_id=request_id(request)) as cl:
        resolved = await resolve_challenge(cl, parsed, code, new_password)
    if resolved and new_password and cl.password == new_password and record.password:
        await svc.store.update(record.token_hash, password=new_password)
    return resolved


class SessionInfo(BaseModel):
    id_prefix: str
    state: str
    username: str
    user_id: str
    proxy_host: str | None
    proxy: str | None  # its password, if any, masked
    created_at: datetime
    last_used_at: datetime | None


@router.get("/sessions", summary="The caller's sessions (no secrets)")
async def list_sessions(svc: ServicesDep, tenant: Tenant) -> list[SessionInfo]:
    return [
        SessionInfo(
            id_prefix=r.token_hash[:12],
            state=r.state,
            username=r.username,
            user_id=r.user_id,
            proxy_host=urlsplit(r.proxy).hostname if r.proxy else None,
            proxy=mask_proxy(r.proxy),
            created_at=r.created_at,
            last_used_at=r.last_used_at,
        )
        for r in await svc.store.list(tenant)
    ]


@router.delete("/session", summary="Revoke this session token (logout=true also logs out of Instagram)")
async def revoke_session(
    request: Request,
    svc: ServicesDep,
    record: AnySessionRecord,
    logout: Annotated[bool, Query(description="Also log out of Instagram.")] = False,
) -> bool:
    if logout and record.state == "active":
        async with svc.pool.client(record, request_id=request_id(request)) as cl:
            await cl.logout()
    await svc.pool.discard(record.token_hash)
    return await svc.store.revoke(record.token_hash)
