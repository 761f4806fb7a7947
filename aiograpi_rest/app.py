"""`create_app(settings)`: wiring and lifespan; nothing else."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from aiograpi_rest import __version__, errors
from aiograpi_rest.config import Settings
from aiograpi_rest.deps import Services
from aiograpi_rest.dispatch import GatewayApp
from aiograpi_rest.observability import Metrics, RequestMiddleware
from aiograpi_rest.openapi import build_openapi, unique_id
from aiograpi_rest.responses import FastJSONResponse
from aiograpi_rest.routes import mounts, system
from aiograpi_rest.sandbox import SandboxControl
from aiograpi_rest.sessions.coordination import coordinator_for
from aiograpi_rest.sessions.pool import ClientPool
from aiograpi_rest.sessions.store import SessionStore
from aiograpi_rest.upstream import Upstream

log = logging.getLogger("aiograpi_rest")


def create_app(settings: Settings | None = None, *, upstream: Upstream | None = None) -> FastAPI:
    """The gateway. `upstream` lets tests hand in an emulator they also inspect."""
    settings = settings or Settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        up = upstream or Upstream(
            settings.upstream,
            seed=settings.emulator_seed,
            timeout=settings.upstream_timeout,
            transcode_wait=settings.upload_transcode_wait,
        )
        store = await SessionStore.open(settings)
        expired = await store.delete_expired()
        if expired:
            log.info("deleted %d expired pending logins", expired)
        coordinator = coordinator_for(settings)
        if coordinator.shared:
            store.on_moved = coordinator.moved
        pool = ClientPool(
            store,
            up,
            size=settings.pool_size,
            min_interval=settings.pacing_min_interval,
            jitter=settings.pacing_jitter,
            coordinator=coordinator,
            check_versions=not settings.single_writer,
        )
        metrics.pool.stats = lambda: pool.stats
        up.observe = metrics.upstream_timer.observe
        app.state.services = Services(settings, store, pool, up, metrics)
        if up.target != "instagram":
            log.warning("upstream is %s: no request reaches Instagram", up.target)
        try:
            yield
        finally:
            await pool.close()
            await coordinator.close()
            await store.close()
            if upstream is None:
                await up.aclose()

    app = GatewayApp(
        front=lambda inner: RequestMiddleware(inner, metrics=metrics, max_body=settings.upload_max_bytes),
        title="aiograpi-rest",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        default_response_class=FastJSONResponse,
        generate_unique_id_function=unique_id,
    )
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    errors.install(app)
    if settings.sandbox:
        app.add_middleware(SandboxControl)
    app.mount("/static", StaticFiles(directory=system.STATIC_DIR), name="static")
    for router, dependencies in mounts():
        app.include_router(router, dependencies=dependencies)
    return app
