"""Route modules, one per reference tag, mounted in this order (the reference's tag order)."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

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
