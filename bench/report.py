"""The markdown tables printed at the end of a run (the README quotes them)."""

from __future__ import annotations

from typing import Any


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(result: dict[str, Any]) -> str:
    runs = [
        [
            r["mode"],
            r["operation"],
            r["concurrency"],
            r["requests"],
            _num(r["rps"], 0),
            _num(r["p50_ms"]),
            _num(r["p90_ms"]),
            _num(r["p99_ms"]),
            _num(r.get("upstream_per_call")),
            _num(r["cpu_ms_per_req"]),
            _num(r.get("loadgen_cpu_ms_per_req")),
            _num(r.get("peak_rss_mb"), 0),
            _num(r.get("p50_vs_direct")),
            _num(r.get("rps_vs_direct")),
        ]
        for r in result["runs"]
    ]
    parts = [
        _table(
            [
                "mode",
                "operation",
                "conc.",
                "requests",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "upstream/call",
                "CPU ms/req",
                "load gen. CPU ms/req",
                "peak RSS MB",
                "p50 ÷ direct",
                "req/s ÷ direct",
            ],
            runs,
        ),
        _table(
            ["stored sessions", "lookup p50 ms", "lookup p99 ms", "cached lookup p50 ms"],
            [
                [
                    f"{x['sessions']:,}",
                    _num(x["p50_ms"], 3),
                    _num(x["p99_ms"], 3),
                    _num(x["cached_p50_ms"], 4),
                ]
                for x in result["lookup"]
            ],
        ),
        _table(
            ["workers", "cached clients", "RSS growth MB", "KB per client"],
            [
                [m["workers"], m["clients"], _num(m["rss_growth_mb"], 1), _num(m["kb_per_client"], 1)]
                for m in result["cached_clients"]
            ],
        ),
        _table(
            ["dispatch of", "position", "static dispatch µs", "FastAPI's router µs"],
            [
                [
                    row["operation"],
                    row["position"],
                    _num(row["static_dispatch_us"]),
                    _num(row["fastapi_router_match_us"]),
                ]
                for row in (result.get("dispatch") or {}).get("rows", [])
            ],
        ),
        _targets_table(result["targets"]),
    ]
    if result.get("floor"):
        parts.insert(-1, _floor_table(result["floor"]))
    return "\n\n".join(parts) + "\n"


def _targets_table(targets: list[dict[str, Any]]) -> str:
    return _table(
        ["target", "figure", "each repeat", "goal", "met"],
        [
            [t["name"], _num(t["value"]), _spread(t.get("each")), t["goal"], "yes" if t["met"] else "no"]
            for t in targets
        ],
    )


def _spread(each: list[float] | None) -> str:
    """The lowest and highest of a figure over the repeats (each run against the direct run it
    alternated with), or "–" for a figure measured once."""
    if not each:
        return "–"
    low, high = min(each), max(each)
    return _num(low) if low == high else f"{_num(low)} – {_num(high)}"


def _floor_table(rows: list[dict[str, Any]]) -> str:
    """The gateway against bare.py making the same aiograpi call (the floor), and the floor
    against the direct call."""
    return _table(
        [
            "operation",
            "conc.",
            "floor req/s ÷ direct",
            "gateway req/s ÷ floor",
            "floor CPU − direct ms/req",
            "gateway CPU − floor ms/req",
            "floor p50 − direct ms",
            "gateway p50 − floor ms",
        ],
        [
            [
                f["operation"],
                f["concurrency"],
                _num(f["floor_rps_vs_direct"]),
                _num(f["gateway_rps_vs_floor"]),
                _num(f["floor_cpu_minus_direct_ms"]),
                _num(f["gateway_cpu_minus_floor_ms"]),
                _num(f["floor_p50_minus_direct_ms"]),
                _num(f["gateway_p50_minus_floor_ms"]),
            ]
            for f in rows
        ],
    )


def instances_markdown(result: dict[str, Any]) -> str:
    """The tables of `bench/instances.py` (docs/performance.md quotes them)."""
    runs = [
        [
            r["mode"],
            r["database"],
            r["concurrency"],
            r["requests"],
            r["errors"],
            _num(r["rps"], 0),
            _num(r["p50_ms"]),
            _num(r["p90_ms"]),
            _num(r["p99_ms"]),
            _num(r["upstream_per_call"]),
            _num(r["cpu_ms_per_req"]),
            _num(r["loadgen_cpu_ms_per_req"]),
            r["pool_misses"],
            _num(r.get("rps_vs_without_redis")),
        ]
        for r in result["two_instances"] + result["one_instance"]
    ]
    cost = result["lock_cost"]
    parts = [
        _table(
            [
                "GET /user through",
                "database",
                "conc.",
                "requests",
                "errors",
                "req/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "upstream/call",
                "gateway CPU ms/req",
                "load gen. CPU ms/req",
                "clients built",
                "req/s ÷ without Redis",
            ],
            runs,
        ),
        _table(
            ["one turn of", "turns", "p50 ms", "p99 ms", "mean ms"],
            [
                [t["kind"], t["turns"], _num(t["p50_ms"], 3), _num(t["p99_ms"], 3), _num(t["mean_ms"], 3)]
                for t in result["turns"]
            ],
        ),
        _table(
            ["the Redis lock's cost per call", "ms"],
            [
                ["in process: turn p50, Redis − local", _num(cost["in_process_p50_ms"], 3)],
                ["in process: turn p99, Redis − local", _num(cost["in_process_p99_ms"], 3)],
                ["end to end: GET /user p50 at c=1, with − without", _num(cost["end_to_end_p50_ms"], 3)],
                ["end to end: GET /user p99 at c=1, with − without", _num(cost["end_to_end_p99_ms"], 3)],
                [
                    "end to end: gateway CPU per request, with − without",
                    _num(cost["end_to_end_cpu_ms_per_req"], 3),
                ],
            ],
        ),
        _targets_table(result["targets"]),
    ]
    return "\n\n".join(parts) + "\n"
