"""The events table, immutable by trigger, and the answers kept under Idempotency-Keys."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    answer: str


class AftersalesRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(datastore.schema)
        self._insert_answer = SQL(
            "INSERT INTO {}.aftersales_idempotency (tenant_id, key, fingerprint, answer) "
            "VALUES (%s, %s, %s, %s)"
        ).format(schema)
        self._select_answer = SQL(
            "SELECT fingerprint, answer FROM {}.aftersales_idempotency "
            "WHERE tenant_id = %s AND key = %s"
        ).format(schema)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events in one transaction, after the answer and the steps it carries.

        Not pipelined, unlike the library's: in pipeline mode psycopg can leave the tail of a
        large statement unsent (a big commit's events travel as one array parameter) and wait
        for an answer the server cannot give, for ever, on a unix socket. A failing statement
        raises at once, so a key used meanwhile is an IntegrityError here, not at commit.
        """
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return None
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """Keep the command's answer in the same transaction as its events, and run the steps
        given as `in_transaction` (an erasure's) in it too."""
        idempotency: tuple[UUID, str, str, str] | None = kwargs.get("idempotency")
        if idempotency is not None:
            curs.execute(self._insert_answer, idempotency)
        steps: Sequence[Callable[[Cursor[DictRow]], None]] = kwargs.get("in_transaction") or ()
        for step in steps:
            step(curs)

    def stored_answer(self, tenant_id: UUID, key: str) -> StoredAnswer | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._select_answer, (tenant_id, key))
            row = curs.fetchone()
        return StoredAnswer(row["fingerprint"], row["answer"]) if row else None
