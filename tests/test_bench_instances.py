"""The several-instances benchmark's smoke: `bench/instances.py --quick` runs end to end against
real servers, PostgreSQL and Redis.

No timing is asserted (a quick run's difference of two latencies can come out either way); what
must hold on any machine is that every setup was measured, without failures, each REST call cost
exactly one upstream call, and every lock-cost figure was reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PG_ENV, REDIS_URL, redis_answers
from tests.test_bench import run_benchmark

MODES = {
    ("2 instances, with Redis", "PostgreSQL", 16),
    ("2 instances, without Redis", "PostgreSQL", 16),
    ("1 instance, with Redis", "SQLite", 1),
    ("1 instance, without Redis", "SQLite", 1),
}


def test_quick_instances_benchmark_measures_every_setup(tmp_path: Path) -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    if not redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    result, printed = run_benchmark(
        "instances.py", tmp_path, "--postgres", os.environ[PG_ENV], "--redis", REDIS_URL
    )

    assert {
        "machine",
        "plan",
        "two_instances",
        "one_instance",
        "turns",
        "lock_cost",
        "targets",
    } <= result.keys()
    runs = result["two_instances"] + result["one_instance"]
    assert {(r["mode"], r["database"], r["concurrency"]) for r in runs} == MODES
    for run in runs:
        assert run["operation"] == "GET /user"
        assert run["requests"] > 0 and run["errors"] == 0, run
        assert run["upstream_per_call"] == 1.0 and run["upstream_calls"] == run["requests"], run
        assert run["rps"] > 0 and 0 < run["p50_ms"] <= run["p90_ms"] <= run["p99_ms"], run
        assert run["cpu_ms_per_req"] > 0, run
        # A session's client is built once per instance at most: no call found it stale.
        sessions = 16 if run["concurrency"] == 16 else 1
        assert run["pool_misses"] <= sessions * run["instances"], run
    # Both instances of a pair ran under the load: their processes are counted together.
    assert all(r["gateway_processes"] == 2 for r in result["two_instances"])
    assert result["two_instances"][0]["rps_vs_without_redis"] > 0

    turns = {t["kind"]: t for t in result["turns"]}
    assert turns.keys() == {"LocalCoordinator", "RedisCoordinator", "Redis PING"}
    for turn in turns.values():
        assert turn["turns"] == result["plan"]["turns"] * result["plan"]["repeats"]
        assert 0 < turn["p50_ms"] <= turn["p99_ms"], turn
    cost = result["lock_cost"]
    assert cost.keys() == {
        "in_process_p50_ms",
        "in_process_p99_ms",
        "end_to_end_p50_ms",
        "end_to_end_p99_ms",
        "end_to_end_cpu_ms_per_req",
    }
    assert all(isinstance(v, float | int) for v in cost.values())

    targets = {t["name"]: t for t in result["targets"]}
    assert any(name.startswith("lock turn p50") for name in targets)
    assert any(name.startswith("GET /user p50 with Redis") for name in targets)
    assert targets["upstream calls per REST call (worst run)"]["met"]
    assert targets["failed requests"]["met"]
    assert "| GET /user through |" in printed and "| one turn of |" in printed
