"""Signed checkpoints of the chain head (Ed25519), so an outside party can hold them."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adapters.secrets import owner_only_file


@dataclass(frozen=True)
class Checkpoint:
    notification_id: int
    hash: bytes
    signed_at: datetime
    signature: bytes

    def message(self) -> bytes:
        return checkpoint_message(self.notification_id, self.hash, self.signed_at)

    def to_json(self) -> str:
        return json.dumps(
            {
                "notification_id": self.notification_id,
                "hash": self.hash.hex(),
                "signed_at": self.signed_at.isoformat(),
                "signature": base64.b64encode(self.signature).decode(),
            }
        )

    @classmethod
    def from_json(cls, line: str) -> "Checkpoint":
        data = json.loads(line)
        return cls(
            int(data["notification_id"]),
            bytes.fromhex(data["hash"]),
            datetime.fromisoformat(data["signed_at"]),
            base64.b64decode(data["signature"]),
        )


def checkpoint_message(notification_id: int, chain_hash: bytes, signed_at: datetime) -> bytes:
    text = f"aftersales-checkpoint:{notification_id}:{chain_hash.hex()}:{signed_at.isoformat()}"
    return text.encode()


class CheckpointSigner:
    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key()

    @classmethod
    def from_file(cls, path: Path) -> "CheckpointSigner":
        """The key in path (PEM, PKCS#8), created readable by its owner only on first use."""
        pem = owner_only_file(
            path,
            lambda: Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return cls(key)

    def sign(self, notification_id: int, chain_hash: bytes, signed_at: datetime) -> Checkpoint:
        message = checkpoint_message(notification_id, chain_hash, signed_at)
        return Checkpoint(notification_id, chain_hash, signed_at, self._key.sign(message))

    def public_key_pem(self) -> str:
        pem: bytes = self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return pem.decode()


def is_signed_by(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(checkpoint.signature, checkpoint.message())
    except InvalidSignature:
        return False
    return True
