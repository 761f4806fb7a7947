"""Schemathesis hooks for bench/fuzz.py, loaded by `st run` through SCHEMATHESIS_HOOKS.

- `SandboxSession` gives every case a logged-in `demo` session (`X-Session-ID`). When a call may
  have ended it (a 401, a 5xx, a revoke), the next case first asks `GET /account` whether it still
  answers; a session that does not is recorded as dead and replaced by a fresh login, so one
  broken session does not turn the rest of the run into noise. bench/fuzz.py checks each recorded
  session again at the end.
- `upstream_calls_are_the_routes` fails a call that made the gateway reach an Instagram endpoint
  its operation does not call (the contract's `upstream` field): an identifier that steered the
  URL. The emulator's request log is emptied before each call and read right after it, so the
  run uses one worker.

Configured by bench/fuzz.py through FUZZ_* variables (not service settings).
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import schemathesis

from bench.fuzz_upstream import allowed_upstream, stray_upstream

BASE = os.environ.get("FUZZ_BASE_URL", "")
API_KEY = os.environ.get("FUZZ_API_KEY", "")
EVENTS = Path(os.environ.get("FUZZ_EVENTS", os.devnull))
CONTRACT = os.environ.get("FUZZ_CONTRACT", "")
PHASE = os.environ.get("FUZZ_PHASE", "")
ACCOUNT = {"username": "demo", "password": "demo-password", "remember_password": "true"}
# A successful call of these ends the session it was sent with, as documented.
ENDS_SESSION = frozenset({"DELETE /auth/session"})
# A successful call of these changes the stored session: the next case first checks it still works,
# so a session poisoned by an accepted change is caught before anything revokes it.
CHANGES_SESSION = frozenset(
    {
        "PATCH /auth/settings",
        "PATCH /auth/relogin",
        "POST /auth/totp",
        "DELETE /auth/totp",
        "PATCH /account/password",
    }
)

_http = httpx.Client(base_url=BASE, headers={"X-API-Key": API_KEY} if API_KEY else {}, timeout=60)


def record(event: str, **fields: Any) -> None:
    """One line of the run's event file, read by bench/fuzz.py after the run."""
    with EVENTS.open("a") as out:
        out.write(json.dumps({"event": event, "phase": PHASE, **fields}) + "\n")


def login() -> str:
    """A fresh `demo` session; if demo cannot log in any more (the fuzzer changed its password or
    turned on two-factor), the emulator's world is reset first and that is recorded."""
    response = _http.post("/auth/login", data=ACCOUNT)
    if response.status_code != 200:
        record("reset", reason=f"login answered {response.status_code}: {response.text[:200]}")
        _http.post("/__emulator/reset").raise_for_status()
        response = _http.post("/auth/login", data=ACCOUNT)
        response.raise_for_status()
    token = response.json()
    record("login", token=token)
    return token


@dataclass
class _Current:
    token: str = ""
    suspect: str = ""  # the call after which the session may have ended


CURRENT = _Current()


@schemathesis.auth(refresh_interval=None)
class SandboxSession:
    def get(self, case: Any, context: Any) -> str:
        if CURRENT.suspect and CURRENT.token:
            probe = _http.get("/account", headers={"X-Session-ID": CURRENT.token})
            if probe.status_code != 200:
                record("dead", token=CURRENT.token, after=CURRENT.suspect, status=probe.status_code)
                CURRENT.token = ""
            CURRENT.suspect = ""
        if not CURRENT.token:
            CURRENT.token = login()
        return CURRENT.token

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["X-Session-ID"] = data


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    _http.delete("/__emulator/log").raise_for_status()


# Upstream requests of each call, read right after it: checks may send requests of their own
# (ignored_auth, use_after_free) before this module's check runs.
_UPSTREAM: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    _UPSTREAM[id(response)] = _http.get("/__emulator/log").json()["entries"]
    while len(_UPSTREAM) > 256:
        _UPSTREAM.popitem(last=False)
    label = case.operation.label
    token = (case.headers or {}).get("X-Session-ID")
    if label == "PATCH /account" and response.status_code == 200 and token:
        # A renamed demo could not log in again for the next session: the name is put back.
        _http.patch("/account", data={"username": ACCOUNT["username"]}, headers={"X-Session-ID": token})
    if token and token == CURRENT.token:
        if label in ENDS_SESSION and response.status_code < 300:
            record("revoked", token=token, by=label)
            CURRENT.token = ""
        elif response.status_code in (401,) or response.status_code >= 500 or label in CHANGES_SESSION:
            CURRENT.suspect = f"{label} ({response.status_code})"


ALLOWED = allowed_upstream(json.loads(Path(CONTRACT).read_text())) if CONTRACT else {}


@schemathesis.check
def upstream_calls_are_the_routes(ctx: Any, response: Any, case: Any) -> bool | None:
    entries = _UPSTREAM.get(id(response))
    if entries is None:
        return None
    stray = stray_upstream(ALLOWED.get(case.operation.label, []), entries)
    if stray:
        raise AssertionError(
            f"{case.operation.label} reached upstream endpoints it does not call: " + "; ".join(stray)
        )
    return None


# "Valid request rejected" (ST202) accepted only for these: rules no OpenAPI 3.0 schema can state.
# Each is named in docs/fuzzing.md; anything else the code refuses must be in the schema.
INEXPRESSIBLE = {
    ("PATCH /account/password", "old_password"): "must be the account's current password",
    ("POST /highlight", "cover_story_id"): "must be one of story_ids",
    ("GET /track", "max_id"): "pages a track asked for by id only",
    ("POST /direct/thread", "user_ids"): "two people besides the caller",
}
# Rules of any operation no schema can state, by the start of the refusal's message.
INEXPRESSIBLE_MESSAGES = (
    "give exactly one of them",  # OpenAPI 3.0 cannot make parameters mutually exclusive
    "not a cursor this list gave",  # a cursor is only valid if this list handed it out
    "Invalid max_id",  # the same, said by Instagram
    "the JSON",  # JSON inside a form string: OpenAPI 3.0 has no schema for a string's content
    "give at least one field to change",  # "at least one of these optional fields"
    "nothing to change",
    "give one cover",  # PATCH /highlight: `cover` or `cover_picture`, not both
    # What a highlight holds is its own state (the stories it keeps, its cover among them).
    "is not in this highlight",
    "is none of the highlight's stories",
    "Invalid cursor",
    # Which kind of post a pk names, and what the server is configured to keep, are not in a schema.
    "this post is",
    "Only reels",
    "This media is not a reel",
    "must be blank: AIOGRAPI_REST_DOWNLOAD_DIR",
    "an album's files are kept",
    "false needs a place to keep the file",
    # What a file or a URL holds, and where a host points, are known only once it is read.
    "not a file of a known media type",
    "not a readable image",
    " file, not an",
    "refused:",
    "could not be resolved",
    "the file is empty",  # 3.0 cannot bound a file part's size
    # A valid-looking value Instagram itself refuses, or a token that is not (or no longer) active.
    "Please enter a valid phone number",
    "not an Instagram sessionid",
    "not an Instagram share code",  # the code's base64 content
    ", one of: ",  # setting_value's choices depend on content_type
)


def refusals(response: Any) -> list[tuple[str, str]]:
    """(field, message) of each value a 422 refuses (`detail[].loc[-1]`, `detail[].msg`)."""
    try:
        detail = response.json().get("detail")
    except ValueError:
        return []
    if not isinstance(detail, list):
        return []
    return [
        (str(item["loc"][-1]), str(item.get("msg", "")))
        for item in detail
        if isinstance(item, dict) and item.get("loc")
    ]


def inexpressible(label: str, field: str, message: str) -> bool:
    return (label, field) in INEXPRESSIBLE or any(part in message for part in INEXPRESSIBLE_MESSAGES)


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    if failure.code != "ST202" or response.status_code != 422:
        return True
    found = refusals(response)
    return not found or not all(inexpressible(case.operation.label, f, m) for f, m in found)
