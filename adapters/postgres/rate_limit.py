"""A limit on how often one source address may do something, counted in PostgreSQL so every
replica sees it. Addresses are kept only as keyed hashes."""

import hashlib
import hmac
from datetime import timedelta

from eventsourcing.postgres import PostgresDatastore

TABLE = """
CREATE TABLE IF NOT EXISTS aftersales_rate_hits (
    bucket text NOT NULL,
    source_hash text NOT NULL,
    hit_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS aftersales_rate_hits_source
    ON aftersales_rate_hits (bucket, source_hash, hit_at)
"""


class PostgresRateLimit:
    def __init__(
        self, datastore: PostgresDatastore, bucket: str, *, limit: int, window: timedelta, key: str
    ) -> None:
        self.datastore = datastore
        self.bucket = bucket
        self.limit = limit
        self.window = window
        self._key = key.encode()

    def create_table(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(TABLE)

    def hit(self, source: str) -> int | None:
        """Count a hit from source; seconds to wait instead when the limit is reached."""
        source_hash = hmac.new(self._key, source.encode(), hashlib.sha256).hexdigest()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{self.bucket}:{source_hash}",)
            )
            curs.execute(
                "DELETE FROM aftersales_rate_hits WHERE bucket = %s AND hit_at < now() - %s",
                (self.bucket, self.window),
            )
            row = curs.execute(
                "SELECT ceil(extract(epoch FROM hit_at + %s - now()))::int AS wait "
                "FROM aftersales_rate_hits WHERE bucket = %s AND source_hash = %s "
                "ORDER BY hit_at DESC OFFSET %s LIMIT 1",
                (self.window, self.bucket, source_hash, self.limit - 1),
            ).fetchone()
            if row is not None:
                return max(1, int(row["wait"]))
            curs.execute(
                "INSERT INTO aftersales_rate_hits (bucket, source_hash) VALUES (%s, %s)",
                (self.bucket, source_hash),
            )
        return None
