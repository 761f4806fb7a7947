"""Route modules, one per reference tag, mounted in this order (the reference's tag order)."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter
from fastapi.routing import APIRoute

# Each module holds `router`; add a module here when its tag lands.
MODULES = [
    "auth",
    "account",
    "account_lists",
    "user",
    "user_media",
    "user_relations",
    "share",
    "reels",
    "explore",
    "media",
    "media_comments",
    "livestream",
    "notifications",
    "insights",
]


def routers() -> list[APIRouter]:
    return [import_module(f"aiograpi_rest.routes.{name}").router for name in MODULES]


def api_routes() -> list[tuple[APIRoute, bool]]:
    """Every operation the app serves, and whether it sits behind the API-key guard (`app.py`
    includes every module's router with it; the system routes stay open)."""
    system = import_module("aiograpi_rest.routes.system").router
    return [
        (route, router is not system)
        for router in [system, *routers()]
        for route in router.routes
        if isinstance(route, APIRoute)
    ]
