"""Which Instagram endpoints an operation may reach, from the contract's `upstream` field."""

from __future__ import annotations

import re
from typing import Any

from aiograpi_rest.emulator.coverage import normalize


def _endpoint_regex(key: str) -> re.Pattern[str]:
    """`VERB host/path` of the contract (placeholders, a GraphQL selector) as a regex over
    `VERB host/path` of a log entry. The selector is not compared: the log keeps form keys only."""
    if key.startswith("GET {cdn_url}"):
        return re.compile(r"GET (?!(i|www)\.instagram\.com/)\S+")
    url = normalize(key).split(" [", 1)[0]
    return re.compile("[^/]+".join(re.escape(part) for part in url.split("{}")))


def allowed_upstream(contract: list[dict[str, Any]]) -> dict[str, list[re.Pattern[str]]]:
    """`METHOD /path` of each operation → the upstream endpoints its client methods may reach."""
    return {
        f"{route['method']} {route['path']}": [
            _endpoint_regex(key) for keys in route["upstream"].values() for key in keys
        ]
        for route in contract
    }


def stray_upstream(patterns: list[re.Pattern[str]], entries: list[dict[str, Any]]) -> list[str]:
    """`VERB host/path` of the emulator log entries that match none of an operation's `patterns`."""
    lines = [f"{e['method']} {e['host']}{e['path']}" for e in entries]
    return [line for line in lines if not any(p.fullmatch(line) for p in patterns)]
