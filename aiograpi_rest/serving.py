"""How a serving process runs: uvicorn's options and the collector's thresholds that `serve` uses,
shared with the benchmark's bare ASGI app (and its direct calls), so that what differs between
them is the code."""

from __future__ import annotations

import gc
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


# CPython collects its youngest generation every 700 net allocations, and a request allocates
# thousands of objects that mostly die by reference counting anyway. Measured with gc.callbacks
# over one `bench/run.py --quick --seconds 6 --only 'GET /user'` run (about 6,000 requests):
# defaults, 850-900 collections taking 0.93-0.96 s; these thresholds, 240 taking 0.57-0.61 s.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Set the collector's thresholds of a serving process (`GC_THRESHOLDS`)."""
    gc.set_threshold(*GC_THRESHOLDS)
