"""Fuzz every operation with schemathesis against a real `aiograpi-rest serve --sandbox`.

    .venv/bin/python bench/fuzz.py --max-time 150             # the CI run (see docs/fuzzing.md)
    .venv/bin/python bench/fuzz.py --max-time 1200 --seed 7   # longer, by hand

Starts the gateway on a free loopback port with its own temporary database, secret key and API
key, logs `demo` in, and runs `st run` over every operation with every check and all four
phases (examples, coverage, fuzzing, stateful), one worker. Two runs share the budget:

- `routes` (most of it): every operation except SESSION_OPERATIONS, so its session lives
  through the whole run and every call is meaningful;
- `session` (the rest): the operations that change, re-log or end the session or the account's
  login, with GET /account and GET /auth/settings beside them so stateful sequences see the effect.

A session that stops answering is replaced (bench/fuzz_hooks.py). Afterwards: a session logged in
before the run and never given to the fuzzer must still answer GET /account 200, and so must every
session the fuzzer used and did not revoke (a refused settings change must leave it as it was);
a revoked one must answer 401. Exit status 0 only if schemathesis found nothing and those hold.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from bench import procs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTRACT = ROOT.parent / "shared" / "reference" / "routes.json"
HOOKS = "bench.fuzz_hooks"
SESSION_OPERATIONS = (
    "DELETE /auth/session",
    "PATCH /auth/settings",
    "PATCH /auth/relogin",
    "POST /auth/totp",
    "DELETE /auth/totp",
    "POST /auth/challenge/resolve",
    "PATCH /account/password",
)
OBSERVERS = ("GET /account", "GET /auth/settings")
SESSION_SHARE = 0.25


@dataclass
class Phase:
    name: str
    filters: list[str]
    seconds: int


def phases(max_time: int) -> list[Phase]:
    session = max(1, round(max_time * SESSION_SHARE))
    return [
        Phase("routes", [a for op in SESSION_OPERATIONS for a in ("--exclude-name", op)], max_time - session),
        Phase(
            "session", [a for op in SESSION_OPERATIONS + OBSERVERS for a in ("--include-name", op)], session
        ),
    ]


def st_command(base: str, api_key: str, phase: Phase, args: argparse.Namespace, reports: Path) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base}/openapi.json",
        "--checks=all",
        "--phases=examples,coverage,fuzzing,stateful",
        "--workers=1",  # the emulator's log is read per call: one call at a time
        # An operation's first failure (often a "valid request rejected") must not end its fuzzing:
        # the 5xx or the poisoned session may be a few cases further on.
        "--continue-on-failure",
        f"--max-time={phase.seconds}",
        f"--header=X-API-Key: {api_key}",
        "--request-timeout=60",
        "--generation-database=none",
        "--report=junit",
        f"--report-junit-path={reports / f'{phase.name}.xml'}",
        "--no-color",
        *phase.filters,
    ]
    if args.max_examples:
        command.append(f"--max-examples={args.max_examples}")
    if args.seed is not None:
        command.append(f"--seed={args.seed}")
    return command


def login(http: httpx.Client) -> str:
    response = http.post("/auth/login", data={"username": "demo", "password": "demo-password"})
    response.raise_for_status()
    return response.json()


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def session_findings(http: httpx.Client, sentinel: str, events: list[dict]) -> list[str]:
    """What is wrong with the sessions after the run: each line one broken promise."""
    findings = []
    resets = [i for i, e in enumerate(events) if e["event"] == "reset"]
    last_reset = resets[-1] if resets else -1
    for e in events[: last_reset + 1]:
        if e["event"] == "reset":
            findings.append(f"demo could no longer log in, so the emulator was reset ({e['reason']})")
    if last_reset < 0:
        status = http.get("/account", headers={"X-Session-ID": sentinel}).status_code
        if status != 200:
            findings.append(f"the session the fuzzer never had answers GET /account {status}")
    revoked = {e["token"] for e in events if e["event"] == "revoked"}
    dead = {e["token"]: e for e in events if e["event"] == "dead"}
    for e in events[last_reset + 1 :]:
        if e["event"] != "login":
            continue
        token = e["token"]
        response = http.get("/account", headers={"X-Session-ID": token})
        expected = 401 if token in revoked else 200
        if response.status_code != expected:
            after = f", first failing after {dead[token]['after']}" if token in dead else ""
            findings.append(
                f"{e['phase']} session {token[:10]}…: GET /account {response.status_code} "
                f"(expected {expected}{after}): {response.text[:300]}"
            )
    return findings


# What fails the run: a server error, an answer its schema does not describe (body or content
# type), an upstream call the route does not make. Rejected or accepted inputs the schema could
# state better (ST202, ST201) are reported, not failed: issue 16 names the gate.
# A hook error means the fuzzer's own checks did not run for that call: it fails the run too.
GATING = ("ST101", "ST105", "ST108", "ST901", "Hook Error")


def gating(title: str) -> bool:
    return title.startswith(GATING)


def junit_failures(path: Path) -> dict[str, list[str]]:
    """Failure title (`ST101 Server error`, a custom check's message) → the operations it hit."""
    grouped: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return grouped
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        for failure in [*case.iter("failure"), *case.iter("error")]:
            lines = [line.strip() for line in (failure.text or failure.get("message") or "").splitlines()]
            titles = [line.removeprefix("- ") for line in lines if line.startswith("- ST")]
            for title in titles or [lines[0] if lines else "error"]:
                grouped[title].append(case.get("name", "?"))
    return grouped


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-time", type=int, default=150, help="seconds of fuzzing in all (default 150)")
    parser.add_argument(
        "--max-examples", type=int, default=0, help="cases per operation (schemathesis's default)"
    )
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed, to repeat a run")
    parser.add_argument("--contract", type=Path, default=DEFAULT_CONTRACT, help="the reference routes.json")
    parser.add_argument("--only", choices=("routes", "session"), help="run one of the two runs (its share)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server log, reports)")
    args = parser.parse_args()
    if not args.contract.exists():
        parser.error(f"no contract at {args.contract}: pass --contract PATH/routes.json")

    work = Path(tempfile.mkdtemp(prefix="aiograpi-rest-fuzz-"))
    api_key = "igr_" + secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIOGRAPI_REST_")}
    env.update(
        AIOGRAPI_REST_SECRET_KEY=Fernet.generate_key().decode(),
        AIOGRAPI_REST_DATABASE_URL=f"sqlite+aiosqlite:///{work / 'gateway.db'}",
        # An admin key: the hooks empty and read the emulator's request log around every call.
        AIOGRAPI_REST_ADMIN_KEYS=api_key,
    )
    server = procs.Server("gateway", ["serve", "--sandbox"], env, procs.free_port(), work / "server.log")
    failed = False
    try:
        server.wait_ready("/ready", timeout=60)
        http = httpx.Client(base_url=server.url, headers={"X-API-Key": api_key}, timeout=60)
        sentinel = login(http)
        events = work / "events.jsonl"
        results = {}
        chosen = [p for p in phases(args.max_time) if args.only in (None, p.name)]
        for phase in chosen:
            print(f"\n=== fuzz phase {phase.name}: {phase.seconds} s ===", flush=True)
            st_env = {
                **env,
                "SCHEMATHESIS_HOOKS": HOOKS,
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
                "FUZZ_BASE_URL": server.url,
                "FUZZ_API_KEY": api_key,
                "FUZZ_EVENTS": str(events),
                "FUZZ_CONTRACT": str(args.contract.resolve()),
                "FUZZ_PHASE": phase.name,
            }
            command = st_command(server.url, api_key, phase, args, work)
            results[phase.name] = subprocess.run(command, env=st_env, cwd=work, check=False).returncode
        findings = session_findings(http, sentinel, read_events(events))

        print("\n=== fuzz summary ===")
        gated = 0
        for phase in chosen:
            grouped = junit_failures(work / f"{phase.name}.xml")
            gated += sum(len(ops) for title, ops in grouped.items() if gating(title))
            print(f"{phase.name}: st exit {results[phase.name]}, {sum(map(len, grouped.values()))} failures")
            for title, operations in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
                mark = "FAIL" if gating(title) else "note"
                print(
                    f"  [{mark}] {title}: {len(operations)} operation(s): {', '.join(sorted(set(operations)))}"
                )
        print(f"sessions: {len(findings)} problem(s)")
        for line in findings:
            print(f"  {line}")
        failed = bool(findings) or gated > 0 or any(code not in (0, 1) for code in results.values())
        print("FAILED" if failed else "OK: no server error, no schema violation, sessions intact")
    finally:
        server.stop()
        if args.keep or failed:
            print(f"server log and reports: {work}")
        else:
            for item in sorted(work.rglob("*"), reverse=True):
                item.rmdir() if item.is_dir() else item.unlink()
            work.rmdir()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
