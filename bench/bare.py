"""The floor no gateway can go under: a bare ASGI app under the gateway's own uvicorn options,
answering each benchmarked request with the bytes the gateway answered it with.

    python bench/bare.py ANSWERS.json --port N

ANSWERS.json maps "METHOD /path" to {"status", "headers": [[name, value]...], "body"}: what the
gateway sent (its server and date headers aside, which uvicorn adds to both).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import uvicorn

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from aiograpi_rest.config import Settings  # noqa: E402
from aiograpi_rest.serving import uvicorn_options  # noqa: E402


def bare_app(answers: dict[str, Any]) -> Any:
    prepared = {
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
    missing = (
        {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]},
        {"type": "http.response.body", "body": b""},
    )

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        # Read the body as any app must, so the request is consumed the same way.
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        start, body = prepared.get(f"{scope['method']} {scope['path']}", missing)
        await send(start)
        await send(body)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("answers", type=Path)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    answers = json.loads(args.answers.read_text())
    options = uvicorn_options(Settings(port=args.port, log_level="warning"))
    uvicorn.run(bare_app(answers), **options)


if __name__ == "__main__":
    main()
