"""How a personal field is stored: the id of the key that encrypts it and the ciphertext.

In a stored event a personal field reads
``{"_type_": "personal", "_data_": {"key_id": "<uuid>", "ciphertext": "<urlsafe base64>"}}``;
the ciphertext is AES-256-GCM's nonce (12 bytes), ciphertext and tag (16 bytes), in urlsafe
base64 with padding, and its associated data binds it to its place: ``associated_data``.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoding


@dataclass(frozen=True)
class PersonalEnvelope:
    key_id: str
    ciphertext: str


class PersonalEnvelopeAsDict(Transcoding):
    type = PersonalEnvelope
    name = "personal"

    def encode(self, obj: PersonalEnvelope) -> dict[str, str]:
        return {"key_id": obj.key_id, "ciphertext": obj.ciphertext}

    def decode(self, data: dict[str, Any]) -> PersonalEnvelope:
        return PersonalEnvelope(key_id=str(data["key_id"]), ciphertext=str(data["ciphertext"]))


def associated_data(aggregate_id: UUID, version: int, field: str) -> bytes:
    """What a ciphertext is bound to: it opens only in this field of this aggregate's event."""
    return f"{aggregate_id}:{version}:{field}".encode()
