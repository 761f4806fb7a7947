"""Every setting of the service, read once from `AIOGRAPI_REST_*` environment variables."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./aiograpi-rest.db"
SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///./aiograpi-rest-sandbox.db"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
DATABASE_DRIVERS = {("sqlite", "aiosqlite"), ("postgresql", "asyncpg")}
DATABASE_URL_FORMS = (
    "a SQLite file as sqlite+aiosqlite:///path/to/file.db (sqlite+aiosqlite:///:memory: for none), "
    "or PostgreSQL as postgresql+asyncpg://user:password@host:5432/database"
)


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
    forwarded_allow_ips: str = ""

    upstream: str = "instagram"
    sandbox: bool = False
    emulator_seed: int = 0

    redis_url: str = Field(default="", repr=False)
    lock_lease: float = Field(default=10.0, ge=0.5, le=600)

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

    # Each validator's message says what is accepted: `setting_errors` prints it after the
    # variable's name, as the one line a bad setting gets.
    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value not in LOG_FORMATS:
            raise ValueError(" or ".join(LOG_FORMATS))
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(", ".join(LOG_LEVELS) + " (any case)")
        return value.upper()

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            url = None
        if url is None or (url.get_backend_name(), url.get_driver_name()) not in DATABASE_DRIVERS:
            raise ValueError(DATABASE_URL_FORMS)
        if url.get_backend_name() == "sqlite" and not url.database:
            raise ValueError(DATABASE_URL_FORMS)
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        value = value.strip()
        if value and urlparse(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError(
                "a Redis URL such as redis://127.0.0.1:6379/0 (rediss:// for TLS), or empty for none"
            )
        return value

    @field_validator("upstream")
    @classmethod
    def _upstream(cls, value: str) -> str:
        if value in ("instagram", "sandbox"):
            return value
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(
                "instagram, sandbox, or an emulator's http(s) base URL such as http://127.0.0.1:9000"
            )
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
    def single_writer(self) -> bool:
        """One process writes the store: a SQLite file served by one worker. Otherwise other
        instances or workers may write it too, and a cached record must be checked against it."""
        return self.database_url.startswith("sqlite") and self.workers == 1

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
