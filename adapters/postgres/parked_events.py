"""The parked events: those a follower of the log could not act on, set aside so that the rest
flows (adapters/postgres/parking.py), until an operator retries or skips them.

One row per follower and event: who parked it and why (the error's class and a description that
never holds the event's content), when it first and last failed and how often it was tried, and
what became of it: `parked`, `retried` (applied after all) or `skipped` (an operator's decision,
with who, when and why). An event held back behind an earlier parked event of its aggregate
names that event in `held_by`. A read model's rows are stale while one of its parked events
concerns them (queries/staleness.py): `concerns` lists the aggregate and every id the event names.
"""

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import Transcoder
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow

TABLE = "aftersales_parked_events"
PARKED, RETRIED, SKIPPED = "parked", "retried", "skipped"


@dataclass(frozen=True)
class ParkedEvent:
    follower: str
    notification_id: int
    aggregate_id: UUID
    aggregate_version: int
    topic: str
    tenant_id: UUID | None
    concerns: list[UUID]
    held_by: int | None
    error_class: str | None
    error: str | None
    tries: int
    first_failed_at: datetime | None = None
    last_failed_at: datetime | None = None
    state: str = PARKED
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None


COLUMNS = (
    "follower",
    "notification_id",
    "aggregate_id",
    "aggregate_version",
    "topic",
    "tenant_id",
    "concerns",
    "held_by",
    "error_class",
    "error",
    "tries",
    "first_failed_at",
)
_PARK = f"""
INSERT INTO {TABLE} AS p ({", ".join(COLUMNS)}) VALUES ({", ".join(f"%({c})s" for c in COLUMNS)})
ON CONFLICT (follower, notification_id) DO UPDATE SET state = 'parked', held_by = excluded.held_by,
    error_class = coalesce(excluded.error_class, p.error_class),
    error = coalesce(excluded.error, p.error), last_failed_at = now(),
    tries = p.tries + excluded.tries, decided_by = NULL, decided_at = NULL, reason = NULL
"""


class ParkedEvents:
    """The table of parked events, in the service's database."""

    def __init__(
        self, datastore: PostgresDatastore, transcoder: Transcoder, park_after: int = 3
    ) -> None:
        self.datastore = datastore
        self.transcoder = transcoder  # reads a parked event's tenant and the ids it names
        self.park_after = park_after  # tries alone before an event is parked

    def park(self, event: ParkedEvent) -> None:
        """Record the event as parked (again: its tries add up, a decision on it is undone)."""
        row = {k: v for k, v in vars(event).items() if k in COLUMNS}
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(_PARK, row)

    def of(
        self, follower: str | None = None, states: Sequence[str] = (PARKED,)
    ) -> list[ParkedEvent]:
        """The follower's (or every follower's) events in these states, in the log's order."""
        with self.datastore.transaction(commit=False) as curs:
            rows = curs.execute(
                f"SELECT * FROM {TABLE} WHERE (%(f)s::text IS NULL OR follower = %(f)s) "
                "AND state = ANY(%(states)s) ORDER BY follower, notification_id",
                {"f": follower, "states": list(states)},
            ).fetchall()
        return [ParkedEvent(**row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many events each follower has parked now."""
        with self.datastore.transaction(commit=False) as curs:
            rows = curs.execute(
                f"SELECT follower, count(*) AS n FROM {TABLE} WHERE state = 'parked' "
                "GROUP BY follower ORDER BY follower"
            ).fetchall()
        return {row["follower"]: int(row["n"]) for row in rows}

    def decide(
        self,
        curs: Cursor[DictRow],
        follower: str,
        ids: Iterable[int],
        state: str,
        by: str,
        reason: str | None = None,
    ) -> None:
        """Record what became of parked events, in the caller's transaction."""
        curs.execute(
            f"UPDATE {TABLE} SET state = %s, decided_by = %s, decided_at = now(), reason = %s "
            "WHERE follower = %s AND notification_id = ANY(%s) AND state = 'parked'",
            (state, by, reason, follower, list(ids)),
        )

    def failed_again(self, event: ParkedEvent, error: tuple[str, str]) -> None:
        """A parked event that failed once more when retried: it fails itself now, and the
        later parked events of its aggregate wait behind it."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                f"UPDATE {TABLE} SET tries = tries + 1, last_failed_at = now(), held_by = NULL, "
                "error_class = %s, error = %s WHERE follower = %s AND notification_id = %s",
                (*error, event.follower, event.notification_id),
            )
            curs.execute(
                f"UPDATE {TABLE} SET held_by = %s WHERE follower = %s AND aggregate_id = %s "
                "AND notification_id > %s AND state = 'parked'",
                (event.notification_id, event.follower, event.aggregate_id, event.notification_id),
            )

    def transaction(self) -> AbstractContextManager[Cursor[DictRow]]:
        """A transaction of its own, for `decide`."""
        return self.datastore.transaction(commit=True)
