"""One line for each setting the service cannot run with, naming the variable and what it accepts.

The CLI prints these on stderr and exits with status 2 instead of a traceback: values pydantic
refuses (`validation_lines`), a database or key file that cannot be opened (`location_problem`
before anything is created, `open_problem` for what opening the store raised).
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.settings_check import mask_proxy

ENV_PREFIX = "AIOGRAPI_REST_"
DATABASE_VARIABLE = ENV_PREFIX + "DATABASE_URL"
KEY_FILE_VARIABLE = ENV_PREFIX + "KEY_FILE"


class SettingError(Exception):
    """A setting the service cannot run with; `str()` is the whole line to print."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


def mask_url(url: str) -> str:
    """The URL with any password replaced by `***` (as proxies are shown)."""
    return mask_proxy(url) or url


def variable(field: str) -> str:
    return ENV_PREFIX + field.upper()


def validation_lines(exc: ValidationError) -> list[str]:
    """`AIOGRAPI_REST_X='value' is not accepted: <what is>`, one line per refused variable."""
    lines: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        info = Settings.model_fields.get(field)
        name = variable(field)
        if info is None or name in lines:
            continue
        lines[name] = (
            f"{name}{_shown(field, info, error.get('input'))} is not accepted; use {_accepted(info, error)}"
        )
    return list(lines.values())


def _shown(field: str, info: FieldInfo, value: Any) -> str:
    if not info.repr or not isinstance(value, str):
        return ""  # secrets are never echoed
    return "=" + repr(mask_url(value) if field == "database_url" else value)


def _accepted(info: FieldInfo, error: Any) -> str:
    """What the field takes: a validator's own message, else its type and bounds."""
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    kind = {int: "a whole number", float: "a number", bool: "true or false"}.get(info.annotation, "text")
    bounds = {type(rule).__name__: rule for rule in info.metadata}
    ge, gt, le = bounds.get("Ge"), bounds.get("Gt"), bounds.get("Le")
    if isinstance(ge, annotated_types.Ge) and isinstance(le, annotated_types.Le):
        return f"{kind} from {ge.ge} to {le.le}"
    if isinstance(ge, annotated_types.Ge):
        return f"{kind} of at least {ge.ge}"
    if isinstance(gt, annotated_types.Gt):
        return f"{kind} above {gt.gt}"
    if isinstance(le, annotated_types.Le):
        return f"{kind} of at most {le.le}"
    return kind


def location_problem(settings: Settings) -> Exception | None:
    """Whether the SQLite file and the generated key file can be created where the settings put
    them, and the secret keys are keys at all: checked without creating anything."""
    from aiograpi_rest.sessions.crypto import KEY_ENV, Cipher, StoreKeyError

    if settings.secret_keys:
        try:
            Cipher(settings.secret_keys, KEY_ENV)
        except StoreKeyError as exc:
            return exc
    db = settings.sqlite_path
    if db is not None:
        why = _uncreatable(db)
        if why:
            return SettingError(
                DATABASE_VARIABLE,
                f"cannot create the SQLite file {db}: {why}; use a path in a folder this process can write",
            )
    if not settings.secret_keys:
        key_file = settings.resolved_key_file
        why = _unreadable(key_file) if key_file.exists() else _uncreatable(key_file)
        if why:
            return SettingError(
                KEY_FILE_VARIABLE,
                f"cannot use the key file {key_file}: {why}; set AIOGRAPI_REST_SECRET_KEY, or a "
                "key file path this process can read (or create)",
            )
    return None


def _uncreatable(path: Path) -> str | None:
    if path.exists():
        if path.is_dir():
            return "it is a folder"
        return None if os.access(path, os.R_OK | os.W_OK) else "it is not readable and writable"
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not writable"
    return None


def _unreadable(path: Path) -> str | None:
    if path.is_dir():
        return "it is a folder"
    return None if os.access(path, os.R_OK) else "it is not readable"


def bind_problem(host: str, port: int) -> SettingError | None:
    """Whether uvicorn will be able to listen on `host`:`port`, tried with a socket of our own."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return SettingError(
            ENV_PREFIX + "HOST",
            f"cannot listen on {host} ({exc.strerror}); use an address of this machine, such as "
            "127.0.0.1, or 0.0.0.0 for all of them",
        )
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: a port whose last connections are still closing is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            # Not this machine's address: the host; in use, or below 1024 without the right: the port.
            variable_name = ENV_PREFIX + ("HOST" if exc.errno == errno.EADDRNOTAVAIL else "PORT")
            return SettingError(
                variable_name,
                f"cannot listen on {host} port {port} ({exc.strerror}); use a free port, and an address of this machine",
            )
    return None


def open_problem(exc: BaseException, settings: Settings) -> SettingError | None:
    """What an error raised while opening the store says about the database setting; None when
    it is not about the database (a bug: let it raise)."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, OSError | DBAPIError):
        return None
    cause: BaseException = exc
    while isinstance(cause, DBAPIError) and cause.orig is not None:
        cause = cause.orig
    while cause.__cause__ is not None and type(cause).__module__.startswith("sqlalchemy"):
        cause = cause.__cause__
    reason = (str(cause).splitlines() or [""])[0][:200] or type(cause).__name__
    if isinstance(cause, OSError) and cause.strerror:
        reason = f"{type(cause).__name__}: {cause.strerror}"
    where = mask_url(settings.database_url)
    if settings.sqlite_path is not None:
        advice = "use a SQLite file this process can create, read and write"
    else:
        advice = "check that PostgreSQL runs there and that the user, password and database exist"
    return SettingError(DATABASE_VARIABLE, f"cannot open {where} ({reason}); {advice}")
