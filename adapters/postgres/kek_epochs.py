"""The KEK epochs as the key store's database knows them: their numbers and dates, never a KEK.

An epoch is registered once its KEK is durable in the KEK store; the newest registered epoch
wraps every new data key (adapters/postgres/data_key_table.py locks its row, shared, while it
adds one). An epoch is retired, in one transaction with the check that no live data key is still
wrapped by it, before its KEK is destroyed. A data key's row keeps the epoch that wrapped it
when it is destroyed: the erasure is sealed once that epoch is retired.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, Rollback
from psycopg_pool import ConnectionPool

SEAL_LOCK = 7_201_300  # advisory lock held by the one seal running
Rewrap = Callable[[UUID, bytes, int], bytes]  # (key id, wrapped, its epoch) -> wrapped anew


class SealRunning(Exception):
    """Another process is sealing."""


@dataclass(frozen=True)
class EpochCensus:
    epoch: int
    created_at: datetime
    retired_at: datetime | None
    live_keys: int
    erased_keys: int  # sealed once the epoch is retired


@dataclass(frozen=True)
class KeyState:
    epoch: int | None  # the epoch that wraps (or wrapped) it; None: never held key material
    destroyed_at: datetime | None
    sealed_at: datetime | None  # when its epoch was retired


class KekEpochs:
    def __init__(self, pool: ConnectionPool[Connection[tuple[Any, ...]]]) -> None:
        self.pool = pool

    def live(self) -> list[int]:
        """The epochs not retired, oldest first (the newest wraps new keys)."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT epoch FROM aftersales_kek_epochs WHERE retired_at IS NULL ORDER BY epoch"
            ).fetchall()
        return [epoch for (epoch,) in rows]

    def newest_created_at(self) -> datetime:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT max(created_at) FROM aftersales_kek_epochs").fetchone()
        assert row is not None
        return row[0]  # type: ignore[no-any-return]

    def register(self, epoch: int) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO aftersales_kek_epochs (epoch) VALUES (%s) ON CONFLICT DO NOTHING",
                (epoch,),
            )

    def rewrap(self, epoch: int, after: UUID, limit: int, rewrap: Rewrap) -> list[UUID]:
        """Wrap anew under the epoch, and commit, the next live keys (by id, after `after`)
        that an older epoch wraps; their ids."""
        with self.pool.connection() as conn, conn.transaction():
            rows = conn.execute(
                "SELECT key_id, wrapped, kek_epoch FROM aftersales_keys WHERE key_id > %s "
                "AND wrapped IS NOT NULL AND kek_epoch < %s ORDER BY key_id LIMIT %s FOR UPDATE",
                (after, epoch, limit),
            ).fetchall()
            ids = [key_id for key_id, _, _ in rows]
            conn.execute(
                "UPDATE aftersales_keys k SET wrapped = n.wrapped, kek_epoch = %s "
                "FROM unnest(%s::uuid[], %s::bytea[]) AS n (key_id, wrapped) "
                "WHERE k.key_id = n.key_id",
                (epoch, ids, [rewrap(k, bytes(w), e) for k, w, e in rows]),
            )
        return ids

    def waiting(self, epoch: int) -> int:
        """How many live keys an epoch older than this one wraps."""
        with self.pool.connection() as conn:
            return _waiting(conn, epoch)

    def retire_older(self, epoch: int) -> list[int] | None:
        """Retire every epoch older than this one, unless a live key is still wrapped by one
        (then None); the epochs retired. Adding a key under an epoch holds its row shared, so
        the retirement waits for such a key to commit, and then sees it."""
        with self.pool.connection() as conn:
            with conn.transaction():
                retired = conn.execute(
                    "UPDATE aftersales_kek_epochs SET retired_at = now() "
                    "WHERE epoch < %s AND retired_at IS NULL RETURNING epoch",
                    (epoch,),
                ).fetchall()
                if _waiting(conn, epoch):
                    raise Rollback
                return sorted(e for (e,) in retired)
        return None

    def sample(self, epoch: int) -> tuple[UUID, bytes] | None:
        """A live key the epoch wraps, if any: to check a KEK against."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT key_id, wrapped FROM aftersales_keys "
                "WHERE kek_epoch = %s AND wrapped IS NOT NULL LIMIT 1",
                (epoch,),
            ).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def census(self) -> list[EpochCensus]:
        """Every epoch with its live keys and the erased keys it wrapped."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT e.epoch, e.created_at, e.retired_at, "
                "count(k.key_id) FILTER (WHERE k.wrapped IS NOT NULL), "
                "count(k.key_id) FILTER (WHERE k.wrapped IS NULL) "
                "FROM aftersales_kek_epochs e LEFT JOIN aftersales_keys k ON k.kek_epoch = e.epoch "
                "GROUP BY e.epoch ORDER BY e.epoch"
            ).fetchall()
        return [EpochCensus(*row) for row in rows]

    def key_state(self, key_id: UUID) -> KeyState | None:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT k.kek_epoch, k.destroyed_at, e.retired_at FROM aftersales_keys k "
                "LEFT JOIN aftersales_kek_epochs e ON e.epoch = k.kek_epoch WHERE k.key_id = %s",
                (key_id,),
            ).fetchone()
        return KeyState(*row) if row else None

    @contextmanager
    def seal_lock(self) -> Iterator[None]:
        """Held by the one seal running; SealRunning when another process holds it."""
        with self.pool.connection() as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (SEAL_LOCK,)).fetchone()
            conn.commit()  # the lock is the session's: it outlives the transaction
            if not (row and row[0]):
                raise SealRunning("another process is sealing")
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SEAL_LOCK,))


def _waiting(conn: Connection[tuple[Any, ...]], epoch: int) -> int:
    row = conn.execute(
        "SELECT count(*) FROM aftersales_keys WHERE wrapped IS NOT NULL AND kek_epoch < %s",
        (epoch,),
    ).fetchone()
    return int(row[0]) if row else 0
