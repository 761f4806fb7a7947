"""Fault rules: answer matching requests with an error or a delay instead of the world's answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aiograpi_rest.emulator.errors import PRESETS


class FaultRuleError(ValueError):
    pass


@dataclass
class FaultRule:
    id: int
    path: str  # regex, searched in the request path
    method: str | None = None
    host: str | None = None
    status: int | None = None
    body: Any = None
    preset: str | None = None
    times: int | None = None  # None: always
    delay: float = 0.0
    hits: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self._regex = re.compile(self.path)
        except re.error as e:
            raise FaultRuleError(f"path: invalid regex: {e}") from e
        if self.preset is not None:
            if self.preset not in PRESETS:
                raise FaultRuleError(f"preset: unknown {self.preset!r}; one of {sorted(PRESETS)}")
            preset_status, preset_body = PRESETS[self.preset]
            self.status = self.status or preset_status
            self.body = preset_body if self.body is None else self.body
        if self.status is None and not self.delay:
            raise FaultRuleError("a rule needs a status, a preset or a delay")
        if self.status is not None and not 100 <= self.status <= 599:
            raise FaultRuleError("status: must be an HTTP status")
        if self.times is not None and self.times < 1:
            raise FaultRuleError("times: must be at least 1 (omit it for always)")
        if self.delay < 0:
            raise FaultRuleError("delay: must not be negative")
        if self.method:
            self.method = self.method.upper()

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else self.times - self.hits

    def matches(self, method: str, host: str, path: str) -> bool:
        return (
            (self.remaining is None or self.remaining > 0)
            and (self.method is None or self.method == method)
            and (self.host is None or self.host == host)
            and self._regex.search(path) is not None
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "method": self.method,
            "host": self.host,
            "status": self.status,
            "body": self.body,
            "preset": self.preset,
            "times": self.times,
            "remaining": self.remaining,
            "delay": self.delay,
            "hits": self.hits,
        }


_FIELDS = {"path", "method", "host", "status", "body", "preset", "times", "delay"}


class Faults(list[FaultRule]):
    def __init__(self) -> None:
        super().__init__()
        self._next_id = 1

    def add(
        self,
        path: str = ".*",
        *,
        method: str | None = None,
        host: str | None = None,
        status: int | None = None,
        body: Any = None,
        preset: str | None = None,
        times: int | None = None,
        delay: float = 0.0,
    ) -> FaultRule:
        """Add a rule; the oldest matching rule with uses left answers."""
        rule = FaultRule(self._next_id, path, method, host, status, body, preset, times, float(delay or 0))
        self._next_id += 1
        self.append(rule)
        return rule

    def add_from_json(self, data: dict[str, Any]) -> FaultRule:
        unknown = set(data) - _FIELDS
        if unknown:
            raise FaultRuleError(f"unknown fields: {sorted(unknown)}")
        return self.add(**data)

    def take(self, method: str, host: str, path: str) -> FaultRule | None:
        """The rule that answers this request, counting the use."""
        for rule in self:
            if rule.matches(method, host, path):
                rule.hits += 1
                return rule
        return None
