"""The data keys' table: each data key wrapped by a KEK epoch's KEK, apart from the events.

A key belongs to an owner, whose erasure destroys it: a person's own key is owned by the person,
a ticket's key by the ticket's customer, and a message's key by its ticket (by the customer while
it has none), so destroying a key destroys every key beneath it. Destroying a key keeps a
tombstone (no key material, a destruction number), so a destroyed key is never made afresh and
every replica can learn, in order, which keys were destroyed since it last looked; it keeps the
epoch that wrapped the key, so the erasure is known sealed once that epoch is retired.
"""

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor
from psycopg.rows import tuple_row
from psycopg_pool import ConnectionPool

DESTROY = (
    "wrapped = NULL, destroyed_seq = nextval('aftersales_key_destructions'), destroyed_at = now()"
)
INSERT_KEY = (
    "INSERT INTO aftersales_keys (key_id, owner_id, wrapped, kek_epoch) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (key_id) DO NOTHING RETURNING wrapped, kek_epoch"
)
SELECT_KEY = "SELECT wrapped, kek_epoch FROM aftersales_keys WHERE key_id = %s"
Wrapped = tuple[bytes, int]  # the wrapped key and the epoch whose KEK wrapped it
AnyCursor = Cursor[Any]


class OwnerErased(Exception):
    """The owner's keys are destroyed: no new key may be made for them."""


class DataKeyTable:
    def __init__(self, url: str, *, shares_events_database: bool, pool_size: int = 4) -> None:
        self.shares_events_database = shares_events_database
        self.pool: ConnectionPool[Connection[tuple[Any, ...]]] = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=True
        )

    def fetch(self, key_ids: Sequence[UUID]) -> dict[UUID, Wrapped | None]:
        """The stored keys among these (None for a destroyed one); unknown ids are left out."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT key_id, wrapped, kek_epoch FROM aftersales_keys WHERE key_id = ANY(%s)",
                (list(key_ids),),
            ).fetchall()
        return {k: (bytes(w), m) if w is not None else None for k, w, m in rows}

    def create(self, key_id: UUID, owner_id: UUID, wrap: Callable[[int], bytes]) -> Wrapped | None:
        """The key stored under key_id (made now, wrapped by `wrap` under the newest epoch,
        if there was none), or None if it was destroyed. Raises OwnerErased when the owner's
        keys are destroyed. The newest epoch's row is held shared until the key is in, so a
        seal cannot retire the epoch meanwhile without seeing the key."""
        with self.pool.connection() as conn, conn.transaction():
            newest = conn.execute(
                "SELECT epoch FROM aftersales_kek_epochs ORDER BY epoch DESC LIMIT 1 FOR SHARE"
            ).fetchone()
            assert newest is not None, "the keys' migrations register epoch 1"
            if owner_id != key_id:
                owner = conn.execute(
                    "SELECT destroyed_seq FROM aftersales_keys WHERE key_id = %s FOR SHARE",
                    (owner_id,),
                ).fetchone()
                if owner is None or owner[0] is not None:
                    raise OwnerErased(str(owner_id))
            row = conn.execute(
                INSERT_KEY, (key_id, owner_id, wrap(newest[0]), newest[0])
            ).fetchone()
            if row is None:  # made meanwhile, or destroyed: the stored one
                row = conn.execute(SELECT_KEY, (key_id,)).fetchone()
        assert row is not None
        return (bytes(row[0]), row[1]) if row[0] is not None else None

    def destroy(self, owner_id: UUID, events_cursor: AnyCursor) -> list[UUID]:
        """Destroy the owner's own key and every key it owns; the ids of all of them.

        With the events in the same database this is part of the caller's transaction.
        """
        if self.shares_events_database:
            return _destroy(events_cursor, owner_id)
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as curs:
            return _destroy(curs, owner_id)

    def adopt(self, key_id: UUID, owner_id: UUID) -> None:
        """Hand the key to a new owner (destroyed at once if that owner is erased)."""
        with self.pool.connection() as conn, conn.transaction():
            owner = conn.execute(
                "SELECT destroyed_seq FROM aftersales_keys WHERE key_id = %s FOR SHARE",
                (owner_id,),
            ).fetchone()
            erased = owner is not None and owner[0] is not None
            conn.execute(
                f"UPDATE aftersales_keys SET owner_id = %s{', ' + DESTROY if erased else ''} "
                "WHERE key_id = %s AND destroyed_seq IS NULL",
                (owner_id, key_id),
            )

    def destroyed_since(self, seq: int) -> list[tuple[UUID, int]]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT key_id, destroyed_seq FROM aftersales_keys WHERE destroyed_seq > %s "
                "ORDER BY destroyed_seq",
                (seq,),
            ).fetchall()
        return [(k, s) for k, s in rows]

    def last_destruction(self) -> int:
        with self.pool.connection() as conn:
            row = conn.execute("SELECT max(destroyed_seq) FROM aftersales_keys").fetchone()
        return int(row[0]) if row and row[0] is not None else 0


_BENEATH = """
WITH RECURSIVE beneath (key_id) AS (
    SELECT %(owner)s::uuid
    UNION SELECT k.key_id FROM aftersales_keys k JOIN beneath b ON k.owner_id = b.key_id
)
"""


def _destroy(curs: AnyCursor, owner_id: UUID) -> list[UUID]:
    curs.execute(
        "INSERT INTO aftersales_keys (key_id, owner_id, destroyed_seq, destroyed_at) "
        "VALUES (%s, %s, nextval('aftersales_key_destructions'), now()) "
        "ON CONFLICT (key_id) DO UPDATE SET wrapped = NULL, "
        "destroyed_seq = coalesce(aftersales_keys.destroyed_seq, excluded.destroyed_seq), "
        "destroyed_at = coalesce(aftersales_keys.destroyed_at, excluded.destroyed_at)",
        (owner_id, owner_id),
    )
    curs.execute(
        f"{_BENEATH} UPDATE aftersales_keys SET {DESTROY} "
        "WHERE key_id IN (SELECT key_id FROM beneath) AND destroyed_seq IS NULL",
        {"owner": owner_id},
    )
    with curs.connection.cursor(row_factory=tuple_row) as ids:
        ids.execute(f"{_BENEATH} SELECT key_id FROM beneath", {"owner": owner_id})
        return [row[0] for row in ids.fetchall()]
