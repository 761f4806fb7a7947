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
from aiograpi_rest.upstream import GatewayClient, close_client, restore_cookies

# Our bookkeeping inside a pending session's (encrypted) settings; aiograpi ignores unknown keys.
PENDING_KEY = "aiograpi_rest_pending"
# Each kind of pending login is finished by one route; the error body names it.
FINISH_HINTS = {
    "two_factor": "POST /auth/login with verification_code and this session_id as X-Session-ID.",
    "challenge": (
        "POST /auth/challenge/resolve with this last_json, security_code (the code Instagram sent) "
        "and this session_id as X-Session-ID."
    ),
}


@dataclass
class LoginOptions:
    proxy: str | None = None
    locale: str | None = None
    timezone: str | None = None


def apply_options(cl: GatewayClient, options: LoginOptions) -> None:
    """Locale and timezone go into the client's settings; the proxy is stored beside them."""
    if options.locale:
        cl.set_locale(options.locale)
    if options.timezone:
        try:
            offset = int(options.timezone)
        except ValueError:
            raise invalid("timezone", "an offset from UTC in seconds, e.g. 10800 or -14400") from None
        cl.set_timezone_offset(offset)


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
        async with closed_on_failure(self.upstream.new_client(proxy=options.proxy)) as cl:
            apply_options(cl, options)
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
        async with closed_on_failure(self.upstream.new_client(proxy=options.proxy)) as cl:
            apply_options(cl, options)
            await cl.login_by_sessionid(sessionid)
            return await self.activate(tenant, cl, options, None)

    async def import_settings(self, tenant: str, settings: dict, options: LoginOptions) -> str:
        """A new session from exported settings; no upstream call (the next route call is the check)."""
        async with closed_on_failure(self.upstream.new_client(settings, proxy=options.proxy)) as cl:
            apply_options(cl, options)
            if not cl.user_id:
                raise invalid(
                    "settings", "no logged-in user in them (authorization_data.ds_user_id is missing)"
                )
            return await self.activate(tenant, cl, options, None)

    async def change_settings(
        self, record: Any, cl: GatewayClient, settings: dict | None, proxy: str | None, options: LoginOptions
    ) -> None:
        """Apply new settings, proxy (empty clears it), locale or timezone to a live session."""
        if settings is not None:
            cl.set_settings(settings)
            restore_cookies(cl, settings)
        if proxy is not None:
            cl.set_proxy(proxy or None)
            restore_cookies(cl, cl.settings)
        apply_options(cl, options)
        # The settings themselves are saved by the pool when this call ends, as after any call.
        fields: dict[str, Any] = {}
        if proxy is not None:
            fields["proxy"] = proxy or None
        if cl.user_id and str(cl.user_id) != record.user_id:
            fields["user_id"] = str(cl.user_id)
        if fields:
            await self.store.update(record.token_hash, **fields)

    async def finish_two_factor(self, record: Any, code: str) -> None:
        """One upstream call: the two-factor login with the pending session's identifier."""
        pending = record.settings.get(PENDING_KEY) or {}
        if pending.get("kind") != "two_factor":
            raise ApiError(
                409,
                "This pending session waits for a challenge, not a two-factor code",
                exc_type="LoginPending",
                hint="Finish it with POST /auth/challenge/resolve.",
            )
        async with closed_on_failure(self._restore_pending(record)) as cl:
            data = {
                "verification_code": code,
                "phone_id": cl.phone_id,
                "_csrftoken": cl.token,
                "two_factor_identifier": pending["data"].get("two_factor_identifier"),
                "username": record.username,
                "trust_this_device": "0",
                "guid": cl.uuid,
                "device_id": cl.android_device_id,
                "waterfall_id": str(uuid4()),
                "verification_method": "3" if pending["data"].get("totp_two_factor_on") else "1",
            }
            await cl.private_request("accounts/two_factor_login/", data, login=True)
            cl.authorization_data = cl.parse_authorization(
                cl.last_response.headers.get("ig-set-authorization")
            )
            await cl.login_flow()
            cl.last_login = time.time()
            await self._promote(record, cl)

    async def finish_challenge(self, record: Any, last_json: dict, code: str) -> bool:
        """Resolve the challenge with `code`; a pending login is then completed and activated."""
        async with closed_on_failure(self._restore_pending(record)) as cl:
            await resolve_challenge(cl, last_json, code)
            await cl.login(record.username, record.password or "", relogin=True)
            await self._promote(record, cl)
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

    async def _promote(self, record: Any, cl: GatewayClient) -> None:
        remember = bool((record.settings.get(PENDING_KEY) or {}).get("remember"))
        active = await self.store.update(
            record.token_hash,
            state="active",
            expires_at=None,
            settings=cl.get_settings(),
            user_id=str(cl.user_id or ""),
            password=record.password if remember else None,
        )
        await self.pool.discard(record.token_hash)
        self.pool.adopt(active, cl)


async def resolve_challenge(cl: GatewayClient, last_json: dict, code: str) -> bool:
    """Feed `code` to aiograpi for this one call; the default (no console) handler comes back after."""

    async def handler(_username: str, _choice: Any = None, **_kwargs: Any) -> str:
        return code

    cl.challenge_code_handler = handler
    try:
        return bool(await cl.challenge_resolve(last_json))
    finally:
        del cl.challenge_code_handler
