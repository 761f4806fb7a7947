"""The URL map: (host, method, path pattern [, GraphQL selector]) → handler.

Handlers register themselves with `@route(...)` in `handlers/<area>.py`; every module in that
package is imported by `url_map()`, so adding an endpoint is one decorated function:

    @route("POST", "media/{media_id}/like/")          # i.instagram.com/api/v1/...
    def media_like(req: EmRequest) -> dict: ...

    @route("GET", "/api/v1/users/web_profile_info/", host=WWW, auth=False)
    @route("POST", "/graphql/query/", host=WWW, selector=("doc_id", "8845758582119845"))

A path without a leading `/` is relative to `/api/v1/`. `{name}` matches one path segment and
reaches the handler as `req.params["name"]`. A `selector` picks a GraphQL query by its `doc_id`
or `query_hash` field, so one URL can hold many handlers.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

PRIVATE = "i.instagram.com"
WWW = "www.instagram.com"
RUPLOAD_FB = "rupload.facebook.com"  # Direct video and voice bytes
CDN = "cdn"  # any scontent / cdninstagram / fbcdn host
ANY = "*"  # the control API answers on every host

_CDN_HOST = re.compile(r"(^|\.)(cdninstagram\.com|fbcdn\.net)$|^scontent")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

Handler = Callable[..., Any | Awaitable[Any]]


@dataclass(frozen=True)
class Route:
    method: str
    host: str
    template: str  # absolute path with {name} placeholders
    handler: Handler
    auth: bool
    selector: tuple[str, str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.template)

    @property
    def key(self) -> str:
        """`POST i.instagram.com/api/v1/media/{}/like/ [doc_id=…]`: how the coverage table names it."""
        key = f"{self.method} {self.host}{_PLACEHOLDER.sub('{}', self.template)}"
        if self.selector:
            key += f" [{self.selector[0]}={self.selector[1]}]"
        return key

    def matches_host(self, host: str) -> bool:
        if self.host == ANY:
            return True
        if self.host == CDN:
            return is_cdn_host(host)
        return self.host == host


def is_cdn_host(host: str) -> bool:
    return bool(_CDN_HOST.search(host))


@cache
def _compile(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : m.start()]))
        parts.append(f"(?P<{m.group(1)}>[^/]+)")
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts))


ROUTES: list[Route] = []
CONTROL_ROUTES: list[Route] = []


def _absolute(path: str) -> str:
    return path if path.startswith("/") else "/api/v1/" + path


def route(
    method: str,
    path: str,
    *,
    host: str = PRIVATE,
    auth: bool = True,
    selector: tuple[str, str] | None = None,
) -> Callable[[Handler], Handler]:
    """Register an Instagram endpoint. `auth=False` for endpoints a logged-out client may call."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method.upper(), host, _absolute(path), handler, auth, selector))
        return handler

    return register


def control(method: str, path: str) -> Callable[[Handler], Handler]:
    """Register a `/__emulator/...` control endpoint (any host, never logged, never faulted)."""

    def register(handler: Handler) -> Handler:
        CONTROL_ROUTES.append(Route(method.upper(), ANY, "/__emulator/" + path, handler, False))
        return handler

    return register


@cache
def url_map() -> tuple[Route, ...]:
    """Every registered route, importing each `handlers/<area>.py` once."""
    from aiograpi_rest.emulator import control as _control  # noqa: F401  (registers the control API)
    from aiograpi_rest.emulator import handlers

    for module in pkgutil.iter_modules(handlers.__path__):
        importlib.import_module(f"{handlers.__name__}.{module.name}")
    # Routes with a selector are tried first: they share a URL with the selector-less fallback.
    return tuple(sorted(ROUTES, key=lambda r: r.selector is None))


def resolve(
    routes: tuple[Route, ...] | list[Route], method: str, host: str, path: str, fields: dict[str, Any]
) -> tuple[Route, dict[str, str]] | None:
    for r in routes:
        if r.method != method or not r.matches_host(host):
            continue
        m = r.regex.fullmatch(path)
        if m is None:
            continue
        if r.selector and str(fields.get(r.selector[0], "")) != r.selector[1]:
            continue
        return r, m.groupdict()
    return None
