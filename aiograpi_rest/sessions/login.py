"""Logging Instagram accounts in: new sessions, two-step logins kept pending, challenges.

When a login stops at two-factor or a challenge, the half-done client is kept as a *pending*
session (encrypted, expiring after `pending_ttl`) whose token comes back in the error body as
`session_id`. Finishing on it sends only the missing step to Instagram: starting over would
re-send SMS codes and look suspicious. The reference's way (repeat the login with the code)
works too.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from aiograpi.exceptions import ChallengeRequired, TwoFactorRequired

from aiograpi_rest.errors import ApiError, describe, invalid
from aiograpi_rest.sessions.settings_check import (
    check_headers,
    check_settings,
    is_instagram_sessionid,
    plan_settings,
)
from aiograpi_rest.sessions.tokens import normalize_token
from aiograpi_rest.upstream import GatewayClient, Upstream, close_client

# Our bookkeeping inside a pending session's (encrypted) settings; aiograpi ignores unknown keys.
PENDING_KEY = "aiograpi_rest_pending"
NEW_PASSWORD_NEEDED = "Repeat POST /auth/challenge/resolve with the same last_json and new_password."
# Each kind of pending login is finished by one route; the error body names it.
FINISH_HINTS = {
    "two_factor": "POST /auth/login with verification_code and this session_id as X-Session-ID.",
    "challenge": (
        "POST /auth/challenge/resolve with this last_json, security_code (the code Instagram sent; "
        "new_password instead when it asks for one) and this session_id as X-Session-ID."
    ),
}


@dataclass
class LoginOptions:
    """Checked at the boundary (`settings_check`): a proxy URL, a locale `ll_CC`, an offset in seconds."""

    proxy: str | None = None
    locale: str | None = None
    timezone: int | None = None


async def build_client(
    upstream: Upstream, settings: dict[str, Any], options: LoginOptions, *, logged_in: bool
) -> GatewayClient:
    """A client built from `settings` with the locale and timezone of `options` applied, checked
    before anyone stores it: a refusal (422 naming `settings`) leaves nothing behind.

    The user agent, when the locale changes or none is given, is built from the device fields
    and the locale (aiograpi's own template), never string-replaced.
    """
    planned = plan_settings(settings, options.locale, options.timezone)
    check_settings(planned, logged_in=logged_in)
    try:
        cl = upstream.new_client(planned, proxy=options.proxy)
    except Exception as exc:
        raise invalid("settings", f"no client can be built from them ({type(exc).__name__})") from None
    async with closed_on_failure(cl):
        if not planned.get("user_agent"):
            cl.set_user_agent()
        check_headers({**cl.private.headers, **cl.base_headers})
        check_settings(cl.get_settings(), logged_in=logged_in)
    return cl


@asynccontextmanager
async def closed_on_failure(cl: GatewayClient) -> AsyncIterator[GatewayClient]:
    """A client that did not become a session is closed, not left to the garbage collector."""
    try:
        yield cl
    except BaseException:
        await close_client(cl)
        raise


class Logins:
    """Creates and finishes sessions; holds no state of its own."""

    def __init__(self, store: Any, pool: Any, upstream: Any) -> None:
        self.store = store
        self.pool = pool
        self.upstream = upstream

    async def login(
        self,
        tenant: str,
        username: str,
        password: str,
        code: str,
        options: LoginOptions,
        *,
        remember_password: bool,
    ) -> str:
        cl = await build_client(self.upstream, {}, options, logged_in=False)
        async with closed_on_failure(cl):
            try:
                await cl.login(username, password, verification_code=code)
            except TwoFactorRequired as exc:
                info = (cl.last_json or {}).get("two_factor_info") or {}
                await self._pend(
                    tenant, cl, exc, options, username, password, remember_password, "two_factor", info
                )
            except ChallengeRequired as exc:
                last = dict(cl.last_json or {})
                await self._pend(
                    tenant, cl, exc, options, username, password, remember_password, "challenge", last
                )
            return await self.activate(tenant, cl, options, password if remember_password else None)

    async def login_by_sessionid(self, tenant: str, sessionid: str, options: LoginOptions) -> str:
        """A new session from an Instagram sessionid; one of the tenant's own active tokens (a client
        written for the reference takes our token for the sessionid) answers itself, no upstream
        call. Any other value that is no Instagram sessionid is refused alike, so another tenant's
        token cannot be told from garbage."""
        # An id imported from the reference is looked up as every presented token is.
        token = normalize_token(sessionid)
        own = await self.store.get(token)
        if own is not None and own.tenant == tenant and own.state == "active":
            return token
        if not is_instagram_sessionid(sessionid):
            raise invalid(
                "sessionid",
                "not an Instagram sessionid (<user id>%3A<letters and digits>%3A<digits>[%3A<signature>])"
                " nor an active session token of yours",
            )
        cl = await build_client(self.upstream, {}, options, logged_in=False)
        async with closed_on_failure(cl):
            await cl.login_by_sessionid(sessionid)
            return await self.activate(tenant, cl, options, None)

    async def import_settings(self, tenant: str, settings: dict, options: LoginOptions) -> str:
        """A new session from exported settings; no upstream call (the next route call is the check)."""
        cl = await build_client(self.upstream, settings, options, logged_in=True)
        async with closed_on_failure(cl):
            return await self.activate(tenant, cl, options, None)

    async def change_settings(
        self,
        record: Any,
        settings: dict | None,
        proxy: str | None,
        options: LoginOptions,
        *,
        request_id: str | None = None,
    ) -> None:
        """New settings, proxy (empty clears it), locale or timezone for a live session, all or
        nothing: a new client is built from them and checked, then stored, then it replaces the
        cached one. A refusal leaves the stored record and the cached client as they were."""
        async with self.pool.held(record, request_id=request_id) as live:
            # The held record: newer than `record` when another instance changed the session.
            record = live.record
            new_proxy = record.proxy if proxy is None else (proxy or None)
            base = live.client.get_settings() if settings is None else settings
            cl = await build_client(
                self.upstream,
                base,
                LoginOptions(new_proxy, options.locale, options.timezone),
                logged_in=True,
            )
            async with closed_on_failure(cl):
                fields: dict[str, Any] = {}
                if proxy is not None:
                    fields["proxy"] = new_proxy
                if str(cl.user_id) != record.user_id:
                    fields["user_id"] = str(cl.user_id)
                await self.pool.store_client(record.token_hash, cl, **fields)

    async def relogin(self, record: Any, current: GatewayClient) -> bool:
        """Inside `pool.client(record)`: log in again with the remembered password, from the same
        device, on a new client that replaces the cached one only once it is in. aiograpi's
        relogin first wipes the client's cookies and authorization, so a refusal (two-factor asked,
        the password changed) on the session's own client would log a working session out."""
        cl = self.upstream.new_client(current.get_settings(), proxy=record.proxy)
        async with closed_on_failure(cl):
            cl.username, cl.password = record.username, record.password
            cl.relogin_attempt = 0
            logged = bool(await cl.login(record.username, record.password, relogin=True))
            await self.pool.store_client(record.token_hash, cl, user_id=str(cl.user_id or record.user_id))
            return logged

    async def finish_two_factor(self, record: Any, code: str) -> None:
        """The missing step only: the two-factor login with the pending session's identifier, or for a
        backup code the Bloks two-step screens with its context (as aiograpi's login() chooses)."""
        pending = record.settings.get(PENDING_KEY) or {}
        if pending.get("kind") != "two_factor":
            raise ApiError(
                409,
                "This pending session waits for a challenge, not a two-factor code",
                exc_type="LoginPending",
                hint="Finish it with POST /auth/challenge/resolve.",
            )
        async with closed_on_failure(self._restore_pending(record)) as cl:
            info = pending["data"]
            if cl._looks_like_backup_code(code) and info.get("two_step_verification_context"):
                # aiograpi's own choice in login(): a backup code goes through the Bloks screens.
                await cl._login_with_bloks_two_factor(code, {"two_factor_info": info}, TwoFactorRequired())
                await self._finish_login(record, cl)
                return
            data = {
                "verification_code": code,
                "phone_id": cl.phone_id,
                "_csrftoken": cl.token,
                "two_factor_identifier": info.get("two_factor_identifier"),
                "username": record.username,
                "trust_this_device": "0",
                "guid": cl.uuid,
                "device_id": cl.android_device_id,
                "waterfall_id": str(uuid4()),
                "verification_method": "3" if info.get("totp_two_factor_on") else "1",
            }
            await cl.private_request("accounts/two_factor_login/", data, login=True)
            cl.authorization_data = cl.parse_authorization(
                cl.last_response.headers.get("ig-set-authorization")
            )
            await self._finish_login(record, cl)

    async def _finish_login(self, record: Any, cl: GatewayClient) -> None:
        await cl.login_flow()
        cl.last_login = time.time()
        await self._promote(record, cl)

    async def finish_challenge(self, record: Any, last_json: dict, code: str, new_password: str = "") -> bool:
        """Resolve the challenge with `code` (or set `new_password` when it asks for one); a pending
        login is then completed with the password now in force, and activated."""
        async with closed_on_failure(self._restore_pending(record)) as cl:
            await resolve_challenge(cl, last_json, code, new_password)
            password = cl.password or record.password or ""
            await cl.login(record.username, password, relogin=True)
            await self._promote(record, cl, password)
            return True

    def _restore_pending(self, record: Any) -> GatewayClient:
        cl = self.upstream.new_client(record.settings, proxy=record.proxy)
        cl.username, cl.password = record.username, record.password
        return cl

    async def _pend(
        self,
        tenant: str,
        cl: GatewayClient,
        exc: Exception,
        options: LoginOptions,
        username: str,
        password: str,
        remember: bool,
        kind: str,
        data: dict,
    ) -> None:
        settings = cl.get_settings()
        settings[PENDING_KEY] = {"kind": kind, "data": data, "remember": remember}
        # Unless remembered, the password is kept (encrypted) only while a challenge is pending:
        # finishing one repeats the login request, which needs it. A two-factor finish does not.
        token, _ = await self.store.create(
            tenant,
            settings,
            user_id=str(data.get("pk") or data.get("challenge", {}).get("user_id") or ""),
            username=username,
            proxy=options.proxy or None,
            password=password if remember or kind == "challenge" else None,
            state="pending",
        )
        status, exc_type, hint = describe(exc)
        hint = f"{hint} Or finish this login without starting over: {FINISH_HINTS[kind]}"
        extra: dict[str, Any] = {"session_id": token}
        if kind == "challenge":
            extra["last_json"] = data  # what POST /auth/challenge/resolve takes
        raise ApiError(status, str(exc) or exc_type, exc_type=exc_type, hint=hint, extra=extra)

    async def activate(
        self, tenant: str, cl: GatewayClient, options: LoginOptions, password: str | None
    ) -> str:
        token, record = await self.store.create(
            tenant,
            cl.get_settings(),
            user_id=str(cl.user_id or ""),
            username=cl.username or "",
            proxy=options.proxy or None,
            password=password,
        )
        self.pool.adopt(record, cl)
        return token

    async def _promote(self, record: Any, cl: GatewayClient, password: str | None = None) -> None:
        remember = bool((record.settings.get(PENDING_KEY) or {}).get("remember"))
        password = password or record.password
        active = await self.store.update(
            record.token_hash,
            state="active",
            expires_at=None,
            settings=cl.get_settings(),
            user_id=str(cl.user_id or ""),
            password=password if remember else None,
        )
        await self.pool.discard(record.token_hash)
        self.pool.adopt(active, cl)


async def resolve_challenge(cl: GatewayClient, last_json: dict, code: str, new_password: str = "") -> bool:
    """Feed `code` (and `new_password`, for a step that asks one) to aiograpi for this one call;
    the default (no console) handlers come back after. A password Instagram took becomes the
    client's, so the login that follows uses it."""

    async def code_handler(_username: str, _choice: Any = None, **_kwargs: Any) -> str:
        return code

    asked: list[str] = []

    async def password_handler(username: str) -> str:
        asked.append(username)
        if not new_password:
            # aiograpi would ask again every 5 s for two minutes: the caller can answer at once.
            raise ApiError(
                403,
                "Instagram wants a new password for this account before it logs in",
                exc_type="ChallengeRequired",
                hint=NEW_PASSWORD_NEEDED,
            )
        return new_password

    cl.challenge_code_handler = code_handler
    cl.change_password_handler = password_handler
    try:
        resolved = bool(await cl.challenge_resolve(last_json))
    finally:
        del cl.challenge_code_handler, cl.change_password_handler
    if resolved and asked and new_password:
        cl.password = new_password
    return resolved
