"""In sandbox mode the gateway also answers the emulator's control API at `/__emulator/…`.

Sandbox users try their own error handling this way: add a fault rule, call a route, read
the emulator's request log — all on the gateway's port, with no second server.

With API keys configured the sandbox is shared, and what one caller changes reaches every
tenant (a reset logs them all out; a fault rule answers everyone's calls). So only admin keys
(`aiograpi-rest keys create NAME --admin`, `AIOGRAPI_REST_ADMIN_KEYS`) may change it or read the
request log (every tenant's calls); other keys may read, and see only the e-mail and SMS codes
sent to accounts their own sessions log in (`GET /__emulator/codes`).
"""

from __future__ import annotations

from types import SimpleNamespace

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from aiograpi_rest.deps import Services, api_key_of, tenant_of_key
from aiograpi_rest.emulator.http import VISIBLE_USERS
from aiograpi_rest.errors import ApiError, handle_exception

CONTROL_PREFIX = "/__emulator"
# How the request log and metrics name these requests (they match no gateway route).
_ROUTE_LABEL = SimpleNamespace(path=CONTROL_PREFIX + "/{path}")
_READS = ("GET", "HEAD")
_ADMIN_HINT = (
    "Use an admin key: aiograpi-rest keys create NAME --admin (or one listed in AIOGRAPI_REST_ADMIN_KEYS)."
)


class SandboxControl:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")):
            svc = scope["app"].state.services
            emulator = svc.upstream.emulator
            if emulator is not None:
                scope["route"] = _ROUTE_LABEL
                request = Request(scope)
                try:
                    await _authorize(request, svc, path.removeprefix(CONTROL_PREFIX).strip("/"))
                except ApiError as exc:
                    await (await handle_exception(request, exc))(scope, receive, send)
                    return
                await emulator.app(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _authorize(request: Request, svc: Services, endpoint: str) -> None:
    """Refuse what this caller's key may not do; narrow the codes it reads to its own accounts."""
    key = api_key_of(request)
    tenant = await tenant_of_key(request, svc, key)  # 401 without a valid key, when keys are set
    owner = await svc.store.owner_of_key(key) if key else None
    if owner is None or owner.admin:
        return  # no keys configured, or an admin key: the whole control API
    if request.method not in _READS or endpoint.split("/", 1)[0] == "log":
        raise ApiError(
            403,
            "Only an admin API key may change the shared sandbox or read its request log",
            exc_type="AdminKeyRequired",
            hint=_ADMIN_HINT,
        )
    if endpoint == "codes":
        request.scope[VISIBLE_USERS] = frozenset(r.username.lower() for r in await svc.store.list(tenant))
