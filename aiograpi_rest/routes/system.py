"""System endpoints: liveness, readiness, metrics, build and dependency versions, docs."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Literal

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field, RootModel

from aiograpi_rest import __version__
from aiograpi_rest.deps import ServicesDep
from aiograpi_rest.responses import FastJSONResponse

router = APIRouter(tags=["System"])

STATIC_DIR = Path(fastapi_offline.__file__).parent / "static"
# fastapi-offline's ReDoc still loads the sidebar's "API docs by Redocly" logo from Redocly's CDN;
# the copy served at /redoc/redoc.standalone.js shows this small mark instead, from the page.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
REDOC_LOGO = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Ccircle cx='8' cy='8' r='6' fill='none' stroke='%23888' stroke-width='2'/%3E%3C/svg%3E"
)
RUNTIME_DEPS = (
    "aiograpi",
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic-settings",
    "uvicorn",
    "httpx",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "cryptography",
    "prometheus-client",
    "orjson",
    "python-multipart",
    "typer",
    "pyotp",
)
STARTED_AT = datetime.now(UTC).isoformat()


class Health(BaseModel):
    status: str = Field(description="`ok` whenever the process answers.")


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(description="Each dependency: `ok`, or `failed: <error class>`.")


class Build(BaseModel):
    name: str
    version: str
    python: str
    git_sha: str | None = Field(description="AIOGRAPI_REST_GIT_SHA, else the checkout's HEAD, else null.")
    build_time: str = Field(description="AIOGRAPI_REST_BUILD_TIME, else when the process started.")


class DependencyVersions(RootModel[dict[str, str | None]]):
    """Each runtime dependency's installed version (null: not installed)."""


@router.get("/health", summary="Liveness: the process answers", response_model=Health)
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness: the session store answers a real query",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A dependency is down: `checks` names it."}},
)
async def ready(svc: ServicesDep) -> Response:
    checks: dict[str, str] = {}
    try:
        await svc.store.ping()
        checks["store"] = "ok"
    except Exception as exc:  # any failure of the store means not ready; the check names it
        checks["store"] = f"failed: {type(exc).__name__}"
    if svc.pool.coordinator.shared:
        try:
            await svc.pool.coordinator.ping()
            checks["redis"] = "ok"
        except Exception as exc:  # no turn can be taken: every session call would be a 503
            checks["redis"] = f"failed: {type(exc).__name__}"
    status = "ok" if all(v == "ok" for v in checks.values()) else "unavailable"
    code = 200 if status == "ok" else 503
    return FastJSONResponse({"status": status, "checks": checks}, status_code=code)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def metrics(svc: ServicesDep) -> Response:
    m = svc.metrics
    m.pool_size.set(len(svc.pool))
    m.sessions.set(await svc.store.count())
    return Response(generate_latest(m.registry), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/build", summary="Name, version, Python version, git commit and build time", response_model=Build
)
async def build(svc: ServicesDep) -> dict[str, str | None]:
    return {
        "name": "aiograpi-rest",
        "version": __version__,
        "python": platform.python_version(),
        "git_sha": svc.settings.git_sha or _git_sha(),
        "build_time": svc.settings.build_time or STARTED_AT,
    }


@router.get(
    "/deps", summary="Installed versions of the runtime dependencies", response_model=DependencyVersions
)
async def deps() -> dict[str, str | None]:
    return _versions()


@router.get("/version", include_in_schema=False)
async def version() -> dict[str, str | None]:
    return _versions()


@router.get("/", include_in_schema=False)
async def root() -> RedirectResponse:
    return RedirectResponse("/docs")


@router.get("/docs", include_in_schema=False)
async def swagger(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="aiograpi-rest",
        swagger_js_url="/static/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui.css",
        swagger_favicon_url="/static/favicon.png",
        swagger_ui_parameters={"persistAuthorization": True},
    )


@router.get("/redoc", include_in_schema=False)
async def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="aiograpi-rest",
        redoc_js_url="/redoc/redoc.standalone.js",
        redoc_favicon_url="/static/favicon.png",
        with_google_fonts=False,
    )


@router.get("/redoc/redoc.standalone.js", include_in_schema=False)
async def redoc_js() -> Response:
    return Response(
        _offline_redoc(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
    )


@cache
def _offline_redoc() -> bytes:
    script = (STATIC_DIR / "redoc.standalone.js").read_bytes()
    return script.replace(REDOC_CDN_LOGO.encode(), REDOC_LOGO.encode())


@cache
def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in RUNTIME_DEPS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


@cache
def _git_sha() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
