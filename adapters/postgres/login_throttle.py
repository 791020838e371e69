"""Failed logins counted in PostgreSQL, so every replica of the service sees them."""

from datetime import timedelta

from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Identifier

TABLE = """
CREATE TABLE IF NOT EXISTS {}.aftersales_login_failures (
    username text NOT NULL,
    source text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS aftersales_login_failures_username
    ON {}.aftersales_login_failures (username, failed_at);
CREATE INDEX IF NOT EXISTS aftersales_login_failures_source
    ON {}.aftersales_login_failures (source, failed_at)
"""


class PostgresLoginThrottle:
    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        max_failures: int,
        max_failures_per_source: int,
        window: timedelta,
    ) -> None:
        self.datastore = datastore
        self.max_failures = max_failures
        self.max_failures_per_source = max_failures_per_source
        self.window = window
        self.table = SQL("{}.aftersales_login_failures").format(Identifier(datastore.schema))

    def create_table(self) -> None:
        schema = Identifier(self.datastore.schema)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL(TABLE).format(schema, schema, schema))

    def retry_after(self, username: str, source: str) -> int | None:
        waits = [
            self._wait(SQL("username"), username, self.max_failures),
            self._wait(SQL("source"), source, self.max_failures_per_source),
        ]
        blocked = [w for w in waits if w is not None]
        return max(blocked) if blocked else None

    def _wait(self, column: SQL, value: str, limit: int) -> int | None:
        """Seconds until the limit-th most recent failure leaves the window, if limit is reached."""
        query = SQL(
            "SELECT ceil(extract(epoch FROM failed_at + %s - now()))::int AS wait FROM {} "
            "WHERE {} = %s AND failed_at > now() - %s ORDER BY failed_at DESC OFFSET %s LIMIT 1"
        ).format(self.table, column)
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(query, (self.window, value, self.window, limit - 1)).fetchone()
        return max(1, row["wait"]) if row else None

    def record_failure(self, username: str, source: str) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("DELETE FROM {} WHERE failed_at < now() - %s").format(self.table),
                (self.window,),
            )
            curs.execute(
                SQL("INSERT INTO {} (username, source) VALUES (%s, %s)").format(self.table),
                (username, source),
            )

    def clear(self, username: str) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {} WHERE username = %s").format(self.table), (username,))
