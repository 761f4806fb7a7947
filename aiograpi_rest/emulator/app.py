"""The emulator as an ASGI app: control API, fault rules, request log, then the URL map."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.responses import Response

from aiograpi_rest.emulator import errors
from aiograpi_rest.emulator.faults import Faults
from aiograpi_rest.emulator.http import (
    VISIBLE_USERS,
    Answer,
    EmRequest,
    parse_body,
    parse_cookies,
    sessionid_from_authorization,
)
from aiograpi_rest.emulator.log import UNLOGGED_HEADERS, LogEntry, RequestLog
from aiograpi_rest.emulator.seed import build_world
from aiograpi_rest.emulator.urls import CONTROL_ROUTES, WWW, is_cdn_host, resolve, url_map

UPSTREAM_HOST_HEADER = "x-upstream-host"
CONTROL_PREFIX = "/__emulator/"

logger = logging.getLogger(__name__)
# One WARNING per request no handler answers: the test suite fails any test that logs one, so a
# call aiograpi makes that the emulator does not know cannot go unnoticed.
gaps = logging.getLogger("aiograpi_rest.emulator.gaps")


class Emulator:
    """An offline Instagram. `app` is its ASGI app; `world`, `log` and `faults` are its state."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.world = build_world(seed)
        self.log = RequestLog()
        self.faults = Faults()
        self.routes = url_map()

    def reset(self) -> None:
        """Back to the seed world, with an empty log and no fault rules."""
        generation = self.world.auth.generation + 1
        self.world = build_world(self.seed)
        self.world.auth.generation = generation  # logs out every session of the old world
        self.log.clear()
        self.faults.clear()

    @property
    def app(self) -> Any:
        return self._asgi

    async def _asgi(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        req = await self._read(scope, receive)
        if req.path.startswith(CONTROL_PREFIX) or req.path == CONTROL_PREFIX.rstrip("/"):
            result = await self._control(req)
        else:
            result = await self._upstream(req)
        await _render(result)(scope, receive, send)

    async def _read(self, scope: dict, receive: Any) -> EmRequest:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        # The private session always sends `Host: i.instagram.com`, so the host comes from the URL.
        host = headers.get(UPSTREAM_HOST_HEADER) or (scope.get("server") or ("", 0))[0]
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        return EmRequest(
            method=scope["method"].upper(),
            host=host,
            path=scope["path"],
            query=query,
            form=parse_body(body, headers.get("content-type", "")),
            headers=headers,
            cookies=parse_cookies(headers.get("cookie", "")),
            body=body,
            world=self.world,
            visible_users=scope.get(VISIBLE_USERS),
        )

    async def _upstream(self, req: EmRequest) -> Any:
        headers = {k: v for k, v in req.headers.items() if k not in UNLOGGED_HEADERS}
        entry = LogEntry(req.method, req.host, req.path, req.query, sorted(req.form), headers=headers)
        self.log.append(entry)
        rule = self.faults.take(req.method, req.host, req.path)
        if rule is not None:
            entry.fault = rule.id
            if rule.delay:
                await asyncio.sleep(rule.delay)
        if rule is not None and rule.status is not None:
            result: Any = self._fault_answer(rule, req)
        else:
            result = await self._dispatch(req)
        entry.status, entry.ended = _status(result), time.time()
        return result

    def _fault_answer(self, rule: Any, req: EmRequest) -> errors.UpstreamError:
        session = self._session_of(req)
        if rule.preset == "challenge_required" and session is not None:
            # A real challenge for the session's user: resolvable with the code it e-mails.
            user = self.world.users.get(session.user_pk)
            return self.world.auth.start_challenge(user, session.device_id)
        return errors.UpstreamError(rule.status, rule.body if rule.body is not None else {})

    def _session_of(self, req: EmRequest) -> Any:
        sessionid = sessionid_from_authorization(req.headers.get("authorization", ""))
        return self.world.auth.session(sessionid) or self.world.auth.session(req.cookies.get("sessionid"))

    async def _dispatch(self, req: EmRequest) -> Any:
        try:
            fields = req.fields()
            found = resolve(self.routes, req.method, req.host, req.path, fields)
            if found is None and is_cdn_host(req.host):
                # The CDN is emulated whole: a path naming no file it holds is a CDN's 404.
                raise errors.fail(404, "Not Found")
            if found is None:
                gaps.warning("not emulated: %s %s%s", req.method, req.host, req.path)
                raise errors.not_implemented(req.method, req.host, req.path, fields)
            route, req.params = found
            req.session = self._session_of(req)
            if route.auth and req.session is None:
                if req.host == WWW and not req.path.startswith("/api/"):
                    raise errors.login_redirect(req.path)
                raise errors.login_required()
            return await _call(route.handler, req)
        except errors.UpstreamError as e:
            return e
        except Exception:  # a bug in a handler: loud, in Instagram's 500 shape
            logger.exception("emulator handler failed: %s %s%s", req.method, req.host, req.path)
            return errors.fail(500, "emulator: handler error (see the emulator log)")

    async def _control(self, req: EmRequest) -> Any:
        # `/__emulator` is the index too, as `/__emulator/` is.
        path = req.path if req.path.startswith(CONTROL_PREFIX) else CONTROL_PREFIX
        found = resolve(CONTROL_ROUTES, req.method, req.host, path, {})
        if found is None:
            return errors.fail(404, f"emulator: no control endpoint {req.method} {req.path}")
        route, req.params = found
        try:
            return await _call(route.handler, self, req)
        except errors.UpstreamError as e:
            return e


async def _call(handler: Any, *args: Any) -> Any:
    result = handler(*args)
    return await result if inspect.isawaitable(result) else result


def _status(result: Any) -> int:
    if isinstance(result, errors.UpstreamError | Answer):
        return result.status
    return 200


def _render(result: Any) -> Response:
    if isinstance(result, errors.UpstreamError):
        result = Answer(result.body, result.status, result.headers)
    elif not isinstance(result, Answer):
        result = Answer(result)
    body = result.body
    if isinstance(body, dict):
        if result.status < 300:
            body.setdefault("status", "ok")
        content = orjson.dumps(body)
        media_type = result.media_type
    elif isinstance(body, str):
        content, media_type = (
            body.encode(),
            result.media_type if result.media_type != "application/json" else "text/html",
        )
    else:
        content, media_type = body, result.media_type
    response = Response(content, result.status, headers=result.headers, media_type=media_type)
    for name, value in result.cookies.items():
        response.set_cookie(name, value, path="/", httponly=name == "sessionid")
    return response


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
