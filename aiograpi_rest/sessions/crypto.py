"""Encryption at rest for session secrets (aiograpi settings, proxy URL, remembered password).

Fernet (AES-128-CBC + HMAC-SHA256) behind a `MultiFernet`: the first key encrypts, every key
decrypts, so a key is rotated by putting the new one first and the old one after it, running
`aiograpi-rest db rotate-keys` (`SessionStore.rotate()`), then dropping the old one.

Keys come from `AIOGRAPI_REST_SECRET_KEY` (comma-separated). With none set, a key file is
generated once beside the SQLite database (mode 0600) and reused on later starts.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

import orjson
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from aiograpi_rest.config import Settings

log = logging.getLogger(__name__)

KEY_ENV = "AIOGRAPI_REST_SECRET_KEY"
_GENERATE_HINT = "generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


class StoreKeyError(Exception):
    """The configured secret keys cannot decrypt what the store holds, or are not valid keys."""


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _fernet(key: str, where: str) -> Fernet:
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise StoreKeyError(
            f"{where} is not a Fernet key (32 url-safe base64-encoded bytes); {_GENERATE_HINT}"
        ) from None


class Cipher:
    """Encrypts with the first key, decrypts with any; `source` says where the keys came from."""

    def __init__(self, keys: list[str], source: str) -> None:
        if not keys:
            raise StoreKeyError(f"no secret key in {source}; {_GENERATE_HINT}")
        self.source = source
        self.key_count = len(keys)
        self._fernet = MultiFernet([_fernet(key, f"key #{n} of {source}") for n, key in enumerate(keys, 1)])

    def _key_error(self) -> StoreKeyError:
        return StoreKeyError(
            f"The stored sessions were encrypted with a different key than the one(s) in {self.source}. "
            f"Set {KEY_ENV} to the key they were written with; to change keys, list the new key first and "
            f"the old one after it (comma-separated), then run: aiograpi-rest db rotate-keys."
        )

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise self._key_error() from None

    def rotate(self, token: bytes) -> bytes:
        """The same plaintext re-encrypted under the first key."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise self._key_error() from None

    def encrypt_json(self, value: dict[str, Any]) -> bytes:
        return self.encrypt(orjson.dumps(value))

    def decrypt_json(self, token: bytes) -> dict[str, Any]:
        return orjson.loads(self.decrypt(token))

    def encrypt_text(self, value: str | None) -> bytes | None:
        return None if value is None else self.encrypt(value.encode("utf-8"))

    def decrypt_text(self, token: bytes | None) -> str | None:
        return None if token is None else self.decrypt(token).decode("utf-8")


def _split_keys(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def read_or_create_key_file(path: Path) -> list[str]:
    """The keys in `path`, creating it with one new key (mode 0600) when it does not exist.

    The file is written under a temporary name and hard-linked into place, so two processes
    starting at once end up with the same complete key instead of one reading a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(generate_key() + "\n")
            os.link(tmp, path)
            log.warning(
                "%s is not set: generated a secret key in %s (mode 0600). Back it up: without it the "
                "stored sessions cannot be decrypted. Every process sharing the database needs the same key.",
                KEY_ENV,
                path,
            )
        except FileExistsError:
            pass  # another process created it first; use theirs
        finally:
            tmp.unlink(missing_ok=True)
    elif path.stat().st_mode & 0o077:
        log.warning("secret key file %s is readable by other users; run: chmod 600 %s", path, path)
    return _split_keys(path.read_text())


def load_cipher(settings: Settings) -> Cipher:
    if settings.secret_keys:
        return Cipher(settings.secret_keys, KEY_ENV)
    path = settings.resolved_key_file
    return Cipher(read_or_create_key_file(path), f"key file {path}")
