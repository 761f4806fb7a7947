"""Opaque bearer tokens: made here, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
import string
from urllib.parse import unquote

SESSION_TOKEN_PREFIX = "igr_"
API_KEY_PREFIX = "igk_"
TOKEN_BYTES = 32
# What the reference strips (`sessionid.strip(' "')`), and the other whitespace we always did.
_AROUND_TOKEN = string.whitespace + '"'


def new_token(prefix: str = SESSION_TOKEN_PREFIX) -> str:
    """A fresh token: a readable prefix (so leaked tokens are recognisable) and 32 random bytes."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 hex of the whole token.

    The prefix is hashed like any other character and never checked, so ids imported from the
    reference service, which have no prefix, are found the same way.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalize_token(value: str) -> str:
    """A presented session token as it is looked up: the reference's clients send its ids
    (`<user id>:<nonce>:<n>…`) raw, URL-quoted (`%3A`) or in double quotes, and the reference reads
    them all as `unquote(value.strip(' "'))`; so do we. Our own tokens (`igr_` + URL-safe base64)
    hold none of those characters and come out unchanged."""
    return unquote(value.strip(_AROUND_TOKEN))
