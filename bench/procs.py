"""The servers under test: start them on loopback ports, wait for them, read their cost from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's workers are children of its supervisor)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def rss_kb(pid: int) -> int:
    """Resident memory right now."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB


def peak_rss_kb(pid: int) -> int:
    """The process's high-water mark of resident memory (VmHWM)."""
    return _status_kb(pid, "VmHWM")


@dataclass
class Usage:
    """CPU seconds and memory of a process tree at one moment."""

    cpu: float
    rss_kb: int
    peak_rss_kb: int
    processes: int


def usage(pid: int) -> Usage:
    cpu, rss, peak, n = 0.0, 0, 0, 0
    for p in process_tree(pid):
        try:
            cpu += cpu_seconds(p)
            rss += rss_kb(p)
            peak += peak_rss_kb(p)
            n += 1
        except OSError:  # a process that ended while we looked
            continue
    return Usage(cpu, rss, peak, n)


def total(usages: list[Usage]) -> Usage:
    """Several servers' usage as one (two instances under one load)."""
    return Usage(
        sum(u.cpu for u in usages),
        sum(u.rss_kb for u in usages),
        sum(u.peak_rss_kb for u in usages),
        sum(u.processes for u in usages),
    )


class Server:
    """One `aiograpi-rest` command (or another server) as a child process, stopped on exit."""

    def __init__(
        self,
        name: str,
        args: list[str],
        env: dict[str, str],
        port: int,
        log: Path,
        command: list[str] | None = None,
    ) -> None:
        """`command` replaces `python -m aiograpi_rest` (the benchmark's bare app is a script)."""
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [*(command or [sys.executable, "-m", "aiograpi_rest"]), *args, "--port", str(port)],
            env={**os.environ, **env},
            cwd=log.parent,  # not the checkout: `-m` would import the package from the working folder
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, path: str, timeout: float = 30.0, expect: int = 200) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self._log.name}")
            try:
                if httpx.get(self.url + path, timeout=1.0).status_code == expect:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            # SIGINT lets uvicorn stop its workers and run the app's shutdown.
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
