"""The only module that knows where Instagram is.

aiograpi builds its `httpx.AsyncClient`s in one place, `httpx_ext.Session._set_client`, and
rebuilds them whenever a proxy, TLS setting or settings dump is applied. `GatewayClient` gives
every session it is handed (`private`, `public`, `graphql`) the `_RoutedSession` class, whose
`_set_client` builds clients that:

- share one `ssl.SSLContext` (building one per client costs ~120 ms of CPU);
- never read proxies from the environment (`trust_env=False`): an environment proxy would win
  over the emulator transport and could leak real traffic;
- send every request through the transport chosen by `Upstream`: none (real Instagram), the
  in-process emulator (`ASGITransport`), or an emulator server at a base URL, with the original
  host carried in `X-Upstream-Host`.

`GatewayClient` also switches off aiograpi's hidden sleeps (`request_timeout`, `small_delay`, the
1 s www/graphql waits, the www retry back-off): pacing is the pool's explicit policy instead.
Its uploads skip aiograpi's fixed waits and retry an unfinished transcode with `Upstream`'s
`UploadWaits`, and the media fetches aiograpi makes outside its sessions go through them
(`upstream_media.py`). Nothing here is process-global; two clients with different upstreams
never see each other.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

import httpx
from aiograpi import Client, httpx_ext
from aiograpi.exceptions import LoginRequired
from aiograpi.mixins import challenge as aiograpi_challenge
from aiograpi.utils import video as aiograpi_video

from aiograpi_rest.upstream_calls import Observer
from aiograpi_rest.upstream_media import MediaClientMixin, UploadWaits

UPSTREAM_HOST_HEADER = "x-upstream-host"

_SHARED_SSL_CONTEXT: ssl.SSLContext | None = None


def shared_ssl_context() -> ssl.SSLContext:
    global _SHARED_SSL_CONTEXT
    if _SHARED_SSL_CONTEXT is None:
        _SHARED_SSL_CONTEXT = ssl.create_default_context()
    return _SHARED_SSL_CONTEXT


class BaseURLTransport(httpx.AsyncBaseTransport):
    """Sends every request to one emulator server, keeping the original host in a header."""

    def __init__(self, base_url: str, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.base = httpx.URL(base_url)
        self.inner = inner or httpx.AsyncHTTPTransport(trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        original = request.url
        request.headers[UPSTREAM_HOST_HEADER] = original.host
        request.url = original.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        try:
            return await self.inner.handle_async_request(request)
        finally:
            # The client files Set-Cookie answers under the request's URL: it must be Instagram's.
            request.url = original

    async def aclose(self) -> None:
        # Shared by every client of this upstream: closed once, by `Upstream.aclose`.
        pass


class _RoutedSession(httpx_ext.Session):
    """aiograpi's Session, building its httpx client through the gateway's upstream, and timing
    each request for `/metrics` (`upstream_calls`)."""

    _transport: httpx.AsyncBaseTransport | None = None
    _timeout: float = httpx_ext.DEFAULT_TIMEOUT
    _observe: Observer | None = None

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self._timeout)
        observe = self._observe
        if observe is None:
            return await super().request(*args, **kwargs)
        start = time.perf_counter()
        try:
            return await super().request(*args, **kwargs)
        finally:
            # `Session.request(method, url, …)`: aiograpi always passes both positionally.
            observe(args[1] if len(args) > 1 else kwargs.get("url", ""), time.perf_counter() - start)

    async def send_unfiltered(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """A request whose falsy arguments count (`Session.request` drops `follow_redirects=False`)."""
        if self._client._state is httpx_ext.ClientState.UNOPENED:
            await self._client.__aenter__()
        kwargs.setdefault("timeout", self._timeout)
        start = time.perf_counter()
        try:
            return await self._client.request(method, url, headers=dict(self.headers), **kwargs)
        finally:
            if self._observe is not None:
                self._observe(url, time.perf_counter() - start)

    def _set_client(self) -> None:
        if self._transport is not None:
            # The emulator is the whole network: a proxy would bypass it, so none is used.
            self._client = httpx.AsyncClient(
                transport=self._transport, follow_redirects=True, trust_env=False
            )
        else:
            verify: Any = self.verify
            if verify is True:
                verify = shared_ssl_context()
            elif isinstance(verify, str):
                verify = ssl.create_default_context(cafile=verify)
            self._client = httpx.AsyncClient(
                proxy=self._proxy, verify=verify, follow_redirects=True, trust_env=False
            )


def _quiet_challenge_print(*_args: Any, **_kwargs: Any) -> None:
    # aiograpi's challenge resolver prints the code and the new password it was handed
    # (`Password entered "…"`) to standard output, which a server sends to its logs.
    return None


def _video_print_to_debug(*args: Any, **_kwargs: Any) -> None:
    # aiograpi's video analysis prints each file it reads ("Analyzing video file …") on standard
    # output, between the server's (JSON) log lines; a DEBUG log line says the same.
    _aiograpi_log.debug(" ".join(str(a) for a in args))


_aiograpi_log = logging.getLogger("aiograpi.video")
# Only these modules' own `print` is replaced; nothing else they do changes.
aiograpi_challenge.print = _quiet_challenge_print  # type: ignore[attr-defined]
aiograpi_video.print = _video_print_to_debug  # type: ignore[attr-defined]

_SESSION_ATTRS = frozenset({"private", "public", "graphql"})
_CLASS_CACHES = ("_medias_cache", "_stories_cache", "_users_following", "_users_followers")


async def _no_console_code(_username: str, _choice: Any = None, **_kwargs: Any) -> None:
    # aiograpi's default handlers call input(): a server must never wait on standard input.
    # Returning nothing makes aiograpi raise ChallengeRequired, which the API answers.
    return None


class GatewayClient(MediaClientMixin, Client):
    """aiograpi's Client with the gateway's transport and no hidden sleeps."""

    challenge_code_handler = staticmethod(_no_console_code)
    change_password_handler = staticmethod(_no_console_code)

    def __init__(self, *args: Any, upstream: Upstream, **kwargs: Any) -> None:
        object.__setattr__(self, "_upstream", upstream)
        # Set by the pool for one call when the session may log in again on its own.
        object.__setattr__(self, "heal_login", None)
        # aiograpi keeps these caches on the class, shared by every client in the process: one
        # account's cached objects would answer another's calls.
        for cache in _CLASS_CACHES:
            object.__setattr__(self, cache, {})
        object.__setattr__(self, "configure_waits", [])
        super().__init__(*args, **kwargs)
        self.read_timeout = upstream.timeout  # private calls pass it; the sessions default the rest

    async def private_request(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        if endpoint.startswith("bloks/") and not self.user_id:
            # aiograpi 1.0.9 sends its Bloks login screens (two-step verification, the CAA login,
            # the challenge's new password) without `login=True`, so its logged-in guard stops
            # them with PreLoginRequired before they leave: they run before there is a user.
            kwargs["login"] = True
        try:
            return await super().private_request(endpoint, *args, **kwargs)
        except LoginRequired:
            heal: Callable[[GatewayClient], Awaitable[bool]] | None = self.heal_login
            if heal is None or kwargs.get("login"):
                raise
            self.heal_login = None  # once per call: a second LoginRequired is final
            if not await heal(self):
                raise
            return await super().private_request(endpoint, *args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SESSION_ATTRS and type(value) is httpx_ext.Session:
            value.__class__ = _RoutedSession
            value._transport = self._upstream.transport
            value._timeout = self._upstream.timeout
            value._observe = self._upstream.observe
        object.__setattr__(self, name, value)

    # aiograpi sleeps before each private call and after fast answers; the pool paces instead.
    @property
    def request_timeout(self) -> float:
        return 0

    @request_timeout.setter
    def request_timeout(self, _value: float) -> None:
        pass

    @property
    def last_response_ts(self) -> float:
        return 0

    @last_response_ts.setter
    def last_response_ts(self, _value: float) -> None:
        pass

    @property
    def public_request_retries_timeout(self) -> float:
        return 0

    @public_request_retries_timeout.setter
    def public_request_retries_timeout(self, _value: float) -> None:
        pass


async def close_client(cl: Client) -> None:
    """Close every httpx client an aiograpi Client holds."""
    for name in _SESSION_ATTRS:
        session = getattr(cl, name, None)
        if session is not None:
            await session._close()


class Upstream:
    """Where aiograpi's requests go: `instagram`, `sandbox`, or an emulator base URL."""

    def __init__(
        self,
        target: str = "instagram",
        seed: int = 0,
        emulator: Any = None,
        timeout: float = 45.0,
        transcode_wait: float = 60.0,
    ) -> None:
        self.target = target
        self.seed = seed
        self.timeout = timeout
        self.transcode_wait = transcode_wait
        self._emulator = emulator
        # Set by the app to time every upstream request (`upstream_calls.UpstreamTimer.observe`).
        self.observe: Observer | None = None

    @cached_property
    def upload_waits(self) -> UploadWaits:
        """Back-off while Instagram transcodes; an emulator transcodes at once, so no waits there."""
        waits = UploadWaits.backoff(self.transcode_wait)
        return waits if self.target == "instagram" else waits.without_waiting()

    @cached_property
    def emulator(self) -> Any:
        """The in-process emulator (sandbox mode only)."""
        if self.target != "sandbox":
            return None
        if self._emulator is None:
            from aiograpi_rest.emulator import Emulator

            self._emulator = Emulator(seed=self.seed)
        return self._emulator

    @cached_property
    def transport(self) -> httpx.AsyncBaseTransport | None:
        if self.target == "instagram":
            return None
        if self.target == "sandbox":
            return httpx.ASGITransport(app=self.emulator.app)
        return BaseURLTransport(self.target)

    async def aclose(self) -> None:
        transport = self.__dict__.get("transport")
        if isinstance(transport, BaseURLTransport):
            await transport.inner.aclose()

    def new_client(self, settings: dict | None = None, proxy: str | None = None) -> GatewayClient:
        """A Client restored from `settings` with its cookies intact, making no upstream call."""
        cl = GatewayClient(upstream=self, settings=settings or {}, proxy=proxy)
        restore_cookies(cl, settings or {})
        return cl


def restore_cookies(cl: Client, settings: dict) -> None:
    # `init()` sets the cookies and then rebuilds the private client, which drops them.
    cookies = settings.get("cookies") or {}
    if cookies:
        cl.private.set_cookies(cookies)
