"""Settings: what --sandbox implies, where aiograpi's requests may go, and the README's one table."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pydantic
import pytest

from aiograpi_rest.config import SANDBOX_DATABASE_URL, Settings

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("AIOGRAPI_REST_")]:
        monkeypatch.delenv(name)


def test_sandbox_means_the_emulator_no_pacing_and_its_own_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIOGRAPI_REST_SANDBOX", "true")
    monkeypatch.setenv("AIOGRAPI_REST_PACING_MIN_INTERVAL", "5")
    settings = Settings()
    assert (settings.upstream, settings.pacing_min_interval, settings.pacing_jitter) == ("sandbox", 0, 0)
    assert settings.database_url == SANDBOX_DATABASE_URL != Settings(sandbox=False).database_url


def test_sandbox_keeps_a_database_that_was_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIOGRAPI_REST_UPSTREAM", "sandbox")
    monkeypatch.setenv("AIOGRAPI_REST_DATABASE_URL", "sqlite+aiosqlite:///./mine.db")
    settings = Settings()
    assert settings.sandbox is True and settings.database_url == "sqlite+aiosqlite:///./mine.db"


def test_upstream_is_instagram_sandbox_or_an_emulator_url() -> None:
    assert Settings().upstream == "instagram"
    assert Settings(upstream="http://127.0.0.1:9000/").upstream == "http://127.0.0.1:9000"
    with pytest.raises(pydantic.ValidationError, match="upstream"):
        Settings(upstream="127.0.0.1:9000")


def test_every_setting_has_a_row_in_the_readme_table_and_every_row_a_setting() -> None:
    rows = re.findall(r"^\| `(AIOGRAPI_REST_[A-Z_]+)`", README.read_text(), re.MULTILINE)
    documented = {name.removeprefix("AIOGRAPI_REST_").lower() for name in rows}
    assert len(rows) == len(documented), "a variable has two rows"
    assert documented == set(Settings.model_fields)


def test_proxy_headers_are_read_only_from_the_proxies_named() -> None:
    from aiograpi_rest.serving import uvicorn_options

    plain = uvicorn_options(Settings())
    assert plain["proxy_headers"] is False and plain["forwarded_allow_ips"] is None
    behind = uvicorn_options(Settings(forwarded_allow_ips="10.0.0.5"))
    assert behind["proxy_headers"] is True and behind["forwarded_allow_ips"] == "10.0.0.5"
    # Both serve and the benchmark's bare app get the same HTTP stack.
    assert plain["loop"] == "uvloop" and plain["http"] == "httptools" and plain["access_log"] is False
