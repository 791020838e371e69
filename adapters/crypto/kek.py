"""A key-encryption key (KEK): it wraps data keys, and lives in the KEK store, never in the
database. KEKs come in numbered epochs; the newest wraps new data keys."""

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.crypto.aead import KEY_BYTES, seal, unseal


class KekError(ValueError):
    """A KEK is not usable: malformed, missing from the store, or not the one that wrapped."""


class Kek:
    def __init__(self, epoch: int, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise KekError(f"a KEK is {KEY_BYTES} bytes (base64: 43 or 44 characters)")
        self.epoch = epoch
        self._aead = AESGCM(key)

    def wrap(self, key_id: str, data_key: bytes) -> bytes:
        return seal(self._aead, data_key, key_id.encode())

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes | None:
        """The data key, or None when it was not wrapped by this KEK."""
        return unseal(self._aead, wrapped, key_id.encode())
