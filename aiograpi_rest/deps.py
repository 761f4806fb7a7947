"""FastAPI dependencies: services, the API key's tenant, the session record and its client.

Handler signatures read like prose: `cl: SessionClient` is the caller's live aiograpi client,
held for this one call (see `sessions.pool`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, APIKeyHeader, APIKeyQuery, HTTPAuthorizationCredentials, HTTPBearer

from aiograpi_rest.config import Settings
from aiograpi_rest.errors import ApiError
from aiograpi_rest.sessions.pool import ClientPool
from aiograpi_rest.upstream import GatewayClient, Upstream

LOGIN_HINT = "Log in again with POST /auth/login to get a new session id."


@dataclass
class Services:
    """What the app holds for its lifetime; built in `app.lifespan`."""

    settings: Settings
    store: Any
    pool: ClientPool
    upstream: Upstream
    metrics: Any


async def services(request: Request) -> Services:
    # async: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per request.
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]

# Declared as security schemes so Swagger's Authorize button fills them in. Each needs its own
# scheme_name: FastAPI names a scheme after its class, so two APIKeyHeaders would share one entry.
_bearer = HTTPBearer(
    scheme_name="ApiKeyBearer", auto_error=False, description="API key (when the server has keys configured)."
)
_api_key = APIKeyHeader(
    name="X-API-Key", scheme_name="ApiKey", auto_error=False, description="API key, as an alternative header."
)
_session_header = APIKeyHeader(
    name="X-Session-ID", scheme_name="SessionId", auto_error=False, description="Session token from login."
)
_session_query = APIKeyQuery(
    name="sessionid", scheme_name="SessionIdQuery", auto_error=False, description="Legacy: session token."
)
_session_cookie = APIKeyCookie(
    name="sessionid", scheme_name="SessionIdCookie", auto_error=False, description="Legacy: session token."
)


async def tenant(
    request: Request,
    svc: ServicesDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key)],
) -> str:
    """The caller's tenant: its API key's name, or "" when the server has no keys."""
    return await tenant_of_key(request, svc, header_key or (bearer.credentials if bearer else None))


async def tenant_of_key(request: Request, svc: Services, key: str | None) -> str:
    """The tenant `key` names; raises 401 when keys are configured and `key` is missing or unknown."""
    if not await svc.store.any_api_keys():
        return ""
    if not key:
        raise ApiError(
            401,
            "API key required",
            exc_type="ApiKeyRequired",
            hint="Send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    found = await svc.store.tenant_for_key(key)
    if found is None:
        raise ApiError(401, "Invalid API key", exc_type="InvalidApiKey", hint="Check the key, or create one.")
    request.state.tenant = found
    return found


Tenant = Annotated[str, Depends(tenant)]


async def session_token(
    request: Request,
    header: Annotated[str | None, Depends(_session_header)],
    query: Annotated[str | None, Depends(_session_query)],
    cookie: Annotated[str | None, Depends(_session_cookie)],
) -> str | None:
    """The session token: `X-Session-ID`, then the legacy query parameter, form field, cookie."""
    if header:
        return header.strip()
    if query:
        return query.strip()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("sessionid")
        if isinstance(value, str) and value:
            return value.strip()
    return cookie.strip() if cookie else None


Token = Annotated[str | None, Depends(session_token)]


async def _lookup(svc: Services, token: str | None, tenant: str, *, allow_pending: bool) -> Any:
    if not token:
        raise ApiError(401, "Session ID required", exc_type="SessionRequired", hint=LOGIN_HINT)
    record = await svc.store.get_cached(token)
    if record is None:
        raise ApiError(401, "Session not found or revoked", exc_type="SessionNotFound", hint=LOGIN_HINT)
    if record.tenant != tenant:
        # Another tenant's session does not exist for this caller: 404, never 403.
        raise ApiError(
            404, "Session not found", exc_type="SessionNotFound", hint="Use a session of your own."
        )
    if record.state != "active" and not allow_pending:
        raise ApiError(
            401,
            "This session's login is not finished",
            exc_type="LoginPending",
            hint="Finish it with POST /auth/login (verification_code) or POST /auth/challenge/resolve.",
        )
    await svc.store.touch(record.token_hash)
    return record


async def session_record(svc: ServicesDep, token: Token, tenant: Tenant) -> Any:
    return await _lookup(svc, token, tenant, allow_pending=False)


async def any_session_record(svc: ServicesDep, token: Token, tenant: Tenant) -> Any:
    """Active or pending: for the routes that finish a two-step login."""
    return await _lookup(svc, token, tenant, allow_pending=True)


async def optional_session_record(svc: ServicesDep, token: Token, tenant: Tenant) -> Any:
    return await _lookup(svc, token, tenant, allow_pending=True) if token else None


SessionRecord = Annotated[Any, Depends(session_record)]
AnySessionRecord = Annotated[Any, Depends(any_session_record)]
OptionalSessionRecord = Annotated[Any, Depends(optional_session_record)]


async def session_client(svc: ServicesDep, record: SessionRecord) -> AsyncIterator[GatewayClient]:
    async with svc.pool.client(record) as cl:
        yield cl


# scope="function": the lock is released and settings are saved before the answer is sent.
SessionClient = Annotated[GatewayClient, Depends(session_client, scope="function")]
