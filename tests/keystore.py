"""Helpers for tests of the data keys alone: a key store, keys with a text sealed under each,
erasures, and what an examiner holding a copy of the rows and every KEK file could open."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID, uuid4

import psycopg

from adapters.crypto.aead import seal, unseal
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.kek import Kek
from adapters.crypto.kek_store import KekStore
from adapters.crypto.keyring import Keyring
from adapters.crypto.opening import open_data_keys
from adapters.settings import Settings


def fresh_key_store(url: str, data_dir: Path) -> DataKeyCache:
    """The data keys of a database (its schema at head) emptied, with epoch 1 alone."""
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE aftersales_keys, aftersales_kek_epochs")
        conn.execute("INSERT INTO aftersales_kek_epochs (epoch) VALUES (1)")
    settings = Settings(database_url=url, data_dir=data_dir, create_demo_tenant=False)
    return open_data_keys(settings, url)


def replica(keys: DataKeyCache, store: KekStore | None = None) -> DataKeyCache:
    """Another process's data keys on the same table: a cold cache, a keyring of its own."""
    keyring = Keyring(store or keys.keyring.store, keys.keyring.epochs)
    return DataKeyCache(keys.table, keyring, snapshots_table="aftersales_snapshots")


@dataclass
class Probes:
    """Keys, each with a text sealed under it; copies of the erased ones' wrapped rows."""

    sealed: dict[UUID, bytes] = field(default_factory=dict)
    erased: set[UUID] = field(default_factory=set)
    copies: dict[UUID, bytes] = field(default_factory=dict)  # an examiner's, before erasure

    def add(self, keys: DataKeyCache, count: int) -> list[UUID]:
        """`count` people, each with a key of their own and one for a ticket they own."""
        people = [uuid4() for _ in range(count)]
        for person in people:
            for key_id, owner in ((person, person), (uuid4(), person)):
                self.sealed[key_id] = seal(keys.for_writing(key_id, owner), key_id.bytes, b"")
        return people

    def erase(self, keys: DataKeyCache, people: list[UUID]) -> None:
        """Erase the people's keys (as an erasure does, in a transaction of its own)."""

        def erasure() -> None:
            with keys.table.pool.connection() as conn, conn.cursor() as cursor:
                for person in people:
                    keys.erase(cursor, uuid4(), person)

        self.erase_with(keys, people, erasure)

    def erase_with(
        self, keys: DataKeyCache, people: list[UUID], erasure: Callable[[], None]
    ) -> None:
        """Copy the live rows of the people's keys and the keys beneath, then erase them."""
        with keys.table.pool.connection() as conn:
            rows = conn.execute(
                "WITH RECURSIVE beneath (key_id) AS (SELECT unnest(%s::uuid[]) UNION "
                "SELECT k.key_id FROM aftersales_keys k JOIN beneath b ON k.owner_id = b.key_id) "
                "SELECT key_id, wrapped FROM aftersales_keys "
                "WHERE key_id IN (SELECT key_id FROM beneath)",
                (people,),
            ).fetchall()
        copies = {key_id: bytes(wrapped) for key_id, wrapped in rows}
        erasure()
        self.copies |= copies
        self.erased |= set(copies)

    def unreadable(self, keys: DataKeyCache) -> list[UUID]:
        """The live keys a cold cache cannot open their text with (none, if all is well)."""
        cold = replica(keys)
        cold.prefetch(set(self.sealed))
        wrong = []
        for key_id, sealed in self.sealed.items():
            key = cold.for_reading(key_id)
            opened = unseal(key, sealed, b"") if key is not None else None
            if (opened == key_id.bytes) == (key_id in self.erased):
                wrong.append(key_id)
        return wrong


def kek_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.key"))


def examiner_opens(probes: Probes, directory: Path) -> list[UUID]:
    """The erased keys whose copied wrapped bytes some KEK file left in the directory opens."""
    keks = [Kek(0, path.read_bytes()) for path in kek_files(directory)]
    copies = probes.copies.items()
    return [k for k, wrapped in copies if any(kek.unwrap(str(k), wrapped) for kek in keks)]


def epochs_of_live_keys(keys: DataKeyCache) -> list[int]:
    with keys.table.pool.connection() as conn:
        rows = conn.execute(
            "SELECT DISTINCT kek_epoch FROM aftersales_keys WHERE wrapped IS NOT NULL ORDER BY 1"
        ).fetchall()
    return [epoch for (epoch,) in rows]
