"""The emulator as its own HTTP server (`aiograpi-rest emulator --host --port --seed`)."""

from __future__ import annotations

import uvicorn

from aiograpi_rest.emulator.app import Emulator


def config(
    host: str = "127.0.0.1",
    port: int = 9000,
    seed: int = 0,
    emulator: Emulator | None = None,
    **options: object,
) -> uvicorn.Config:
    """A uvicorn config serving `emulator` (a fresh one from `seed` by default)."""
    app = (emulator or Emulator(seed=seed)).app
    # A bound method is not auto-detected as ASGI 3.
    return uvicorn.Config(app, host=host, port=port, lifespan="on", interface="asgi3", **options)


def run(host: str, port: int, seed: int, **options: object) -> None:
    """Serve until interrupted. Clients reach it with `AIOGRAPI_REST_UPSTREAM=http://host:port`.

    Shutting down waits a few seconds for answers in progress, not for a fault's whole delay."""
    options.setdefault("timeout_graceful_shutdown", 3)
    uvicorn.Server(config(host, port, seed, **options)).run()
