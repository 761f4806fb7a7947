"""Importing the reference service's sessions (instagrapi-rest's TinyDB file) as ours.

The reference keeps one row per login in TinyDB's default table, `_default`:
`{"sessionid": "<Instagram sessionid, unquoted>", "settings": "<get_settings() as JSON>",
"proxy": "<url or empty>"}`, under a doc id (`{"_default": {"1": row, "2": row}}`). Each row
becomes a session whose token is that sessionid, normalized as every presented token is
(`tokens.normalize_token`), so the reference's clients keep sending the ids they hold.

A row is checked as `PATCH /auth/settings` checks imported settings (`login.build_client`) and its
proxy as a login's (`check_proxy`); nothing is sent to Instagram, the session's first call is the
check. The user id is the settings' `ds_user_id` (the sessionid must start with it); the username
is not in aiograpi's settings and is stored empty. A refused row is reported with its doc id and
the import goes on; a token already stored (an earlier run, a repeated row, a session revoked
since) is not imported again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiograpi_rest.errors import ApiError
from aiograpi_rest.forms import json_field
from aiograpi_rest.sessions.login import LoginOptions, build_client
from aiograpi_rest.sessions.settings_check import check_proxy, is_instagram_sessionid
from aiograpi_rest.sessions.store import DuplicateTokenError, SessionStore
from aiograpi_rest.sessions.tokens import normalize_token
from aiograpi_rest.upstream import Upstream, close_client

TABLE = "_default"
ROW_SHAPE = '{"sessionid": "...", "settings": "<JSON of get_settings()>", "proxy": "..."}'


class NotTinyDB(ValueError):
    """The file is not a TinyDB JSON file (or cannot be read)."""


class RowRefused(ValueError):
    """One row that cannot become a session; the message says why, never a secret."""


@dataclass
class ImportReport:
    imported: int = 0
    present: int = 0
    refused: int = 0
    lines: list[tuple[str, str]] = field(default_factory=list)  # (doc id, what became of it), in file order


@dataclass(frozen=True)
class LegacySession:
    token: str
    settings: dict[str, Any]
    user_id: str
    proxy: str | None


def read_rows(path: Path) -> tuple[list[tuple[str, Any]], list[str]]:
    """The rows of the file's default table as (doc id, row), and the names of the other tables
    (which the reference never writes sessions to, so they are not read)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotTinyDB(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not text.strip():
        return [], []  # TinyDB reads an empty file as an empty database
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotTinyDB(
            f"{path} is not JSON ({exc.msg} at line {exc.lineno}), so not a TinyDB file"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise NotTinyDB(
            f'{path} is not a TinyDB file: that is one JSON object of tables, {{"{TABLE}": {{"1": row, ...}}}}'
        )
    return list(data.get(TABLE, {}).items()), [name for name in data if name != TABLE]


async def tenant_to_import_into(store: SessionStore, tenant: str | None) -> str:
    """The tenant the sessions go to: an existing API key's name, or "" on a store without keys
    (where every caller is tenant ""). Sessions nobody could reach are refused instead."""
    if not tenant:
        if await store.any_api_keys():
            raise ValueError(
                "this gateway has API keys, and a session belongs to the key (tenant) that may use it: "
                "say which with --tenant NAME (aiograpi-rest keys list shows the names)"
            )
        return ""
    names = {key.name for key in await store.list_api_keys()}
    if tenant not in names:
        raise ValueError(
            f"no API key is named {tenant!r}, so no caller could use these sessions: create it first "
            f"(aiograpi-rest keys create {tenant}) or pick one of aiograpi-rest keys list"
        )
    return tenant


async def check_row(row: Any, upstream: Upstream) -> LegacySession:
    """The session a row stands for; raises `RowRefused` naming what is wrong with it."""
    if not isinstance(row, dict):
        raise RowRefused(f"not an object: a row is {ROW_SHAPE}")
    raw_id = row.get("sessionid")
    token = normalize_token(raw_id) if isinstance(raw_id, str) else ""
    if not token:
        raise RowRefused("sessionid: missing or not a string")
    # The row keeps it unquoted (`<user id>:<nonce>:<n>…`); the cookie's own form is `%3A`-quoted.
    if not is_instagram_sessionid(token.replace(":", "%3A")):
        raise RowRefused(
            "sessionid: not an Instagram sessionid (<user id>:<letters and digits>:<digits>[:<signature>])"
        )
    raw_settings = row.get("settings")
    if not isinstance(raw_settings, str):
        raise RowRefused("settings: missing or not a string (the JSON of aiograpi's get_settings())")
    proxy = row.get("proxy")
    if proxy is not None and not isinstance(proxy, str):
        raise RowRefused("proxy: not a string")
    try:
        settings = json_field("settings", raw_settings, dict, required=True)
        cl = await build_client(upstream, settings, LoginOptions(check_proxy(proxy)), logged_in=True)
    except ApiError as exc:
        raise RowRefused(exc.detail) from None
    try:
        checked, user_id = cl.get_settings(), str(cl.user_id)
    finally:
        await close_client(cl)
    owner = token.partition(":")[0]
    if owner != user_id:
        raise RowRefused(f"sessionid: it is user {owner}'s, the settings are user {user_id}'s")
    return LegacySession(token, checked, user_id, proxy or None)


async def import_rows(store: SessionStore, rows: list[tuple[str, Any]], tenant: str) -> ImportReport:
    """Store every acceptable row as a session of `tenant`; what was done, row by row."""
    report = ImportReport()
    # No request leaves: build_client only builds and checks, and nothing here calls Instagram.
    upstream = Upstream()
    try:
        for doc_id, row in rows:
            try:
                legacy = await check_row(row, upstream)
            except RowRefused as exc:
                report.refused += 1
                report.lines.append((doc_id, f"refused: {exc}"))
                continue
            try:
                await store.create(
                    tenant,
                    legacy.settings,
                    user_id=legacy.user_id,
                    username="",
                    proxy=legacy.proxy,
                    token=legacy.token,
                )
            except DuplicateTokenError:
                report.present += 1
                note = _why_present(await store.get(legacy.token), tenant)
                if note:
                    report.lines.append((doc_id, note))
                continue
            report.imported += 1
    finally:
        await upstream.aclose()
    return report


def _why_present(existing: Any, tenant: str) -> str | None:
    """What a user should know about a token already stored, beyond "already present"."""
    if existing is None:
        return "already here and revoked since: not imported again"
    if existing.tenant != tenant:
        return f"already here, in tenant {existing.tenant!r}: left there"
    return None
