"""In sandbox mode the gateway also answers the emulator's control API at `/__emulator/…`.

Sandbox users try their own error handling this way: add a fault rule, call a route, read
the emulator's request log — all on the gateway's port, with no second server.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

CONTROL_PREFIX = "/__emulator"


class SandboxControl:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")):
            emulator = scope["app"].state.services.upstream.emulator
            if emulator is not None:
                await emulator.app(scope, receive, send)
                return
        await self.app(scope, receive, send)
