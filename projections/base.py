"""What every read model shares: its tables and tracking row, written one transaction a batch.

A read model is an eventsourcing `Projection` whose view is a `PostgresTrackingRecorder` with the
read model's own tables. A batch of events from the log is applied in one transaction that also
records the tracking position, so each event is applied exactly once and a restarted runner
resumes where it stopped. `process_event` writes through `self.view.cursor`, the cursor of the
batch's transaction.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, Notification, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

APPLICATION = "Aftersales"
# Erasures hold this advisory lock exclusively, read-model batches shared: a batch never applies
# events with keys that an erasure (writing the read models in the same step) is destroying.
ERASURE_LOCK = 7_201_200


@dataclass(frozen=True)
class EventContext:
    """Who and where of a stored event: its tenant, actor, request and time."""

    tenant_id: UUID
    actor: str
    request_id: str
    at: datetime


def context_of(event: Any) -> EventContext:
    meta: dict[str, str] = event.meta
    return EventContext(UUID(meta["tenant_id"]), meta["actor"], meta["request_id"], event.timestamp)


class ReadModel(PostgresTrackingRecorder):
    """The view of one projection: `ddl` creates its tables, `tables` names them for rebuilds.

    `erasable` declares, per table, the column naming the data subject and the columns holding
    their personal information, which `erase_subject` sets to NULL (on a person's erasure).
    `deidentifiable` declares, per table, the column naming a ticket (or other aggregate) and the
    columns holding its free text, which `deidentify` sets to NULL (when retention expires it).
    """

    ddl: ClassVar[Sequence[str]] = ()
    tables: ClassVar[Sequence[str]] = ()
    erasable: ClassVar[Mapping[str, tuple[str, Sequence[str]]]] = {}
    deidentifiable: ClassVar[Mapping[str, tuple[str, Sequence[str]]]] = {}

    def __init__(self, datastore: PostgresDatastore, *, tracking_table_name: str) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name)
        self.sql_create_statements += [SQL(statement) for statement in self.ddl]  # type: ignore[misc]
        self._cursor: Cursor[DictRow] | None = None

    @property
    def cursor(self) -> Cursor[DictRow]:
        """The cursor of the batch being applied."""
        if self._cursor is None:
            raise RuntimeError("read-model rows are written only inside a batch")
        return self._cursor

    @contextmanager
    def batch(self, tracking: Tracking) -> Iterator[Cursor[DictRow]]:
        """One transaction for the batch's rows and its tracking position."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ERASURE_LOCK,))
            self._cursor = curs
            try:
                yield curs
                self._insert_tracking(curs, tracking)
            finally:
                self._cursor = None

    def position(self) -> int:
        return self.max_tracking_id(APPLICATION) or 0

    def erase_subject(self, curs: Cursor[DictRow], tenant_id: UUID, subject_id: UUID) -> None:
        """Drop the person's plaintext from every table of this read model."""
        _set_null(curs, self.erasable, tenant_id, subject_id)

    def deidentify(self, curs: Cursor[DictRow], tenant_id: UUID, aggregate_id: UUID) -> None:
        """Drop a ticket's (or other aggregate's) free text from every table of this read model."""
        _set_null(curs, self.deidentifiable, tenant_id, aggregate_id)

    def drop(self) -> None:
        """Empty the tables and forget the position, so the log replays from the start."""
        with self.datastore.transaction(commit=True) as curs:
            for table in self.tables:
                curs.execute(SQL("TRUNCATE {}").format(Identifier(table)))
            curs.execute(
                SQL("DELETE FROM {} WHERE application_name = %s").format(
                    Identifier(self.tracking_table_name)
                ),
                (APPLICATION,),
            )


def _set_null(
    curs: Cursor[DictRow],
    declared: Mapping[str, tuple[str, Sequence[str]]],
    tenant_id: UUID,
    ident: UUID,
) -> None:
    for table, (ident_column, columns) in declared.items():
        assignments = SQL(", ").join(SQL("{} = NULL").format(Identifier(c)) for c in columns)
        curs.execute(
            SQL("UPDATE {} SET {} WHERE tenant_id = %s AND {} = %s").format(
                Identifier(table), assignments, Identifier(ident_column)
            ),
            (tenant_id, ident),
        )


V = TypeVar("V", bound=ReadModel)


class ReadModelProjection(Projection[V], Generic[V]):
    """A projection into a read model; `handles` lists the event classes it applies."""

    handles: ClassVar[Sequence[type]] = ()
    view_class: ClassVar[type[ReadModel]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.topics = tuple(get_topic(event_class) for event_class in cls.handles)


@runtime_checkable
class ForgetsKeys(Protocol):
    """A mapper with data keys: before a batch it forgets keys destroyed meanwhile (by any
    process) and fetches the keys of the batch's aggregates in one go."""

    def forget_destroyed_keys(self) -> None: ...

    def prefetch_keys(self, aggregate_ids: set[UUID]) -> None: ...


class ProjectionConsumer:
    """Feeds a read-model projection from the log, decoding only the events it handles."""

    def __init__(self, projection: ReadModelProjection[Any], mapper: Mapper[Any]) -> None:
        self.projection = projection
        self.mapper = mapper
        self.name = projection.name
        self._wanted = frozenset(projection.topics)

    def position(self) -> int:
        view: ReadModel = self.projection.view
        return view.position()

    def consume(self, notifications: Sequence[Notification]) -> None:
        view: ReadModel = self.projection.view
        with view.batch(Tracking(APPLICATION, notifications[-1].id)):
            if isinstance(self.mapper, ForgetsKeys):
                self.mapper.forget_destroyed_keys()
                wanted = {
                    UUID(str(n.originator_id)) for n in notifications if n.topic in self._wanted
                }
                self.mapper.prefetch_keys(wanted)
            for notification in notifications:
                if notification.topic in self._wanted:
                    event: DomainEventProtocol[Any] = self.mapper.to_domain_event(notification)
                    self.projection.process_event(event, Tracking(APPLICATION, notification.id))
