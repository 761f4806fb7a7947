"""The password-encryption key the emulator hands out, and decryption of `enc_password`.

aiograpi encrypts the password with the key from `GET /api/v1/qe/sync/` (aiograpi/mixins/password.py):
`#PWD_INSTAGRAM:4:<ts>:` + base64(1, key id, 12-byte IV, RSA-PKCS1v15(AES key) length (LE) and
bytes, GCM tag, AES-256-GCM(password) with the timestamp as associated data). Version 0 carries
the password in clear, which curl users of the sandbox may send.
"""

from __future__ import annotations

import base64
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ID = 41


@cache
def _private_key() -> rsa.RSAPrivateKey:
    # One key per process: generating one costs ~50 ms and nothing needs it to differ.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_key_header() -> str:
    """The `ig-set-password-encryption-pub-key` header value: base64 of the PEM public key."""
    pem = (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(pem).decode()


def decrypt_password(enc_password: str) -> str | None:
    """The clear password, or None when the value is not one this emulator can read."""
    parts = enc_password.split(":", 3)
    if len(parts) != 4 or not parts[0].startswith("#PWD_INSTAGRAM"):
        return None
    _, version, timestamp, payload = parts
    if version == "0":
        return payload
    try:
        raw = base64.b64decode(payload)
        if raw[0] != 1 or raw[1] != KEY_ID:
            return None
        iv = raw[2:14]
        size = int.from_bytes(raw[14:16], "little")
        session_key = _private_key().decrypt(raw[16 : 16 + size], padding.PKCS1v15())
        tag = raw[16 + size : 32 + size]
        ciphertext = raw[32 + size :]
        return AESGCM(session_key).decrypt(iv, ciphertext + tag, timestamp.encode()).decode()
    except (ValueError, IndexError):
        return None
