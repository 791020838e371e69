"""The data keys (`commands.data_keys.DataKeys`), unwrapped and cached in front of their table.

There is one key per aggregate that holds personal information, owned by its data subject.
A key is made (and wrapped by the newest KEK epoch's KEK, adapters/crypto/keyring.py) the
first time personal information of its aggregate is stored, and kept unwrapped in memory for
speed. Erasing a subject destroys its key and every key it owns, in the transaction of the
erasure event when the data keys' table shares the events' database. Each process forgets
destroyed keys within `refresh_seconds`, and the projections before every batch they apply, so
no read model takes plaintext back afterwards;
and the erased keys' list in the events' database (adapters/postgres/erased_keys.py) refuses,
in its transaction, a write sealed under a destroyed key that this process still remembered.
"""

import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from threading import Lock
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import JSONTranscoder, Mapper
from psycopg.sql import SQL, Identifier

from adapters.crypto.aead import new_key
from adapters.crypto.envelope import PersonalEnvelopeAsDict
from adapters.crypto.kek import KekError
from adapters.crypto.keyring import Keyring
from adapters.crypto.mapper import PersonalMapper
from adapters.postgres.data_key_table import DataKeyTable, OwnerErased, Wrapped
from adapters.postgres.erased_keys import hold_live, list_erased
from domain.errors import PersonalDataErased
from projections.base import ERASURE_LOCK

DESTROYED = None  # a destroyed key, as the cache remembers it


class DataKeyCache:
    def __init__(
        self,
        table: DataKeyTable,
        keyring: Keyring,
        *,
        snapshots_table: str,
        cache_size: int = 10_000,
        refresh_seconds: float = 1.0,
    ) -> None:
        self.table = table
        self.keyring = keyring
        self.snapshots_table = snapshots_table
        self.cache_size = cache_size
        self.refresh_seconds = refresh_seconds
        self._cache: OrderedDict[UUID, AESGCM | None] = OrderedDict()
        self._listeners: list[Callable[[set[UUID]], None]] = []
        self._lock = Lock()
        self._seen = table.last_destruction()
        self._refreshed = time.monotonic()

    def mapper(self, transcoder: JSONTranscoder) -> Mapper[UUID]:
        transcoder.register(PersonalEnvelopeAsDict())
        return PersonalMapper(transcoder, self)

    def for_writing(self, key_id: UUID, owner_id: UUID) -> AESGCM:
        key = self._known(key_id)
        if isinstance(key, AESGCM):
            return key
        if key is DESTROYED:
            raise PersonalDataErased("the person's information is erased")
        if owner_id != key_id:
            self.for_writing(owner_id, owner_id)
        data_key = new_key()
        try:
            stored = self.table.create(
                key_id, owner_id, lambda epoch: self.keyring.wrap(epoch, str(key_id), data_key)
            )
        except OwnerErased:
            raise PersonalDataErased("the person's information is erased") from None
        if stored is None:
            self._remember(key_id, None)
            raise PersonalDataErased("the person's information is erased")
        made = self._remember(key_id, stored)
        if made is None:
            raise KekError(f"the data key {key_id} does not open with its epoch's KEK")
        return made

    def for_reading(self, key_id: UUID) -> AESGCM | None:
        key = self._known(key_id)
        if not isinstance(key, _Unknown):
            return key
        stored = self.table.fetch([key_id])
        return self._remember(key_id, stored[key_id]) if key_id in stored else None

    def prefetch(self, key_ids: set[UUID]) -> None:
        with self._lock:
            unknown = [k for k in key_ids if k not in self._cache]
        if unknown:
            for key_id, stored in self.table.fetch(unknown).items():
                self._remember(key_id, stored)

    def erase(self, cursor: Any, tenant_id: UUID, owner_id: UUID) -> None:
        """Destroy the owner's keys and drop snapshots sealed with them, in the erasure's
        transaction; the erasure lock keeps projections from applying events meanwhile."""
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (ERASURE_LOCK,))
        destroyed = self.table.destroy(owner_id, cursor)
        list_erased(cursor, destroyed)
        cursor.execute(
            SQL("DELETE FROM {} WHERE originator_id = ANY(%s)").format(
                Identifier(self.snapshots_table)
            ),
            (destroyed,),
        )
        self._evict(destroyed)

    def hold_live(self, cursor: Any, key_ids: Collection[UUID]) -> None:
        hold_live(cursor, key_ids)

    def adopt(self, key_id: UUID, owner_id: UUID) -> None:
        self.table.adopt(key_id, owner_id)

    def on_destroyed(self, listener: Callable[[set[UUID]], None]) -> None:
        self._listeners.append(listener)

    def forget_destroyed(self) -> None:
        """Forget the keys destroyed (by any process) since the last look, and tell the
        listeners (who drop aggregates cached with the keys' plaintext)."""
        self._refreshed = time.monotonic()
        self.keyring.forget_retired()
        news = self.table.destroyed_since(self._seen)
        with self._lock:
            for key_id, seq in news:
                self._cache[key_id] = DESTROYED
                self._seen = max(self._seen, seq)
            self._trim()
        if news:
            for listener in self._listeners:
                listener({key_id for key_id, _ in news})

    def _known(self, key_id: UUID) -> "AESGCM | None | _Unknown":
        """The cached key, DESTROYED, or _UNKNOWN when the table must be asked."""
        if time.monotonic() - self._refreshed > self.refresh_seconds:
            self.forget_destroyed()
        with self._lock:
            if key_id not in self._cache:
                return _UNKNOWN
            self._cache.move_to_end(key_id)
            return self._cache[key_id]

    def _remember(self, key_id: UUID, stored: Wrapped | None) -> AESGCM | None:
        key = None
        if stored is not None:
            data_key = self._unwrap(key_id, stored)
            if data_key is None:
                return None  # its KEK's is not this store's: useless here, not known destroyed
            key = AESGCM(data_key)
        with self._lock:
            self._cache[key_id] = key
            self._trim()
        return key

    def _unwrap(self, key_id: UUID, stored: Wrapped) -> bytes | None:
        """The data key; read again once when its epoch's KEK is gone (a seal re-wrapped the
        key under a newer epoch, and retired its old one, since it was read)."""
        data_key = self.keyring.unwrap(stored[1], str(key_id), stored[0])
        if data_key is None and self.keyring.kek(stored[1]) is None:
            again = self.table.fetch([key_id]).get(key_id)
            if again is not None and again[1] != stored[1]:
                data_key = self.keyring.unwrap(again[1], str(key_id), again[0])
        return data_key

    def _evict(self, key_ids: list[UUID]) -> None:
        with self._lock:
            for key_id in key_ids:
                self._cache.pop(key_id, None)

    def _trim(self) -> None:
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


class _Unknown:
    """Not in the cache: ask the table."""


_UNKNOWN = _Unknown()
