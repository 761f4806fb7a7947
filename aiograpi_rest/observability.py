"""Request ids, one log line per request, and Prometheus metrics."""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aiograpi_rest.upstream_calls import UpstreamTimer

log = logging.getLogger("aiograpi_rest.access")

_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class PoolCollector:
    """The pool's own counters, read at scrape time, so the metric can never drift from them."""

    def __init__(self) -> None:
        self.stats: Callable[[], Any] | None = None  # set once the pool exists

    def collect(self) -> Iterator[CounterMetricFamily]:
        if self.stats is None:
            return
        stats = self.stats()
        for name, help_text in (
            ("hits", "Calls whose session had a live cached client."),
            ("misses", "Calls that rebuilt their session's client from the store (no Instagram call)."),
            ("evictions", "Cached clients closed to stay within the pool size."),
            ("relogins", "Automatic relogins with a remembered password."),
            (
                "persist_failures",
                "Calls that succeeded upstream but whose session settings could not be saved afterwards.",
            ),
        ):
            yield CounterMetricFamily(f"aiograpi_rest_pool_{name}", help_text, value=getattr(stats, name))
        yield CounterMetricFamily(
            "aiograpi_rest_pacing_waits",
            "Calls that waited for their session's pacing interval (AIOGRAPI_REST_PACING_*) before starting.",
            value=stats.paced,
        )
        yield CounterMetricFamily(
            "aiograpi_rest_pacing_wait_seconds",
            "Seconds calls spent waiting for their session's pacing interval, in all.",
            value=stats.pacing_wait_seconds,
        )


class Metrics:
    """One registry per app, so several apps in one process (tests) never share counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "aiograpi_rest_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "aiograpi_rest_request_duration_seconds",
            "HTTP request latency by route template.",
            ["route", "method"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.upstream_errors = Counter(
            "aiograpi_rest_upstream_errors",
            "Errors raised by aiograpi (Instagram or network), by exception type.",
            ["exc_type"],
            registry=self.registry,
        )
        self.upstream_latency = Histogram(
            "aiograpi_rest_upstream_request_duration_seconds",
            "Instagram's answer time per upstream HTTP request, by endpoint family (the first segment "
            "of a private API path such as users, feed or direct_v2; graphql, rupload, cdn, web; other).",
            ["family"],
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.upstream_timer = UpstreamTimer(self.upstream_latency)
        self.pool_size = Gauge("aiograpi_rest_pool_clients", "Live cached clients.", registry=self.registry)
        self.pool = PoolCollector()
        self.registry.register(self.pool)
        self.sessions = Gauge("aiograpi_rest_sessions", "Stored active sessions.", registry=self.registry)
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def count(self, route: str, method: str, status: int, seconds: float) -> None:
        """One request in `requests` and `latency`. The labelled children are looked up once per
        route, method and status (a bounded set, `route_label`): `labels()` checks and joins
        its values on every call, half the cost of counting."""
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:
            children = self.requests.labels(route, method, str(status)), self.latency.labels(route, method)
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)


class RequestMiddleware:
    """Assigns the request id, logs one line per request and counts it.

    A pure ASGI middleware: it does not buffer bodies, so uploads and file downloads stream.
    Only the route template is logged, never the query string (it may carry a token).
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, max_body: int | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID_OK.match(given) else secrets.token_hex(8)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            declared = _header(scope, b"content-length")
            if (
                self.max_body is not None
                and declared
                and declared.isdigit()
                and int(declared) > self.max_body
            ):
                state["exc_type"] = "RequestTooLarge"
                await too_large_response(self.max_body, request_id)(scope, receive, send_wrapper)
            else:
                await self.app(scope, self._limited(receive), send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = route_label(scope)
            method = scope["method"]
            self.metrics.count(route, method, status, elapsed)
            exc_type = state.get("exc_type")
            if state.get("upstream_exc"):
                self.metrics.upstream_errors.labels(state["upstream_exc"]).inc()
            fields = {
                "request_id": request_id,
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }
            if exc_type:
                fields["exc_type"] = exc_type
            log.info(
                "%s %s %s %s %.1fms",
                request_id,
                method,
                route,
                status,
                elapsed * 1000,
                extra={"fields": fields},
            )

    def _limited(self, receive: Receive) -> Receive:
        """Refuse a body without Content-Length once it streams past `max_body`."""
        if self.max_body is None:
            return receive
        limit = self.max_body
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                from aiograpi_rest.errors import ApiError

                raise ApiError(
                    413, _TOO_LARGE.format(limit), exc_type="RequestTooLarge", hint=_TOO_LARGE_HINT
                )
            return message

        return counting


_TOO_LARGE = "Request body larger than {} bytes"
_TOO_LARGE_HINT = "Send a smaller file, or raise AIOGRAPI_REST_UPLOAD_MAX_BYTES."


def too_large_response(limit: int, request_id: str) -> Any:
    from aiograpi_rest.responses import FastJSONResponse

    body = {
        "detail": _TOO_LARGE.format(limit),
        "exc_type": "RequestTooLarge",
        "hint": _TOO_LARGE_HINT,
        "request_id": request_id,
    }
    return FastJSONResponse(body, status_code=413)


def route_label(scope: Scope) -> str:
    """The route template the request matched, the path of the mount that served it (`/static`),
    or `<unmatched>`: a bounded set, never a raw path."""
    route = scope.get("route")
    if route is not None:
        return route.path
    if scope.get("endpoint") is not None:
        # A Mount matched: it adds its own path to root_path (Starlette keeps the app's own root
        # in app_root_path).
        mount = scope.get("root_path", "")[len(scope.get("app_root_path", "")) :]
        if mount:
            return mount
    return "<unmatched>"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None
