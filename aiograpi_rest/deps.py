"""FastAPI dependencies: services, the API key's tenant, the session record and its client.

Handler signatures read like prose: `cl: SessionClient` is the caller's live aiograpi client,
held for this one call (see `sessions.pool`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, APIKeyHeader, APIKeyQuery, HTTPBearer
from fastapi.security.base import SecurityBase

from aiograpi_rest.config import Settings
from aiograpi_rest.errors import NEW_SESSION, ApiError, session_gone
from aiograpi_rest.sessions.pool import ClientPool
from aiograpi_rest.sessions.tokens import normalize_token
from aiograpi_rest.upstream import GatewayClient, Upstream

F = TypeVar("F", bound=Callable[..., Any])


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

# The credentials' security schemes. `openapi.py` declares them on every operation whose
# dependencies name them (`security` below), so Swagger's Authorize button fills them in; at run
# time they are read straight from the request: as FastAPI dependencies they were five more
# nodes to solve on every call. Each has its own scheme_name: FastAPI names a scheme after its
# class, so two APIKeyHeaders would share one entry.
API_KEY_SCHEMES: tuple[SecurityBase, ...] = (
    HTTPBearer(
        scheme_name="ApiKeyBearer",
        auto_error=False,
        description="API key (when the server has keys configured).",
    ),
    APIKeyHeader(
        name="X-API-Key",
        scheme_name="ApiKey",
        auto_error=False,
        description="API key, as an alternative header.",
    ),
)
SESSION_SCHEMES: tuple[SecurityBase, ...] = (
    APIKeyHeader(
        name="X-Session-ID",
        scheme_name="SessionId",
        auto_error=False,
        description="Session token from login.",
    ),
    APIKeyQuery(
        name="sessionid", scheme_name="SessionIdQuery", auto_error=False, description="Legacy: session token."
    ),
    APIKeyCookie(
        name="sessionid",
        scheme_name="SessionIdCookie",
        auto_error=False,
        description="Legacy: session token.",
    ),
)


def security(*schemes: SecurityBase) -> Callable[[F], F]:
    """Marks a dependency as reading these credentials, for `openapi.py`."""

    def mark(function: F) -> F:
        function.security = schemes  # type: ignore[attr-defined]
        return function

    return mark


def api_key_of(request: Request) -> str | None:
    """`X-API-Key`, else the `Authorization: Bearer` credentials."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return request.headers.get("x-api-key") or (credentials if scheme.lower() == "bearer" else None)


@security(*API_KEY_SCHEMES)
async def tenant(request: Request) -> str:
    """The caller's tenant: its API key's name, or "" when the server has no keys.

    Worked out once per request: every router's guard asks, and `session_client` asks again."""
    known = getattr(request.state, "tenant", None)
    if known is not None:
        return known
    return await tenant_of_key(request, request.app.state.services, api_key_of(request))


async def tenant_of_key(request: Request, svc: Services, key: str | None) -> str:
    """The tenant `key` names; raises 401 when keys are configured and `key` is missing or unknown."""
    if not await svc.store.any_api_keys():
        request.state.tenant = ""
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


@security(*SESSION_SCHEMES)
async def session_token(request: Request) -> str | None:
    """The session token: `X-Session-ID`, then the legacy query parameter, form field, cookie;
    normalized as the reference reads its ids (`tokens.normalize_token`)."""
    header = request.headers.get("x-session-id")
    if header:
        return normalize_token(header) or None
    query = request.query_params.get("sessionid")
    if query:
        return normalize_token(query) or None
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("sessionid")
        if isinstance(value, str) and value:
            return normalize_token(value) or None
    cookie = request.cookies.get("sessionid")
    return normalize_token(cookie) or None if cookie else None


Token = Annotated[str | None, Depends(session_token)]


def request_id(request: Request) -> str | None:
    """The id `observability.RequestMiddleware` gave this request (None outside it)."""
    return getattr(request.state, "request_id", None)


async def _lookup(svc: Services, token: str | None, tenant: str, *, allow_pending: bool) -> Any:
    if not token:
        raise ApiError(401, "Session ID required", exc_type="SessionRequired", hint=NEW_SESSION)
    record = await svc.store.get_cached(token)
    if record is None:
        raise session_gone()
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


@security(*SESSION_SCHEMES)
async def session_client(request: Request) -> AsyncIterator[GatewayClient]:
    """The caller's live client, held for this one call: what `session_record` checks, read in
    this one dependency. Most routes take nothing else, and each dependency is one more node
    for FastAPI to solve on every call (five were about 0.1 ms of CPU per request)."""
    svc: Services = request.app.state.services
    token = await session_token(request)
    record = await _lookup(svc, token, await tenant(request), allow_pending=False)
    # `held` rather than `client`: one context manager fewer on every call.
    async with svc.pool.held(record, request_id=request_id(request)) as live:
        yield live.client


# scope="function": the lock is released and settings are saved before the answer is sent.
SessionClient = Annotated[GatewayClient, Depends(session_client, scope="function")]
