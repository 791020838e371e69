"""What a query reads from: the read models' database, and the keys that open their personal
columns (projections/sealing.py)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow

from projections.sealing import PersonalColumns


@dataclass(frozen=True)
class ReadStore:
    datastore: PostgresDatastore
    columns: PersonalColumns

    @contextmanager
    def transaction(self, *, commit: bool = False) -> Iterator[Cursor[DictRow]]:
        with self.datastore.transaction(commit=commit) as curs:
            yield curs
