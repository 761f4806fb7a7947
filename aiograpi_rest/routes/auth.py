"""Auth: logging in, two-step logins, settings, TOTP, challenges, and the caller's sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from aiograpi.mixins.totp import TOTP
from fastapi import APIRouter, Form, Query, Request
from pydantic import BaseModel

from aiograpi_rest.deps import (
    AnySessionRecord,
    OptionalSessionRecord,
    ServicesDep,
    SessionClient,
    SessionRecord,
    Tenant,
    Token,
)
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.forms import clean_username, json_field
from aiograpi_rest.sessions.login import LoginOptions, Logins, resolve_challenge

router = APIRouter(prefix="/auth", tags=["Auth"])

Text = Annotated[str, Form()]


def _logins(svc: Any) -> Logins:
    return Logins(svc.store, svc.pool, svc.upstream)


def _options(proxy: str, locale: str, timezone: str) -> LoginOptions:
    return LoginOptions(proxy.strip() or None, locale.strip() or None, timezone.strip() or None)


@router.post("/login", summary="Log in; returns the session token")
async def login(
    svc: ServicesDep,
    tenant: Tenant,
    token: Token,
    pending: OptionalSessionRecord,
    username: Text,
    password: Text,
    verification_code: Text = "",
    proxy: Text = "",
    locale: Text = "",
    timezone: Text = "",
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
    sessionid: Text,
    proxy: Text = "",
    locale: Text = "",
    timezone: Text = "",
) -> str:
    return await _logins(svc).login_by_sessionid(tenant, sessionid.strip(), _options(proxy, locale, timezone))


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
    settings: Annotated[str, Form(description="JSON from Client.get_settings().")] = "",
    proxy: Annotated[str, Form(description="Proxy URL; sent empty, it clears the proxy.")] = "",
    locale: Text = "",
    timezone: Text = "",
) -> str:
    parsed = json_field("settings", settings, dict)
    # An empty proxy field means "clear it"; an absent one means "leave it".
    proxy = proxy.strip() if "proxy" in await request.form() else None
    options = _options("", locale, timezone)
    if record is None:
        if parsed is None:
            raise invalid("settings", "required when no session is given (it is imported as a new one)")
        return await _logins(svc).import_settings(tenant, parsed, _options(proxy or "", locale, timezone))
    if parsed is None and proxy is None and not options.locale and not options.timezone:
        raise invalid("settings", "nothing to change: give settings, proxy, locale or timezone")
    async with svc.pool.client(record) as cl:
        await _logins(svc).change_settings(record, cl, parsed, proxy, options)
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
    cl.username, cl.password = record.username, record.password
    cl.relogin_attempt = 0
    return bool(await cl.relogin())


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
async def totp_code(seed: Annotated[str, Query(description="Base32 TOTP seed.")]) -> str:
    try:
        return TOTP(seed.strip().replace(" ", "")).code()
    except (ValueError, TypeError) as exc:
        raise invalid("seed", f"not a base32 TOTP seed ({exc})") from None


@router.post("/challenge/resolve", summary="Resolve a challenge with the code Instagram sent")
async def challenge_resolve(
    svc: ServicesDep,
    record: AnySessionRecord,
    last_json: Annotated[str, Form(description="The challenge JSON (last_json) Instagram answered.")],
    security_code: Text = "",
) -> bool:
    parsed = json_field("last_json", last_json, dict, required=True)
    if not isinstance(parsed.get("challenge"), dict) or not parsed["challenge"].get("api_path"):
        raise invalid("last_json", "no challenge.api_path in it")
    code = security_code.strip()
    if record.state == "pending":
        return await _logins(svc).finish_challenge(record, parsed, code)
    async with svc.pool.client(record) as cl:
        return await resolve_challenge(cl, parsed, code)


class SessionInfo(BaseModel):
    id_prefix: str
    state: str
    username: str
    user_id: str
    proxy_host: str | None
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
            created_at=r.created_at,
            last_used_at=r.last_used_at,
        )
        for r in await svc.store.list(tenant)
    ]


@router.delete("/session", summary="Revoke this session token (logout=true also logs out of Instagram)")
async def revoke_session(
    svc: ServicesDep,
    record: AnySessionRecord,
    logout: Annotated[bool, Query(description="Also log out of Instagram.")] = False,
) -> bool:
    if logout and record.state == "active":
        async with svc.pool.client(record) as cl:
            await cl.logout()
    await svc.pool.discard(record.token_hash)
    return await svc.store.revoke(record.token_hash)
