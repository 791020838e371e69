"""Read models' personal columns sealed with the data keys (projections/sealing.py).

A column is sealed with AES-256-GCM under the data key of its subject (a customer's own key,
which their erasure destroys), bound to `place:subject`. Blind-index tokens are HMAC-SHA-256
under a tenant's search key: a data key of its own (made on first use, wrapped like any other)
from which the HMAC key is derived, so it never lives in the database unwrapped either.
"""

import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from uuid import UUID

from adapters.crypto.aead import NONCE_BYTES, seal, unseal
from adapters.crypto.mapper import DataKeySource
from domain.errors import PersonalDataErased

SEARCH_KEYS = uuid.UUID("6f1d3c52-5b7e-4d0a-9a43-2f8e1c9b7a10")  # the namespace of search keys
_DERIVATION_NONCE = bytes(NONCE_BYTES)  # used only to derive, never to encrypt data


def search_key_id(tenant_id: UUID) -> UUID:
    return uuid.uuid5(SEARCH_KEYS, str(tenant_id))


class SealedColumns:
    def __init__(self, keys: DataKeySource) -> None:
        self.keys = keys
        self._search: dict[UUID, bytes] = {}

    def seal(self, subject_id: UUID, place: str, value: str | None) -> bytes | None:
        if value is None:
            return None
        try:
            key = self.keys.for_writing(subject_id, subject_id)
        except PersonalDataErased:
            return None
        return seal(key, value.encode(), _bound(place, subject_id))

    def open(self, subject_id: UUID | None, place: str, sealed: bytes | None) -> str | None:
        return self.open_fields(subject_id, {place: sealed})[place]

    def open_fields(
        self, subject_id: UUID | None, sealed: Mapping[str, bytes | None]
    ) -> dict[str, str | None]:
        key = None
        if subject_id is not None and any(value is not None for value in sealed.values()):
            key = self.keys.for_reading(subject_id)
        if key is None:
            return dict.fromkeys(sealed)
        bound = f":{subject_id}"
        opened: dict[str, str | None] = {}
        for place, value in sealed.items():
            plaintext = None if value is None else unseal(key, value, f"{place}{bound}".encode())
            opened[place] = plaintext.decode() if plaintext is not None else None
        return opened

    def prefetch(self, subject_ids: Iterable[UUID]) -> None:
        self.keys.prefetch(set(subject_ids))

    def token(self, tenant_id: UUID, kind: str, value: str) -> bytes:
        message = f"{kind}\0{value}".encode()
        return hmac.new(self._search_key(tenant_id), message, hashlib.sha256).digest()

    def _search_key(self, tenant_id: UUID) -> bytes:
        known = self._search.get(tenant_id)
        if known is None:
            key_id = search_key_id(tenant_id)
            aead = self.keys.for_writing(key_id, key_id)
            # AES-GCM over zeros with a nonce kept for this: a pseudo-random function of the key
            known = aead.encrypt(_DERIVATION_NONCE, bytes(32), b"search key")[:32]
            self._search[tenant_id] = known
        return known


def _bound(place: str, subject_id: UUID) -> bytes:
    return f"{place}:{subject_id}".encode()
