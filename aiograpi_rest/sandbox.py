"""In sandbox mode the gateway also answers the emulator's control API at `/__emulator/…`.

Sandbox users try their own error handling this way: add a fault rule, call a route, read
the emulator's request log — all on the gateway's port, with no second server.
"""

from __future__ import annotations

from types import SimpleNamespace

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from aiograpi_rest.deps import api_key_of, tenant_of_key
from aiograpi_rest.errors import ApiError, handle_exception

CONTROL_PREFIX = "/__emulator"
# How the request log and metrics name these requests (they match no gateway route).
_ROUTE_LABEL = SimpleNamespace(path=CONTROL_PREFIX + "/{path}")


class SandboxControl:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")):
            emulator = scope["app"].state.services.upstream.emulator
            if emulator is not None:
                scope["route"] = _ROUTE_LABEL
                request = Request(scope)
                try:
                    # Fault rules change what every caller sees: with API keys set, only their holders.
                    await tenant_of_key(request, scope["app"].state.services, api_key_of(request))
                except ApiError as exc:
                    await (await handle_exception(request, exc))(scope, receive, send)
                    return
                await emulator.app(scope, receive, send)
                return
        await self.app(scope, receive, send)
