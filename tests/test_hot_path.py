"""What keeps the request path fast (bench/run.py measures it; this keeps it from regressing).

FastAPI runs a plain `def` handler or dependency in its thread pool: a thread hop per request,
measured at about 0.15-0.25 ms of gateway CPU each on GET /user. Every handler and dependency of
every route is therefore `async def` (or an async generator, or an object with an async __call__).
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi.dependencies.models import Dependant

from aiograpi_rest.routes import api_routes


def _runs_inline(call: Any) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return True
    # Security schemes are objects whose class has `async def __call__`.
    return not inspect.isfunction(call) and inspect.iscoroutinefunction(type(call).__call__)


def _calls(dependant: Dependant) -> list[Any]:
    found = [dependant.call] if dependant.call is not None else []
    for sub in dependant.dependencies:
        found += _calls(sub)
    return found


def test_no_handler_or_dependency_runs_in_the_thread_pool() -> None:
    routes = [route for route, _included_with in api_routes()]
    assert len(routes) > 100  # every route module was found

    threaded = sorted(
        {
            f"{route.path}: {getattr(call, '__module__', '?')}.{getattr(call, '__qualname__', call)}"
            for route in routes
            for call in _calls(route.dependant)
            if not _runs_inline(call)
        }
    )
    assert threaded == [], "make these async def (no blocking I/O inside):\n" + "\n".join(threaded)
