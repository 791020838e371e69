"""A limit on how often one source address may do something, counted in PostgreSQL so every
replica sees it. Addresses are kept only as keyed hashes.

A hit is claimed atomically: under a transaction-scoped advisory lock on its key, the count is
read and the hit inserted in one transaction, so parallel requests are admitted up to the limit
and no further. The login throttle claims its slots with the same pieces."""

import hashlib
import hmac
from collections.abc import Sequence
from datetime import timedelta

from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Identifier

RATE_LOCK = 7_201_102  # advisory lock class of a (bucket, source) count
SWEEP = 1000  # expired rows a claim deletes at most, so no claim waits on a long clean-up
EVERY_ROW = SQL("true")


def lock(curs: Cursor[DictRow], lock_class: int, key: str) -> None:
    """Hold the key's advisory lock until the transaction ends: claims of one key take turns."""
    curs.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (lock_class, key))


def sweep(
    curs: Cursor[DictRow],
    table: Composable,
    at: str,
    window: timedelta,
    where: Composable = EVERY_ROW,
    params: Sequence[object] = (),
) -> None:
    """Delete rows older than the window, skipping any another transaction is deleting."""
    curs.execute(
        SQL(
            "DELETE FROM {t} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {t} WHERE {where} AND "
            "{at} < now() - %s LIMIT %s FOR UPDATE SKIP LOCKED))"
        ).format(t=table, at=Identifier(at), where=where),
        (*params, window, SWEEP),
    )


def wait_at_limit(
    curs: Cursor[DictRow],
    table: Composable,
    at: str,
    where: Composable,
    params: Sequence[object],
    limit: int,
    window: timedelta,
) -> int | None:
    """Seconds until the limit-th most recent matching row leaves the window, when the window
    already holds `limit` of them; None while there is room."""
    row = curs.execute(
        SQL(
            "SELECT ceil(extract(epoch FROM {at} + %s - now()))::int AS wait FROM {t} "
            "WHERE {where} AND {at} > now() - %s ORDER BY {at} DESC OFFSET %s LIMIT 1"
        ).format(t=table, at=Identifier(at), where=where),
        (window, *params, window, limit - 1),
    ).fetchone()
    return max(1, int(row["wait"])) if row else None


class PostgresRateLimit:
    def __init__(
        self, datastore: PostgresDatastore, bucket: str, *, limit: int, window: timedelta, key: str
    ) -> None:
        self.datastore = datastore
        self.bucket = bucket
        self.limit = limit
        self.window = window
        self._key = key.encode()

    def hit(self, source: str) -> int | None:
        """Count a hit from source; seconds to wait instead when the limit is reached."""
        source_hash = hmac.new(self._key, source.encode(), hashlib.sha256).hexdigest()
        table = SQL("aftersales_rate_hits")
        with self.datastore.transaction(commit=True) as curs:
            lock(curs, RATE_LOCK, f"{self.bucket}:{source_hash}")
            sweep(curs, table, "hit_at", self.window, SQL("bucket = %s"), (self.bucket,))
            mine = SQL("bucket = %s AND source_hash = %s")
            params = (self.bucket, source_hash)
            if wait := wait_at_limit(curs, table, "hit_at", mine, params, self.limit, self.window):
                return wait
            curs.execute(
                "INSERT INTO aftersales_rate_hits (bucket, source_hash) VALUES (%s, %s)", params
            )
        return None
