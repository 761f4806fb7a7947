"""The floors no gateway can go under, under the gateway's own uvicorn options: a bare ASGI app
answering each benchmarked request with the bytes the gateway answered it with.

    python bench/bare.py ANSWERS.json --port N                        # the HTTP hop alone
    python bench/bare.py ANSWERS.json --port N --upstream URL --targets USER_ID,MEDIA_ID

ANSWERS.json maps "METHOD /path" to {"status", "headers": [[name, value]...], "body"}: what the
gateway sent (its server and date headers aside, which uvicorn adds to both).

With --upstream, each request first makes the operation's aiograpi call on the client of its
`X-Session-ID` (one call at a time per client, as the gateway's pool does), then answers the same
bytes: the HTTP hop plus the direct aiograpi call, and nothing else. What the gateway spends above
that is its own; at concurrency 16 its requests/s is the most any gateway serving aiograpi from one
process could reach.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import uvicorn

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from aiograpi_rest.config import Settings  # noqa: E402
from aiograpi_rest.serving import tune_gc, uvicorn_options  # noqa: E402
from aiograpi_rest.upstream import Upstream  # noqa: E402

Prepared = tuple[dict[str, Any], dict[str, Any]]
MISSING: Prepared = (
    {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]},
    {"type": "http.response.body", "body": b""},
)


def prepare(answers: dict[str, Any]) -> dict[str, Prepared]:
    return {
        key: (
            {
                "type": "http.response.start",
                "status": a["status"],
                "headers": [(k.encode(), v.encode()) for k, v in a["headers"]],
            },
            {"type": "http.response.body", "body": a["body"].encode()},
        )
        for key, a in answers.items()
    }


async def _consume(receive: Any) -> None:
    # Read the body as any app must, so the request is consumed the same way.
    more = True
    while more:
        more = (await receive()).get("more_body", False)


def bare_app(answers: dict[str, Any]) -> Any:
    prepared = prepare(answers)

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await _consume(receive)
        start, body = prepared.get(f"{scope['method']} {scope['path']}", MISSING)
        await send(start)
        await send(body)

    return app


def _session_of(scope: dict) -> bytes:
    return next((v for k, v in scope["headers"] if k == b"x-session-id"), b"")


def aiograpi_app(answers: dict[str, Any], upstream_url: str, targets: Any) -> Any:
    """The bare app that makes each request's aiograpi call first (see the module's docstring)."""
    from bench.run import BARE_TOKENS, OPERATIONS, login_direct

    prepared = prepare(answers)
    calls = {f"{op.method} {op.path}": op.direct for op in OPERATIONS}
    upstream = Upstream(upstream_url)
    clients: dict[bytes, tuple[asyncio.Lock, Any]] = {}

    async def lifespan(receive: Any, send: Any) -> None:
        await receive()  # startup: log the benchmark's sessions in before serving
        for token, cl in zip(BARE_TOKENS, await login_direct(upstream, len(BARE_TOKENS)), strict=True):
            clients[token.encode()] = (asyncio.Lock(), cl)
        await send({"type": "lifespan.startup.complete"})
        await receive()  # shutdown
        await upstream.aclose()
        await send({"type": "lifespan.shutdown.complete"})

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await lifespan(receive, send)
        await _consume(receive)
        key = f"{scope['method']} {scope['path']}"
        held = clients.get(_session_of(scope))
        if held is not None and key in prepared:
            lock, cl = held
            async with lock:
                await calls[key](cl, targets)
        start, body = prepared.get(key, MISSING) if held else MISSING
        await send(start)
        await send(body)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("answers", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", help="the emulator's URL: make each operation's aiograpi call")
    parser.add_argument("--targets", help="USER_ID,MEDIA_ID the operations act on (with --upstream)")
    args = parser.parse_args()
    answers = json.loads(args.answers.read_text())
    if args.upstream:
        from bench.run import Targets

        app = aiograpi_app(answers, args.upstream, Targets(*args.targets.split(",")))
    else:
        app = bare_app(answers)
    options = uvicorn_options(Settings(port=args.port, log_level="warning"))
    tune_gc()  # as the gateway's workers run (`aiograpi_rest.asgi`)
    uvicorn.run(app, **options)


if __name__ == "__main__":
    main()
