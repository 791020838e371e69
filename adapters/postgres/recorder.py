"""The events table, immutable by trigger, and the answers kept under Idempotency-Keys: each
under a keyed digest of its key, with one of its request, for a day by default (then it is
found no more, and `forget_old_answers` deletes it)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
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
        self.answers_kept = timedelta(hours=24)
        table = SQL("{}.aftersales_idempotency").format(Identifier(datastore.schema))
        self._insert_answer = SQL(
            "INSERT INTO {t} AS a (tenant_id, key_digest, body_digest, answer) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (tenant_id, key_digest) DO UPDATE "
            "SET body_digest = excluded.body_digest, answer = excluded.answer, created_at = now() "
            "WHERE a.created_at <= now() - %s RETURNING 1"
        ).format(t=table)
        self._select_answer = SQL(
            "SELECT body_digest, answer FROM {} "
            "WHERE tenant_id = %s AND key_digest = %s AND created_at > now() - %s"
        ).format(table)
        self._delete_answers = SQL("DELETE FROM {} WHERE created_at <= now() - %s").format(table)
        # the library's lock_timeout, table lock and NOTIFY, sent as one simple query
        notify = SQL("NOTIFY {}").format(Identifier(self.channel_name))
        self._lock_and_notify = SQL("; ").join([*self.lock_table_statements, notify])

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
            curs.execute(self._insert_answer, (*idempotency, self.answers_kept))
            if curs.fetchone() is None:
                raise IntegrityError("an answer is kept under this Idempotency-Key already")
        steps: Sequence[Callable[[Cursor[DictRow]], None]] = kwargs.get("in_transaction") or ()
        for step in steps:
            step(curs)

    def _lock_table(self, curs: Cursor[DictRow]) -> None:
        """Take the events table's lock (the library's reason: the insert order is the commit
        order) and notify the followers, in one round trip instead of the library's three."""
        curs.execute(self._lock_and_notify, prepare=False)

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        """Done with the lock (_lock_table)."""

    def stored_answer(self, tenant_id: UUID, key: str) -> StoredAnswer | None:
        """The answer kept under the key's digest, unless it is older than `answers_kept`."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._select_answer, (tenant_id, key, self.answers_kept))
            row = curs.fetchone()
        return StoredAnswer(row["body_digest"], row["answer"]) if row else None

    def forget_old_answers(self) -> int:
        """Delete the answers older than `answers_kept`; how many."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._delete_answers, (self.answers_kept,))
            return curs.rowcount
