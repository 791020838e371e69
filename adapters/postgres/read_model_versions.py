"""Blue-green read models: which version of each read model answers queries while a new one is
built beside the old one from the log.

Each process registers the versions its code has (`aftersales_read_model_versions`) and holds a
shared advisory lock on each (SERVES_LOCK) while it runs. The first version seen is `active` at
once; a newer one is `building` (its follower replays the log into its own tables) while the old
deployment keeps answering. Once caught up with the log, it becomes `active` and the older ones
`retired`, in one transaction. A process answers a read model's queries only while its own
version is active (else 503, and /readyz says so). A retired version's tables are dropped (DROP
only) once its lock can be taken alone: no process of the old deployment is left. An older
version registers as retired: none comes back (to undo one, ship the next).
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from adapters.postgres.follower_lock import Connection, session_name
from adapters.postgres.version_registry import (
    ALL_VERSIONS,
    DROPPED_NOW,
    PROMOTE,
    REGISTER,
    register_earlier,
)
from projections.versions import ReadModelVersion

log = logging.getLogger("aftersales.versions")
SERVES_LOCK = 7_201_102  # shared by each process serving a version; taken alone to drop it
REGISTRY_LOCK = 7_201_103  # held by a transaction registering or switching versions
BUILDING, ACTIVE, RETIRED, DROPPED = "building", "active", "retired", "dropped"

Row = tuple[str, int, str, list[str]]


@dataclass
class Served:
    """A version this process serves: its position in the log, and its state as last seen."""

    version: ReadModelVersion
    position: Callable[[], int]
    state: str = ACTIVE


class ReadModelVersions:
    """The versions of the read models this process serves, and the switch to newer ones."""

    def __init__(self, database_url: str, head: Callable[[], int | None], interval: float) -> None:
        self.database_url = database_url
        self.head = head
        self.interval = interval
        self.served: dict[str, Served] = {}  # by read model
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def serve(self, version: ReadModelVersion, position: Callable[[], int]) -> None:
        """Serve this version of its read model (registered when the process starts)."""
        self.served[version.name] = Served(version, position)

    def answers(self, name: str) -> bool:
        """Whether this process answers the read model's queries: its version is active."""
        served = self.served.get(name)
        return served is None or served.state == ACTIVE

    def not_answering(self) -> dict[str, str]:
        """The read models this process answers no query of, with its version's state."""
        return {str(s.version): s.state for s in self.served.values() if s.state != ACTIVE}

    def start(self) -> None:
        """Register the versions and lock them (before the process serves), then switch every
        interval until closed."""
        with self._lock:
            self._connected()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="read-model-versions", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        self._disconnect()

    def switch(self) -> None:
        """One look: each building version served here that has caught up with the log becomes
        active (older ones retired); each retired one that no process serves is dropped."""
        with self._lock:
            conn = self._connected()
            head = self.head() or 0
            for served in self.served.values():
                if served.state == BUILDING and served.position() >= head:
                    self._promote(conn, served.version)
            for name, version, state, tables in self._refresh(conn):
                if state == RETIRED and not self._serves(name, version):
                    self._drop(conn, ReadModelVersion(name, version, tuple(tables)))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.switch()
            except Exception:
                log.exception("the read-model versions were not looked at; trying again")
                self._disconnect()

    def _disconnect(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._release(self._conn)
                self._conn.close()
                self._conn = None

    @staticmethod
    def _release(conn: Connection) -> None:
        """Let go of the locks at once: a closed session's backend may hold them a moment longer,
        and a drop looking then would leave the retired tables for its next look."""
        if conn.closed or conn.broken:
            return
        try:
            conn.execute("SELECT pg_advisory_unlock_all()")
        except psycopg.Error:
            log.warning("the read-model versions' locks go with their session instead")

    def _connected(self) -> Connection:
        """The session holding this process's versions' locks, with them registered."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        conn = psycopg.connect(
            self.database_url, autocommit=True, application_name=session_name("versions")
        )
        try:
            self._register(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._refresh(conn)
        return conn

    def _register(self, conn: Connection) -> None:
        for served in self.served.values():  # locked before registered: no drop in between
            key = (SERVES_LOCK, served.version.follower)
            conn.execute("SELECT pg_advisory_lock_shared(%s, hashtext(%s))", key)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (REGISTRY_LOCK,))
            for v in (served.version for served in self.served.values()):
                for earlier in range(1, v.version):
                    register_earlier(conn, v.at(earlier))
                values = {"name": v.name, "version": v.version, "tables": list(v.tables)}
                conn.execute(REGISTER, values)

    def _refresh(self, conn: Connection) -> list[Row]:
        """Every version known, each served one's state noted."""
        rows: list[Row] = conn.execute(ALL_VERSIONS).fetchall()  # type: ignore[assignment]
        for name, version, state, _ in rows:
            if self._serves(name, version):
                self.served[name].state = state
        return rows

    def _serves(self, name: str, version: int) -> bool:
        served = self.served.get(name)
        return served is not None and served.version.version == version

    def _promote(self, conn: Connection, version: ReadModelVersion) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (REGISTRY_LOCK,))
            done = conn.execute(PROMOTE, {"name": version.name, "version": version.version})
        if done.rowcount:
            log.info("%s has caught up with the log: it answers now, older ones retired", version)

    def _drop(self, conn: Connection, version: ReadModelVersion) -> None:
        """Drop the retired version's tables if no process serves it (else leave it be)."""
        key = (SERVES_LOCK, version.follower)
        row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", key).fetchone()
        if not (row and row[0]):
            return
        try:
            with conn.transaction():
                names = (*version.tables, version.tracking_table)
                tables = sql.SQL(", ").join(sql.Identifier(name) for name in names)
                conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(tables))
                conn.execute(DROPPED_NOW, (version.name, version.version))
            log.info("dropped %s: retired, and no process serves it", version)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", key)
