"""The request log: what reached the emulator, so tests can assert which upstream calls happened."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LogEntry:
    method: str
    host: str
    path: str
    query: dict[str, str]
    form_keys: list[str]
    status: int = 0
    time: float = field(default_factory=time.time)  # when the request arrived
    ended: float = 0.0  # when its answer was ready (after any fault's delay); 0 while in progress
    headers: dict[str, str] = field(default_factory=dict)  # lower-case, without credentials
    fault: int | None = None  # id of the fault rule that answered, if any

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Credentials stay out of the log: it is served by the control API.
UNLOGGED_HEADERS = frozenset({"authorization", "cookie", "x-upstream-host"})


class RequestLog(list[LogEntry]):
    def calls(
        self, path_regex: str | None = None, method: str | None = None, host: str | None = None
    ) -> list[LogEntry]:
        """Entries whose path matches `path_regex` (searched), with this method and host if given."""
        pattern = re.compile(path_regex) if path_regex else None
        return [
            e
            for e in self
            if (pattern is None or pattern.search(e.path))
            and (method is None or e.method == method.upper())
            and (host is None or e.host == host)
        ]

    def lines(self) -> list[str]:
        """`METHOD host/path` per entry: compact for asserting a whole sequence."""
        return [f"{e.method} {e.host}{e.path}" for e in self]
