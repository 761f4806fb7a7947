"""What a result file records about where it was measured: the machine and the commit."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def record(
    measure: Callable[[Path], dict[str, Any]],
    *,
    mode: str,
    plan: Any,
    out: Path,
    render: Callable[[dict[str, Any]], str],
    keep: bool = False,
    prefix: str = "aiograpi-rest-bench-",
) -> int:
    """Run `measure` in a temporary folder, write its result with where and when it was measured
    to `out`, and print it as `render` makes it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    started = time.perf_counter()
    try:
        load_before = os.getloadavg()
        result = measure(tmp)
    finally:
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "mode": mode,
        # Other work on the machine shifts latencies more than CPU per request: say how busy it was.
        "machine": {**machine(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "commit": commit(),
        "seconds": round(time.perf_counter() - started, 1),
        "plan": plan.__dict__ if hasattr(plan, "__dict__") else plan,
        **result,
    }
    out.write_text(json.dumps(result, indent=1) + "\n")
    print()
    print(render(result))
    print(f"JSON: {out}")
    return 0
