"""The master key: it wraps every data key, and lives in settings, never in the database."""

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.crypto.aead import KEY_BYTES, from_text, seal, unseal
from adapters.secrets import secret_file

DEFAULT_FILE = "master-key"


class MasterKeyError(ValueError):
    """The master key given is not usable (malformed, missing, or not the store's)."""


class MasterKey:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise MasterKeyError(f"a master key is {KEY_BYTES} bytes (base64: 43 or 44 characters)")
        self._aead = AESGCM(key)
        self.id = hashlib.sha256(b"aftersales master key\0" + key).hexdigest()[:16]

    @classmethod
    def from_text(cls, text: str) -> "MasterKey":
        key = from_text(text.strip())
        if key is None:
            raise MasterKeyError("a master key is given in base64")
        return cls(key)

    @classmethod
    def from_file(cls, path: Path) -> "MasterKey":
        if not path.exists():
            raise MasterKeyError(f"the master key file {path} does not exist")
        return cls.from_text(path.read_text())

    def wrap(self, key_id: str, data_key: bytes) -> bytes:
        return seal(self._aead, data_key, key_id.encode())

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes | None:
        """The data key, or None when it was not wrapped by this master key."""
        return unseal(self._aead, wrapped, key_id.encode())


def load_master_key(text: str | None, file: Path | None, data_dir: Path) -> MasterKey:
    """The key given in base64, else the one in the given file, else the data dir's own.

    Only the data dir's file is made when missing (readable by its owner only): a configured
    file that is missing is an error, not a reason to start afresh with a new key.
    """
    if text:
        return MasterKey.from_text(text)
    if file is not None:
        return MasterKey.from_file(file)
    return MasterKey.from_text(secret_file(data_dir / DEFAULT_FILE, KEY_BYTES))
