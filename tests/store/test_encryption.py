"""Secrets at rest: nothing readable in the database, wrong keys fail clearly, keys rotate."""

from __future__ import annotations

import logging
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from aiograpi_rest.config import Settings
from aiograpi_rest.sessions.crypto import StoreKeyError, generate_key
from aiograpi_rest.sessions.store import SessionStore

MakeSettings = Callable[..., Settings]


async def test_database_holds_no_cookie_token_proxy_password_or_password(
    settings: Settings,
    ig_settings: dict[str, Any],
    raw_bytes: Callable[[str], Awaitable[bytes]],
) -> None:
    store = await SessionStore.open(settings)
    try:
        token, record = await store.create(
            "acme",
            ig_settings,
            user_id="51234567890",
            username="demo_visible_name",
            proxy="socks5://proxyuser:Pr0xy-S3cret@203.0.113.7:1080",
            password="Remembered-Passw0rd",
        )
        # An update writes a second encrypted copy; the old one must not be readable either.
        await store.update(record.token_hash, settings={**ig_settings, "mid": "rotated"})
    finally:
        await store.close()

    dump = await raw_bytes(settings.database_url)

    assert b"demo_visible_name" in dump  # the dump does see the row's data
    assert record.token_hash.encode() in dump
    for secret in (
        ig_settings["cookies"]["sessionid"],
        "AYc-secret-cookie",
        token,
        token.removeprefix("igr_"),
        "Pr0xy-S3cret",
        "Remembered-Passw0rd",
        "Vq3secretcsrf",
    ):
        assert secret.encode() not in dump, secret


async def test_a_wrong_key_fails_with_a_clear_error(
    make_settings: MakeSettings, database_url: str, ig_settings: dict[str, Any]
) -> None:
    store = await SessionStore.open(make_settings(database_url, generate_key()))
    await store.create("", ig_settings, user_id="1", username="a")
    await store.close()

    with pytest.raises(StoreKeyError, match="AIOGRAPI_REST_SECRET_KEY") as failure:
        await SessionStore.open(make_settings(database_url, generate_key()))

    assert "different key" in str(failure.value)
    assert "first" in str(failure.value)  # says how to rotate: new key first, old after


def test_a_key_that_is_not_a_fernet_key_is_refused(make_settings: MakeSettings, tmp_path: Path) -> None:
    from aiograpi_rest.sessions.crypto import load_cipher

    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", f"{generate_key()},my-passphrase")
    with pytest.raises(StoreKeyError, match="key #2 of AIOGRAPI_REST_SECRET_KEY is not a Fernet key"):
        load_cipher(settings)


async def test_rotation_reads_old_rows_then_rewrites_them_under_the_new_key(
    make_settings: MakeSettings, database_url: str, ig_settings: dict[str, Any]
) -> None:
    old, new = generate_key(), generate_key()
    store = await SessionStore.open(make_settings(database_url, old))
    token, _ = await store.create("", ig_settings, user_id="1", username="a", proxy="http://u:p@h:1")
    revoked, revoked_record = await store.create("", ig_settings, user_id="2", username="b")
    await store.revoke(revoked_record.token_hash)
    await store.close()

    store = await SessionStore.open(make_settings(database_url, f"{new},{old}"))
    got = await store.get(token)
    assert got is not None and got.settings == ig_settings
    assert await store.rotate(batch=1) == 1  # the revoked row has no secrets left to rotate
    await store.close()

    store = await SessionStore.open(make_settings(database_url, new))
    got = await store.get(token)
    assert got is not None and got.settings == ig_settings and got.proxy == "http://u:p@h:1"
    await store.close()
    with pytest.raises(StoreKeyError):
        await SessionStore.open(make_settings(database_url, old))


async def test_without_a_key_a_private_key_file_is_created_beside_the_database_and_reused(
    make_settings: MakeSettings,
    tmp_path: Path,
    ig_settings: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = tmp_path / "data" / "sessions.db"
    settings = make_settings(f"sqlite+aiosqlite:///{db}", "", key_file="")
    key_file = db.parent / "aiograpi-rest.key"

    with caplog.at_level(logging.WARNING, logger="aiograpi_rest.sessions.crypto"):
        store = await SessionStore.open(settings)
    token, _ = await store.create("", ig_settings, user_id="1", username="a")
    await store.close()

    assert settings.resolved_key_file == key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "AIOGRAPI_REST_SECRET_KEY is not set" in caplog.text and str(key_file) in caplog.text
    key = key_file.read_text()
    assert key not in caplog.text and key.strip() not in caplog.text

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="aiograpi_rest.sessions.crypto"):
        store = await SessionStore.open(settings)
    got = await store.get(token)
    await store.close()
    assert got is not None and got.settings == ig_settings
    assert key_file.read_text() == key
    assert caplog.text == ""
    assert [p.name for p in key_file.parent.iterdir() if p.name.endswith(".tmp")] == []
