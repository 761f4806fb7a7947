"""Static dispatch: every operation's path is static, so its method and path alone pick its handler.

FastAPI finds a route by asking each mounted route in turn whether it matches, so the cost of a
request grows with the number of routes mounted before its own (0.35 ms for the last of 281 on
this 2-core machine, against 1.3 µs here; `bench/dispatch.py`). Here each operation's handler
(compiled once from FastAPI's dependant, `handlers.py`, or else the one FastAPI built) is looked
up in one dict. What the table does not hold (404s, 405s, the static files, `/docs`, the
sandbox's control API, a trailing slash to redirect) goes through FastAPI's own stack
unchanged, so every answer is what FastAPI alone would give.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from aiograpi_rest.handlers import compile_handler

# A handler and the route FastAPI would have put in the scope (the access log reads its path).
Entry = tuple[ASGIApp, APIRoute]


def route_table(app: FastAPI, *, compiled: bool = True) -> dict[tuple[str, str], Entry]:
    """(method, path) → the operation's handler, for every static path: compiled once
    (`handlers.py`) where it can be, else (or with `compiled=False`) the one FastAPI built."""
    table: dict[tuple[str, str], Entry] = {}
    for context in iter_route_contexts(app.router.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or "{" in (context.path or "{"):
            continue
        for method in context.methods or ():
            # The first route mounted for a method and path is the one FastAPI would pick.
            if (method, context.path) not in table:
                handler = compile_handler(context) if compiled else None
                table[method, context.path] = (handler or context.app, route)
    return table


class StaticDispatch:
    """The ASGI app between the request middleware and the handlers.

    For a table hit it sets up what FastAPI's middleware stack and router would have (the
    exception handlers, the file exit stack, the route) and calls the handler, inside Starlette's
    own ServerErrorMiddleware: an exception no handler takes is answered by the app's 500 handler
    and re-raised for the server's log.
    """

    def __init__(self, app: FastAPI, fallback: ASGIApp) -> None:
        self.fallback = fallback
        self.router = app.router
        handlers: dict[Any, Any] = {}
        status_handlers: dict[int, Any] = {}
        for key, handler in app.exception_handlers.items():
            if key in (500, Exception):
                continue
            (status_handlers if isinstance(key, int) else handlers)[key] = handler
        self.exception_handlers = (handlers, status_handlers)
        self.error_handler = app.exception_handlers.get(Exception) or app.exception_handlers.get(500)
        self.table = {key: (self.guard(handler), route) for key, (handler, route) in route_table(app).items()}

    def guard(self, handler: ASGIApp) -> ASGIApp:
        """`handler` as FastAPI's stack would run it: with the exit stack that closes uploaded
        files, inside the 500 handler."""

        async def with_files(scope: Scope, receive: Receive, send: Send) -> None:
            async with AsyncExitStack() as files:
                scope["fastapi_middleware_astack"] = files
                await handler(scope, receive, send)

        return ServerErrorMiddleware(with_files, handler=self.error_handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        entry = None if scope.get("root_path") else self.table.get((scope["method"], scope["path"]))
        if entry is None:
            await self.fallback(scope, receive, send)
            return
        handler, route = entry
        scope["router"] = self.router
        scope["route"] = route
        scope["endpoint"] = route.endpoint
        scope["path_params"] = {}
        scope["starlette.exception_handlers"] = self.exception_handlers
        await handler(scope, receive, send)


class GatewayApp(FastAPI):
    """FastAPI, entered through one request middleware and the static dispatch.

    `front` wraps the dispatch in the middleware that every request passes (request id, access
    log, metrics, body limit); FastAPI's own middleware stack is only the fallback's. FastAPI's
    native OpenTelemetry hook is skipped on table hits: the gateway configures no OpenTelemetry
    provider, and the check would cost every request.
    """

    def __init__(self, *, front: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._wrap_front = front
        self._front: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if self._front is None:
            # Built at the first request, when every router has been included.
            self._front = self._wrap_front(StaticDispatch(self, super().__call__))
        scope["app"] = self
        await self._front(scope, receive, send)
