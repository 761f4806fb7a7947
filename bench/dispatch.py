"""What choosing an operation's handler costs, for the first-mounted and the last-mounted
operation with the whole contract mounted: FastAPI's router (each mounted route asked in turn,
as Starlette does) against the static dispatch the gateway uses.

    python bench/dispatch.py     # prints JSON; bench/run.py includes it in its report
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from starlette.routing import Match  # noqa: E402

from aiograpi_rest.app import create_app  # noqa: E402
from aiograpi_rest.config import Settings  # noqa: E402
from aiograpi_rest.dispatch import StaticDispatch  # noqa: E402
from aiograpi_rest.routes import api_routes  # noqa: E402

ROUNDS = 20_000
WALK_ROUNDS = 500  # FastAPI's walk takes up to 0.4 ms a round


def _scope(method: str, path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }


async def _noop(scope: Any, receive: Any, send: Any) -> None:
    return None


def _fastapi_match(routes: list[Any], scope: dict[str, Any]) -> None:
    for route in routes:
        match, _ = route.matches(dict(scope))
        if match == Match.FULL:
            return
    raise LookupError(scope["path"])


def _us(run: Any, loop: asyncio.AbstractEventLoop, rounds: int) -> float:
    """Microseconds per call of `run()`, a coroutine doing `rounds` calls."""
    start = time.perf_counter()
    loop.run_until_complete(run())
    return (time.perf_counter() - start) / rounds * 1e6


def measure(repeats: int = 15) -> dict[str, Any]:
    app = create_app(Settings(database_url="sqlite+aiosqlite:///:memory:", upstream="sandbox"))
    dispatch = StaticDispatch(app, _noop)
    # The handlers themselves are not what is measured: each entry calls a no-op instead, with
    # what the dispatch wraps every handler in.
    dispatch.table = {key: (dispatch.guard(_noop), route) for key, (_, route) in dispatch.table.items()}
    operations = [(method, route.path) for route, _ in api_routes() for method in sorted(route.methods)]
    loop = asyncio.new_event_loop()

    def through(asgi: Any, scope: dict[str, Any]) -> Any:
        async def run() -> None:
            for _ in range(ROUNDS):
                await asgi(dict(scope), _noop, _noop)

        return run

    def walk(scope: dict[str, Any]) -> Any:
        async def run() -> None:
            for _ in range(WALK_ROUNDS):
                _fastapi_match(app.router.routes, scope)

        return run

    picked = {"first mounted": operations[0], "last mounted": operations[-1]}
    scopes = {label: _scope(*op) for label, op in picked.items()}
    best: dict[tuple[str, str], float] = {}
    # Interleaved, and the best of each kept: the runs least disturbed by other work on the
    # machine, taken at the same moments for both operations.
    for _ in range(repeats):
        for label, scope in scopes.items():
            for kind, run, rounds in (
                ("dispatch", through(dispatch, scope), ROUNDS),
                ("empty", through(_noop, scope), ROUNDS),
                ("walk", walk(scope), WALK_ROUNDS),
            ):
                value = _us(run, loop, rounds)
                best[label, kind] = min(best.get((label, kind), value), value)
    loop.close()
    rows = [
        {
            "operation": " ".join(picked[label]),
            "position": label,
            # What the dispatch adds to an ASGI call that does nothing.
            "static_dispatch_us": round(max(best[label, "dispatch"] - best[label, "empty"], 0.0), 2),
            "fastapi_router_match_us": round(best[label, "walk"], 2),
        }
        for label in picked
    ]
    return {"operations_mounted": len(operations), "rounds": ROUNDS, "rows": rows}


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
