"""Positions in the log of the followers that act on the outside world (the message senders,
the automatic messages), each recorded after what it did is on the record."""

from collections.abc import Callable

from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow


class Positions:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore

    def get(self, name: str) -> int:
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(
                "SELECT position FROM aftersales_positions WHERE name = %s", (name,)
            ).fetchone()
        return int(row["position"]) if row else 0

    def start(self, name: str, position: int) -> None:
        """Set the position of a follower that has none yet (those that start at the head)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO aftersales_positions VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (name, position),
            )

    def done(self, record: Callable[[Cursor[DictRow]], None]) -> None:
        """Run `record` in a transaction of its own (what a follower did, on the record)."""
        with self.datastore.transaction(commit=True) as curs:
            record(curs)

    def set(self, name: str, position: int) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO aftersales_positions AS p VALUES (%s, %s) ON CONFLICT (name) "
                "DO UPDATE SET position = greatest(p.position, excluded.position)",
                (name, position),
            )
