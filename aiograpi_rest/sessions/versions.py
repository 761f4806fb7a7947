"""Versioned session records: the conflict a compare-and-set write meets, and the merge that
resolves it.

Every write names the version it read. When another instance (or worker) wrote in between, the
write is refused and the writer's own changes, from the settings it started with to the ones it
holds now, are applied over what is stored, key by key: two instances changing different
settings (one the locale, the other the timezone, or each the cookies its call rotated) both
keep their change.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


class VersionConflict(Exception):
    """The stored record moved on since the writer read it; `current` is what is stored now."""

    def __init__(self, current: Any) -> None:
        super().__init__("the session was changed by another writer")
        self.current = current


def merge_settings(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """`theirs` with every change from `base` to `ours` applied; where both changed one value,
    ours wins (it is the later write). Nested objects (cookies, authorization data) merge the same way."""
    merged = dict(theirs)
    for key in base.keys() | ours.keys():
        before, mine = base.get(key, _MISSING), ours.get(key, _MISSING)
        if before == mine:
            continue
        other = theirs.get(key, _MISSING)
        if mine is _MISSING:
            merged.pop(key, None)
        elif isinstance(mine, dict) and isinstance(before, dict) and isinstance(other, dict):
            merged[key] = merge_settings(before, mine, other)
        else:
            merged[key] = mine
    return merged
