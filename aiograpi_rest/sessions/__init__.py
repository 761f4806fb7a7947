"""Sessions: the encrypted store, tokens, API keys (and the client pool, in `pool.py`)."""

from aiograpi_rest.sessions.apikeys import ApiKeyExistsError, ApiKeyInfo, ApiKeyStore
from aiograpi_rest.sessions.crypto import StoreKeyError
from aiograpi_rest.sessions.database import upgrade
from aiograpi_rest.sessions.models import SessionRecord
from aiograpi_rest.sessions.store import DuplicateTokenError, SessionStore
from aiograpi_rest.sessions.tokens import hash_token, new_token

__all__ = [
    "ApiKeyExistsError",
    "ApiKeyInfo",
    "ApiKeyStore",
    "DuplicateTokenError",
    "SessionRecord",
    "SessionStore",
    "StoreKeyError",
    "hash_token",
    "new_token",
    "upgrade",
]
