"""A read model's tables and position, written in one transaction a batch.

The view of a projection is a `PostgresTrackingRecorder` with the read model's own tables. A
batch of events from the log is applied in one transaction that also records the new position,
so each event is applied exactly once and a restarted runner resumes where it stopped.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import ClassVar, TypeVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Identifier

from projections.buffers import Buffer
from projections.sealing import PersonalColumns
from projections.tables import Table

APPLICATION = "Aftersales"
# Erasures hold this advisory lock exclusively, read-model batches shared: a batch never applies
# events with keys that an erasure (writing the read models in the same step) is destroying.
ERASURE_LOCK = 7_201_200
B = TypeVar("B", bound=Buffer)


class StaleBatch(Exception):
    """Another process moved the read model's position since this batch was read: nothing of it
    is applied (the rebuild of a view, or a follower whose lock went with its connection)."""


class ReadModel(PostgresTrackingRecorder):
    """The view of one projection: `tables` lists its tables for rebuilds (migrations make them).

    `erasable` declares, per table, the column naming the data subject and the columns holding
    their personal information, which `erase_subject` sets to NULL (on a person's erasure); the
    tables named in `marks_erased` also have an `erased` column, which it sets. `deidentifiable`
    declares, per table, the column naming a ticket (or other aggregate) and the columns holding
    its free text, which `deidentify` sets to NULL (when retention expires it). `sealed`
    declares, per table, the column naming the aggregate whose data key seals a row and the
    columns stored sealed with it (projections/sealed_rows.py). Batches are pipelined unless
    `pipelined` is False (a view that reads back or copies inside a batch).
    """

    tables: ClassVar[Sequence[Table]] = ()
    erasable: ClassVar[Mapping[Table, tuple[str, Sequence[str]]]] = {}
    marks_erased: ClassVar[frozenset[Table]] = frozenset()
    deidentifiable: ClassVar[Mapping[Table, tuple[str, Sequence[str]]]] = {}
    sealed: ClassVar[Mapping[Table, tuple[str, Sequence[str]]]] = {}
    pipelined: ClassVar[bool] = True

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str,
        events_table_name: str,
        columns: PersonalColumns | None = None,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name)
        self._columns = columns
        tracking = Identifier(tracking_table_name)
        self._fence = SQL(
            "SELECT t.notification_id >= %(first)s OR EXISTS (SELECT FROM {} e WHERE "
            "e.notification_id > t.notification_id AND e.notification_id < %(first)s) AS stale "
            "FROM {} t WHERE t.application_name = %(name)s FOR UPDATE OF t"
        ).format(Identifier(events_table_name), tracking)
        self._cursor: Cursor[DictRow] | None = None
        self._buffers: list[Buffer] = []

    @property
    def columns(self) -> PersonalColumns:
        """What seals the view's personal columns (projections/sealing.py)."""
        if self._columns is None:
            raise RuntimeError(f"{type(self).__name__} was made without the keys to seal with")
        return self._columns

    def buffered(self, buffer: B) -> B:
        """Keep the buffer's rows back until the end of each batch (projections/buffers.py)."""
        self._buffers.append(buffer)
        return buffer

    @property
    def cursor(self) -> Cursor[DictRow]:
        """The cursor of the batch being applied, with every buffered row written out first."""
        if self._cursor is None:
            raise RuntimeError("read-model rows are written only inside a batch")
        self._write_buffers(self._cursor)
        return self._cursor

    def _write_buffers(self, curs: Cursor[DictRow]) -> None:
        for buffer in self._buffers:
            buffer.flush(curs)

    @contextmanager
    def batch(self, first: int, last: int) -> Iterator[Cursor[DictRow]]:
        """One transaction for the rows of notifications first..last and the new position.

        It first locks the position and checks that the batch follows on from it, with no
        notification between them, so a batch read before another process moved the position
        (a rebuild, a follower that took over) is refused. Statements are pipelined: handlers
        write without waiting for each answer.
        """
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ERASURE_LOCK,))
            row = curs.execute(self._fence, {"first": first, "name": APPLICATION}).fetchone()
            if row is None or row["stale"]:
                raise StaleBatch(f"{self.tracking_table_name} moved before {first}")
            with self._applying(curs):
                yield curs
            self._insert_tracking(curs, Tracking(APPLICATION, last))

    @contextmanager
    def replay(self) -> Iterator[Cursor[DictRow]]:
        """One transaction for the rows of parked notifications applied out of the log's order
        (by the holder of the follower lock); the position stays where it is."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ERASURE_LOCK,))
            with self._applying(curs):
                yield curs

    @contextmanager
    def _applying(self, curs: Cursor[DictRow]) -> Iterator[None]:
        self._cursor = curs
        try:
            with curs.connection.pipeline() if self.pipelined else nullcontext():
                yield
                self._write_buffers(curs)
        finally:
            self._cursor = None
            for buffer in self._buffers:
                buffer.clear()

    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    def record(self, position: int) -> None:
        """Move the position on to this notification, writing nothing else (fenced as a batch)."""
        with self.batch(position, position):
            pass

    def erase_subject(self, curs: Cursor[DictRow], tenant_id: UUID, subject_id: UUID) -> None:
        """Drop the person's plaintext from every table of this read model, marked as erased."""
        _clear(curs, self.erasable, tenant_id, subject_id, self.marks_erased)

    def deidentify(self, curs: Cursor[DictRow], tenant_id: UUID, aggregate_id: UUID) -> None:
        """Drop a ticket's (or other aggregate's) free text from every table of this read model."""
        _clear(curs, self.deidentifiable, tenant_id, aggregate_id, frozenset())

    def drop(self) -> None:
        """Empty the tables and set the position back to 0, so the log replays from the start."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("UPDATE {} SET notification_id = 0 WHERE application_name = %s").format(
                    Identifier(self.tracking_table_name)
                ),
                (APPLICATION,),
            )
            for table in self.tables:
                curs.execute(SQL("TRUNCATE {}").format(table.sql))


def _clear(
    curs: Cursor[DictRow],
    declared: Mapping[Table, tuple[str, Sequence[str]]],
    tenant_id: UUID,
    ident: UUID,
    marked: frozenset[Table],
) -> None:
    """Set the declared columns to NULL in the rows of ident (and `erased` where marked)."""
    for table, (ident_column, columns) in declared.items():
        cleared: list[Composable] = [SQL("{} = NULL").format(Identifier(c)) for c in columns]
        if table in marked:
            cleared.append(SQL("erased = true"))
        curs.execute(
            SQL("UPDATE {} SET {} WHERE tenant_id = %s AND {} = %s").format(
                table.sql, SQL(", ").join(cleared), Identifier(ident_column)
            ),
            (tenant_id, ident),
        )
