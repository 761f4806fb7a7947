"""How uvicorn serves an app: the options `serve` uses, shared with the benchmark's bare ASGI app
so that both pay the same HTTP hop."""

from __future__ import annotations

from typing import Any

from aiograpi_rest.config import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.run's keyword arguments, apart from the app."""
    return {
        "host": settings.host,
        "port": settings.port,
        "loop": "uvloop",
        "http": "httptools",
        "log_level": settings.log_level.lower(),
        # The gateway logs one line per request itself.
        "access_log": False,
        # uvicorn trusts X-Forwarded-* from 127.0.0.1 by default and wraps every request in a
        # middleware to read them; the gateway uses neither the client's address nor the
        # scheme, so that work is only done when a proxy is named.
        "proxy_headers": bool(settings.forwarded_allow_ips),
        "forwarded_allow_ips": settings.forwarded_allow_ips or None,
    }
