"""The advisory lock that makes one process at a time the follower of a consumer.

A session-level PostgreSQL advisory lock, keyed by a fixed class and the consumer's name, in the
service's own database. Followers take it without waiting and let others take over when they
stop; an operator's rebuild waits for it, and the active follower, seeing a waiter, hands it over.
"""

import os
import socket

import psycopg

LOCK_CLASS = 7_201_101  # the advisory locks of followers of the log (SCHEMA_LOCK is 7_201_100)
Connection = psycopg.Connection[tuple[object, ...]]

_IN_THIS_DATABASE = """
SELECT l.pid, a.application_name FROM pg_locks l LEFT JOIN pg_stat_activity a USING (pid)
WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted = %s
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = %s::oid AND l.objid = hashtext(%s)::oid
"""


def session_name(role: str) -> str:
    """How this process's database sessions show in pg_stat_activity (and projections status)."""
    return f"aftersales {role} {socket.gethostname()}:{os.getpid()}"[:63]


class FollowerLock:
    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def of(cls, follower: str) -> "FollowerLock":
        """The lock of the follower of that name."""
        return cls(f"aftersales-follower:{follower}")

    def try_take(self, conn: Connection) -> bool:
        """Take the lock if it is free; whether this session holds it now."""
        row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", self._key).fetchone()
        return bool(row and row[0])

    def take(self, conn: Connection, wait_seconds: float) -> None:
        """Wait (up to wait_seconds, else psycopg.errors.LockNotAvailable) and take the lock."""
        conn.execute(f"SET lock_timeout = '{int(wait_seconds * 1000)}ms'")
        conn.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", self._key)
        conn.execute("SET lock_timeout = 0")

    def release(self, conn: Connection) -> None:
        conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", self._key)

    def wanted(self, conn: Connection) -> bool:
        """Whether another session is waiting for the lock (a rebuild asking to take over)."""
        return conn.execute(_IN_THIS_DATABASE, (False, *self._key)).fetchone() is not None

    def holder(self, conn: Connection) -> str | None:
        """The database session holding the lock, if one does: its name, or its process id."""
        row = conn.execute(_IN_THIS_DATABASE, (True, *self._key)).fetchone()
        return (str(row[1] or "") or f"database pid {row[0]}") if row else None

    @property
    def _key(self) -> tuple[int, str]:
        return (LOCK_CLASS, self.name)
