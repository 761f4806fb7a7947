"""A closed-loop async load generator: `concurrency` callers, each sending its next request as soon
as its last one answered, until the time or the count runs out."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# One caller's request: given the caller's index, send one request and raise if it failed.
Call = Callable[[int], Awaitable[None]]


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    # The epsilon keeps float noise (0.9 * 10 = 9.000000000000002) from moving up a rank.
    rank = max(1, math.ceil(q / 100 * len(sorted_values) - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class LoadResult:
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float] = field(repr=False)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def ms(self, q: float) -> float:
        return percentile(sorted(self.latencies), q) * 1000

    def to_json(self) -> dict:
        return {
            "concurrency": self.concurrency,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.ms(50), 3),
            "p90_ms": round(self.ms(90), 3),
            "p99_ms": round(self.ms(99), 3),
        }


async def run_load(call: Call, concurrency: int, seconds: float, max_requests: int) -> LoadResult:
    """Run `call` from `concurrency` callers for at most `seconds` and `max_requests` requests in all."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    issued = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def caller(index: int) -> None:
        nonlocal issued
        while issued < max_requests and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            try:
                await call(index)
            except Exception as exc:  # counted and reported; the run goes on
                errors.append(exc)
                continue
            latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(caller(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - start
    if errors:
        first = errors[0]
        print(f"  {len(errors)} failed requests; first: {type(first).__name__}: {first}"[:400])
    return LoadResult(concurrency, len(latencies), len(errors), elapsed, latencies)
