"""Versioned records: every write bumps the version, a write naming an old one is refused, and
`save_settings` keeps both writers' changes. A second store on the same database plays another
instance."""

from __future__ import annotations

from typing import Any

import pytest

from aiograpi_rest.sessions.store import SessionStore
from aiograpi_rest.sessions.versions import VersionConflict, merge_settings
from tests.conftest import pg_admin


async def test_every_write_bumps_the_version(store: SessionStore, ig_settings: dict[str, Any]) -> None:
    token, created = await store.create("", ig_settings, user_id="1", username="demo")
    assert created.version == 1
    updated = await store.update(created.token_hash, username="renamed")
    assert updated is not None and updated.version == 2
    assert await store.version_of(created.token_hash) == 2
    assert await store.revoke(created.token_hash)
    assert await store.version_of(created.token_hash) is None, "a revoked session has no live version"


async def test_the_version_is_read_after_the_server_closed_the_pooled_connection(
    store: SessionStore, ig_settings: dict[str, Any], database_url: str
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite reads cross no connection a server could close")
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    assert await store.version_of(record.token_hash) == 1  # the read pool now holds a connection
    pg_admin(
        database_url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    assert await store.version_of(record.token_hash) == 1


async def test_a_write_from_an_older_version_is_refused_with_what_is_stored(
    store: SessionStore, other: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    await other.update(record.token_hash, settings={**ig_settings, "locale": "de_DE"})
    with pytest.raises(VersionConflict) as refused:
        await store.update(record.token_hash, expected_version=record.version, settings=ig_settings)
    assert refused.value.current.version == 2
    assert refused.value.current.settings["locale"] == "de_DE"
    stored = await other.get(token)
    assert stored is not None and stored.settings["locale"] == "de_DE", "the refused write changed nothing"


async def test_saving_over_another_writers_change_keeps_both(
    store: SessionStore, other: SessionStore, ig_settings: dict[str, Any]
) -> None:
    token, record = await store.create("", ig_settings, user_id="1", username="demo")
    # Another instance sets the locale; this one, still on version 1, sets the timezone.
    await other.update(record.token_hash, settings={**ig_settings, "locale": "de_DE"})
    mine = {**ig_settings, "timezone_offset": 7200}
    saved = await store.save_settings(record.token_hash, version=1, base=ig_settings, settings=mine)
    assert saved is not None and saved.version == 3
    assert (saved.settings["locale"], saved.settings["timezone_offset"]) == ("de_DE", 7200)
    stored = await other.get(token)
    assert stored is not None and stored.settings == saved.settings


async def test_saving_a_revoked_session_answers_none(
    store: SessionStore, ig_settings: dict[str, Any]
) -> None:
    _, record = await store.create("", ig_settings, user_id="1", username="demo")
    await store.revoke(record.token_hash)
    assert await store.save_settings(record.token_hash, version=1, base=ig_settings, settings={}) is None


def test_a_merge_applies_only_what_each_writer_changed() -> None:
    base = {"locale": "en_US", "timezone_offset": 0, "cookies": {"csrftoken": "a", "mid": "m"}, "gone": 1}
    ours = {"locale": "en_US", "timezone_offset": 3600, "cookies": {"csrftoken": "b", "mid": "m"}}
    theirs = {"locale": "de_DE", "timezone_offset": 0, "cookies": {"csrftoken": "a", "mid": "n"}, "gone": 1}
    assert merge_settings(base, ours, theirs) == {
        "locale": "de_DE",  # theirs: we did not touch it
        "timezone_offset": 3600,  # ours
        "cookies": {"csrftoken": "b", "mid": "n"},  # one cookie each
    }, "and the key we removed stays removed"


def test_where_both_changed_one_value_the_later_write_wins() -> None:
    assert merge_settings({"locale": "en_US"}, {"locale": "fr_FR"}, {"locale": "de_DE"}) == {
        "locale": "fr_FR"
    }
