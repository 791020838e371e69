"""Rebuilding a read model from the log, safely while services run.

One writer at a time: only a process that holds the projection's follower lock (a PostgreSQL
advisory lock, adapters/postgres/follower_lock.py) applies events to its view. A rebuild takes
that same lock, waiting for it. The follower that holds it looks at each poll interval for a
waiting process and hands the lock over between two batches, never inside one; while the rebuild
holds it, the followers of every replica stay on standby, since they only try the lock without
waiting (and a waiter is granted a released lock before any later try).

Holding the lock, the rebuild drops the view (its tables emptied and its position set back to 0,
in one transaction), replays the log up to the head it saw at the start, in the followers' own
batches, and lets go. A follower then takes the lock again and carries on from there, so events
written during the rebuild are applied after it, once each. An event that fails again and again
is parked as the follower parks it (adapters/postgres/parking.py), so the rest is rebuilt; one an
operator skipped stays skipped.

A fence stands behind the lock: the lock belongs to a database session, and a follower whose
session has died (so lost the lock) may still be finishing a batch on another connection. Each
batch therefore locks the view's position row and checks that it follows on from it, with no
notification in between (projections/view.py); a batch read before a rebuild or another follower
moved the position is refused whole. A rebuild that stops part way (killed, or its connection
lost) leaves the view consistent at some position, and the followers carry on from there.
Queries are answered throughout; a view being rebuilt is behind, which read-your-writes waits for.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from adapters.postgres.follower import Follower
from adapters.postgres.follower_lock import Connection, FollowerLock, session_name
from adapters.postgres.read_model_versions import DROPPED
from adapters.postgres.version_registry import ALL_VERSIONS
from projections.base import ReadModel
from projections.versions import ReadModelVersion


def rebuild(
    follower: Follower,
    progress: Callable[[int], None] | None = None,
    wait_seconds: float = 30,
) -> int:
    """Drop the follower's read model and replay the log into it; how many events that took.

    Raises psycopg.errors.LockNotAvailable if the lock is not handed over within wait_seconds.
    """
    view = read_model(follower)
    with handed_over(follower, wait_seconds):
        view.drop()
        return follower.catch_up(progress)


def read_model(follower: Follower) -> ReadModel:
    """The read model the follower keeps; TypeError for a follower that keeps none."""
    view = getattr(follower.consumer, "view", None)
    if not isinstance(view, ReadModel):
        raise TypeError(f"{follower.name} keeps no read model")
    return view


@contextmanager
def handed_over(follower: Follower, wait_seconds: float) -> Iterator[None]:
    """Hold the follower lock for the block, taken over from whichever process follows now."""
    conninfo = follower.database_url
    with psycopg.connect(conninfo, autocommit=True, application_name=session_name("rebuild")) as c:
        follower.lock.take(c, wait_seconds)
        try:
            yield
        finally:
            follower.lock.release(c)


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    position: int
    head: int
    holder: str | None  # the database session holding the follower lock, if one does

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


def status(follower: Follower) -> ProjectionStatus:
    with psycopg.connect(follower.database_url, autocommit=True) as conn:
        holder = follower.lock.holder(conn)
    head = follower.recorder.max_notification_id() or 0
    return ProjectionStatus(follower.name, follower.consumer.position(), head, holder)


@dataclass(frozen=True)
class VersionStatus:
    """A version of a read model as the registry of versions knows it (read_model_versions.py)."""

    version: ReadModelVersion
    state: str
    position: int | None  # none once dropped
    head: int
    holder: str | None  # the database session holding its follower lock, if one does

    @property
    def lag(self) -> int | None:
        return None if self.position is None else max(0, self.head - self.position)


def versions(database_url: str, head: int) -> list[VersionStatus]:
    """Every version known of every read model (those of other deployments too), in order."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(ALL_VERSIONS + " ORDER BY name, version").fetchall()
        return [
            _version_status(conn, ReadModelVersion(name, version, tuple(tables)), state, head)
            for name, version, state, tables in rows
        ]


def _version_status(
    conn: Connection, version: ReadModelVersion, state: str, head: int
) -> VersionStatus:
    position = None
    if state != DROPPED:
        try:
            tracking = sql.Identifier(version.tracking_table)
            query = sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(tracking)
            found = conn.execute(query).fetchone()
            position = found[0] if found and isinstance(found[0], int) else 0
        except psycopg.errors.UndefinedTable:
            pass  # a retired version dropped meanwhile: no position
    holder = FollowerLock.of(version.follower).holder(conn)
    return VersionStatus(version, state, position, head, holder)
