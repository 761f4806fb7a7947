"""Route modules, one per reference tag, mounted in this order (the reference's tag order)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.routing import APIRoute

from aiograpi_rest.deps import tenant

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
    "photo",
    "video",
    "clip",
    "album",
    "igtv",
    "insights",
    "hashtag",
    "location",
    "note",
    "search",
    "highlight",
    "track",
    "story",
    "direct_video",
    "direct",
    "direct_messages",
]


def routers() -> list[APIRouter]:
    return [import_module(f"aiograpi_rest.routes.{name}").router for name in MODULES]


def mounts() -> list[tuple[APIRouter, list[Any]]]:
    """Each router and the dependencies the app includes it with: every module's router sits
    behind the API-key guard; the system routes stay open."""
    system = import_module("aiograpi_rest.routes.system").router
    return [(system, []), *((router, [Depends(tenant)]) for router in routers())]


def api_routes() -> list[tuple[APIRoute, list[Any]]]:
    """Every operation the app serves, with the dependencies its router is included with."""
    return [
        (route, dependencies)
        for router, dependencies in mounts()
        for route in router.routes
        if isinstance(route, APIRoute)
    ]
