"""Every setting of the service, read once from `AIOGRAPI_REST_*` environment variables."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./aiograpi-rest.db"
SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///./aiograpi-rest-sandbox.db"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Settings(BaseSettings):
    """The whole configuration. The README's settings table documents each field."""

    model_config = SettingsConfigDict(env_prefix="AIOGRAPI_REST_", extra="ignore", frozen=False)

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = Field(default="", repr=False)
    key_file: str = ""
    api_keys: str = Field(default="", repr=False)
    admin_keys: str = Field(default="", repr=False)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    allow_unauthenticated: bool = False

    upstream: str = "instagram"
    sandbox: bool = False
    emulator_seed: int = 0

    pacing_min_interval: float = Field(default=1.0, ge=0)
    pacing_jitter: float = Field(default=1.0, ge=0)
    pool_size: int = Field(default=1000, ge=1)
    pending_ttl: int = Field(default=900, ge=10)
    upstream_timeout: float = Field(default=45.0, gt=0)

    log_format: str = "text"
    log_level: str = "INFO"

    upload_max_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    upload_transcode_wait: float = Field(default=60.0, ge=0, le=600)
    fetch_allow: str = ""
    fetch_max_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    fetch_timeout: float = Field(default=60.0, gt=0)
    download_dir: str = ""

    # What GET /build reports; set them when building an image without a git checkout.
    git_sha: str = ""
    build_time: str = ""

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value not in ("text", "json"):
            raise ValueError("log_format must be 'text' or 'json'")
        return value

    @field_validator("upstream")
    @classmethod
    def _upstream(cls, value: str) -> str:
        if value in ("instagram", "sandbox"):
            return value
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("upstream must be 'instagram', 'sandbox' or an http(s) base URL")
        return value.rstrip("/")

    def model_post_init(self, _context: object) -> None:
        # Sandbox means: the in-process emulator, no pacing, a database of its own.
        if self.sandbox:
            self.upstream = "sandbox"
        if self.upstream == "sandbox":
            self.sandbox = True
            self.pacing_min_interval = 0.0
            self.pacing_jitter = 0.0
            if "database_url" not in self.model_fields_set:
                self.database_url = SANDBOX_DATABASE_URL

    @cached_property
    def secret_keys(self) -> list[str]:
        return _split(self.secret_key)

    @cached_property
    def api_key_list(self) -> list[str]:
        return _split(self.api_keys)

    @cached_property
    def admin_key_list(self) -> list[str]:
        return _split(self.admin_keys)

    @cached_property
    def download_root(self) -> Path | None:
        """Where downloads may be kept (`AIOGRAPI_REST_DOWNLOAD_DIR`, resolved), or None."""
        return Path(self.download_dir).expanduser().resolve() if self.download_dir.strip() else None

    @property
    def is_loopback_bind(self) -> bool:
        return self.host in LOOPBACK_HOSTS or self.host.startswith("127.")

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file behind `database_url`, or None for other databases and `:memory:`."""
        if not self.database_url.startswith("sqlite"):
            return None
        path = self.database_url.split(":///", 1)[-1]
        if not path or path == ":memory:":
            return None
        return Path(path)

    @property
    def resolved_key_file(self) -> Path:
        if self.key_file:
            return Path(self.key_file)
        db = self.sqlite_path
        return (db.parent if db else Path(".")) / "aiograpi-rest.key"
