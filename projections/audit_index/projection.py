"""The index of who did what and when, over every tenant's whole history, for audit searches.

It reads only each stored event's metadata (tenant, actor, request, time, type), never its
personal fields, so it neither decrypts nor holds anything personal.
"""

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import resolve_topic
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL

from domain.audit import is_sensitive
from projections.audit_index.tables import AUDIT_INDEX, NAME
from projections.base import ReadModel
from projections.consumer import LogConsumer


class AuditIndexView(ReadModel):
    tables = (AUDIT_INDEX,)


INSERT = SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)").format(AUDIT_INDEX.sql)


def type_of_topic(topic: str) -> str:
    """`domain.ticket:Ticket.Opened` → `Ticket.Opened`."""
    return topic.rsplit(":", 1)[-1]


class AuditIndexConsumer(LogConsumer):
    name = NAME

    def __init__(self, view: AuditIndexView, mapper: Mapper[Any]) -> None:
        self.view = view
        self.transcoder = mapper.transcoder

    def position(self) -> int:
        return self.view.position()

    def record(self, position: int) -> None:
        self.view.record(position)

    def consume(self, notifications: Sequence[Notification]) -> None:
        rows = self._rows(notifications)
        with self.view.batch(notifications[0].id, notifications[-1].id) as curs:
            curs.executemany(INSERT, rows)

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        rows = self._rows(notifications)
        with self.view.replay() as curs:
            curs.executemany(INSERT, rows)
            done(curs)

    def _rows(self, notifications: Sequence[Notification]) -> list[tuple[Any, ...]]:
        rows = []
        for n in notifications:
            state = self.transcoder.decode(n.state)
            meta = state["meta"]
            rows.append(
                (
                    n.id,
                    meta["tenant_id"],
                    n.originator_id,
                    n.originator_version,
                    type_of_topic(n.topic),
                    meta["actor"],
                    meta["request_id"],
                    state["timestamp"],
                    is_sensitive(resolve_topic(n.topic)),
                )
            )
        return rows
