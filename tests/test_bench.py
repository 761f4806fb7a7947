"""The benchmark's CI smoke: `bench/run.py --quick` runs end to end against real servers.

No timing is asserted; what must hold on any machine is that every operation was measured through
the gateway and directly, without failures, and that each REST call cost exactly one upstream call.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = {"GET /user", "GET /user/followers", "POST /media/like"}


def run_benchmark(
    script: str, tmp_path: Path, *args: str, timeout: float = 180
) -> tuple[dict[str, Any], str]:
    """Run `bench/<script> --quick` in `tmp_path`: its result file, read back, and what it printed."""
    out = tmp_path / f"{script}.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick", "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(out.read_text()), done.stdout


def test_quick_benchmark_writes_every_figure(tmp_path: Path) -> None:
    result, printed = run_benchmark("run.py", tmp_path, timeout=120)

    assert {"machine", "plan", "runs", "lookup", "cached_clients", "targets"} <= result.keys()
    assert result["machine"]["nproc"] >= 1 and result["machine"]["cpu_model"]

    runs = result["runs"]
    measured = {(r["mode"], r["operation"], r["concurrency"]) for r in runs}
    for op in OPERATIONS:
        for c in (1, 16):
            assert ("gateway w1", op, c) in measured and ("direct", op, c) in measured
            assert ("bare ASGI", op, c) in measured
            # The floor makes the same aiograpi call (one upstream call per request, below).
            assert ("bare + aiograpi", op, c) in measured
    assert {(f["operation"], f["concurrency"]) for f in result["floor"]} == {
        (op, c) for op in OPERATIONS for c in (1, 16)
    }
    for run in runs:
        assert run["requests"] > 0 and run["errors"] == 0, run
        assert {"rps", "p50_ms", "p90_ms", "p99_ms", "cpu_ms_per_req"} <= run.keys()
        if run["mode"] == "bare ASGI":
            assert "upstream_calls" not in run  # it answers by itself
            continue
        assert run["upstream_per_call"] == 1.0, run
        assert run["upstream_calls"] == run["requests"], run
        if run["mode"] == "gateway w1":
            assert run["p50_vs_direct"] > 0 and run["peak_rss_mb"] > 0 and run["rps_vs_direct"] > 0
            assert run["loadgen_cpu_ms_per_req"] is not None

    positions = [row["position"] for row in result["dispatch"]["rows"]]
    assert positions == ["first mounted", "last mounted"]
    assert result["dispatch"]["operations_mounted"] >= 275

    assert [x["sessions"] for x in result["lookup"]] == [1, 10_000]
    assert all(x["p50_ms"] > 0 for x in result["lookup"])
    assert result["cached_clients"][0]["clients"] == result["plan"]["cached_clients"]

    upstream = next(t for t in result["targets"] if t["name"].startswith("upstream calls"))
    assert upstream["value"] == 1.0 and upstream["met"]
    # Each figure against the direct call comes with each repeat's own; the quick plan repeats
    # once, so that one is the figure itself.
    assert result["plan"]["repeats"] == 1
    compared = [t for t in result["targets"] if "direct" in t["name"]]
    assert len(compared) == 4 * len(OPERATIONS)
    assert all(t["each"] == [t["value"]] for t in compared), compared
    # The markdown table is printed too: the README quotes it.
    assert "| mode | operation |" in printed and "| stored sessions |" in printed
    assert "| operation | conc. | floor req/s ÷ direct |" in printed
    assert "| target | figure | each repeat | goal | met |" in printed


def test_the_handlers_benchmark_measures_both_handlers_and_the_direct_call(tmp_path: Path) -> None:
    result, printed = run_benchmark("handlers.py", tmp_path)
    rows = result["rows"]
    assert "| operation | CPU ms/call, compiled handlers |" in printed and "| gateway alone" in printed
    assert {row["operation"] for row in rows} == OPERATIONS
    for row in rows:
        assert row["rounds"] == 3 and row["calls_per_round"] == 40
        assert min(row["cpu_ms_compiled"], row["cpu_ms_fastapi"], row["cpu_ms_direct"]) > 0, row
        # The gateway alone: measured, and no request of it reached the emulator.
        assert row["cpu_ms_own"] > 0 and row["upstream_calls_own"] == 0, row


def test_the_bookkeeping_benchmark_times_the_access_line_and_the_metrics_each_way() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bookkeeping.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert (result["calls_per_round"], result["rounds"]) == (2000, 1)
    lines = result["access_line_us"]
    assert set(lines) == {
        f"{f}, {way}" for f in ("text", "json") for way in ("python defaults", "as configured")
    }
    assert set(result["metrics_us"]) == {"labels() per request", "Metrics.count"}
    assert set(result["form_us"]) == {"Starlette's FormParser", "urlencoded.parse"}
    timed = [*lines.values(), *result["metrics_us"].values(), *result["form_us"].values()]
    assert all(us > 0 for us in timed)
