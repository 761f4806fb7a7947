"""The TinyDB import on the store (SQLite, and PostgreSQL when configured): rows become encrypted
sessions under their normalized old ids, once; the tenant must be a key's."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import pytest

from aiograpi_rest.sessions.store import SessionStore
from aiograpi_rest.sessions.tinydb_import import import_rows, tenant_to_import_into
from aiograpi_rest.sessions.tokens import normalize_token

PROXY = "socks5://proxyuser:Pr0xy-S3cret@203.0.113.7:1080"


def row(ig_settings: dict[str, Any], **fields: Any) -> dict[str, Any]:
    sessionid = unquote(ig_settings["authorization_data"]["sessionid"])
    return {"sessionid": sessionid, "settings": json.dumps(ig_settings), **fields}


async def test_a_row_becomes_an_encrypted_session_under_its_old_id_once(
    store: SessionStore,
    ig_settings: dict[str, Any],
    database_url: str,
    raw_bytes: Callable[[str], Awaitable[bytes]],
) -> None:
    # A quoted id in the file (some versions kept the cookie as it came) is stored normalized too.
    rows = [("1", row(ig_settings, proxy=PROXY, sessionid=f'"{ig_settings["cookies"]["sessionid"]}"'))]

    report = await import_rows(store, rows, "")

    assert (report.imported, report.present, report.refused, report.lines) == (1, 0, 0, [])
    raw = "51234567890:abCDefGHijKLmn:12:AYc-secret-cookie"
    for form in (raw, raw.replace(":", "%3A"), f'"{raw}"'):
        found = await store.get(normalize_token(form))
        assert found is not None, form
        assert (found.tenant, found.user_id, found.username, found.state) == ("", "51234567890", "", "active")
        assert found.proxy == PROXY and found.password is None
        assert found.settings["authorization_data"] == ig_settings["authorization_data"]
        assert found.settings["cookies"]["csrftoken"] == "Vq3secretcsrf"
    dump = await raw_bytes(database_url)
    for secret in (raw, "abCDefGHijKLmn", "AYc-secret-cookie", "Pr0xy-S3cret", "Vq3secretcsrf"):
        assert secret.encode() not in dump, secret

    again = await import_rows(store, rows, "")
    assert (again.imported, again.present, again.refused, again.lines) == (0, 1, 0, [])
    assert len(await store.list()) == 1


async def test_a_session_revoked_since_is_not_brought_back(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    rows = [("7", row(ig_settings))]
    await import_rows(store, rows, "")
    [record] = await store.list()
    assert await store.revoke(record.token_hash)

    report = await import_rows(store, rows, "")

    assert (report.imported, report.present) == (0, 1)
    assert report.lines == [("7", "already here and revoked since: not imported again")]
    assert await store.list() == []


async def test_the_tenant_is_an_existing_keys_name(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    assert await tenant_to_import_into(store, None) == ""  # no keys: every caller is tenant ""
    await store.create_api_key("acme")
    with pytest.raises(ValueError, match="--tenant NAME"):
        await tenant_to_import_into(store, None)
    with pytest.raises(ValueError, match="no API key is named 'nobody'"):
        await tenant_to_import_into(store, "nobody")
    assert await tenant_to_import_into(store, "acme") == "acme"

    await import_rows(store, [("1", row(ig_settings))], "acme")
    moved = await import_rows(store, [("1", row(ig_settings))], "other")
    assert moved.lines == [("1", "already here, in tenant 'acme': left there")]
    assert [r.tenant for r in await store.list()] == ["acme"]
