"""Following the notification log: the one mechanism behind projections, the relay and workers.

A follower hands each batch of stored events after its consumer's position to the consumer,
which records its new position durably (in the same transaction as its own writes, or after the
broker has acknowledged). One follower per consumer is active per database: it holds a
PostgreSQL advisory lock named after the consumer while it works, and the others wait to take
over. A process that waits for the lock (an operator's rebuild) is handed it at the end of the
current batch. It wakes on the store's NOTIFY and also polls at a steady interval, so a lost
notification never stalls it. Batches are large while it is behind and one event at a time
when it keeps up. An event it fails on again and again is parked, not fatal
(adapters/postgres/parking.py), for a consumer that can leave one behind.
"""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import psycopg
from eventsourcing.persistence import ApplicationRecorder, Notification
from psycopg import sql

from adapters.postgres.follower_lock import Connection, FollowerLock, session_name
from adapters.postgres.parked_events import ParkedEvents
from adapters.postgres.parking import Parking, Parks

log = logging.getLogger("aftersales.follower")
MAX_BACKOFF = 30.0


class Consumer(Protocol):
    name: str

    def position(self) -> int:
        """The last notification id consumed (0 before the first)."""

    def consume(self, notifications: Sequence[Notification]) -> None:
        """Process the batch and record the last id as the new position, or raise."""


class Follower:
    def __init__(
        self,
        database_url: str,
        recorder: ApplicationRecorder,
        consumer: Consumer,
        *,
        channel: str,
        batch_size: int = 1000,
        poll_interval: float = 0.5,
        settle: float = 0.0,
        parked: ParkedEvents | None = None,
    ) -> None:
        self.database_url = database_url
        self.recorder = recorder
        self.channel = channel
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.settle = settle
        self.lock = FollowerLock.of(consumer.name)
        self.active = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._parked = parked
        self.parking: Parking | None = None
        self.consumer = consumer

    @property
    def consumer(self) -> Consumer:
        return self._consumer

    @consumer.setter
    def consumer(self, consumer: Consumer) -> None:
        """The consumer, parked events and all when it can leave one behind (a `Parks`)."""
        self._consumer = consumer
        self.parking = None
        if self._parked is not None and isinstance(consumer, Parks):
            self.parking = Parking(consumer, self._parked, self._stop, pause=self.poll_interval)

    @property
    def name(self) -> str:
        return self.consumer.name

    def step(self) -> int:
        """Consume the next batch after the consumer's position; how many events it held."""
        position = self.consumer.position()
        batch = self.recorder.select_notifications(
            start=position, limit=self.batch_size, inclusive_of_start=False
        )
        if not batch:
            return 0
        if self.parking is None:
            self.consumer.consume(batch)
            return len(batch)
        return self.parking.consume(batch)

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Consume until the head of the log as it is now; how many events that took."""
        if self.parking is not None:
            self.parking.load()
        head = self.recorder.max_notification_id() or 0
        total = 0
        while self.consumer.position() < head:
            done = self.step()
            if done == 0:
                break
            total += done
            if progress:
                progress(done)
        return total

    def lag(self, position: int | None = None) -> int:
        """How many notification ids the consumer is short of the position (else the head of
        the log): it is caught up to it at 0."""
        if position is None:
            position = self.recorder.max_notification_id() or 0
        return max(0, position - self.consumer.position())

    @property
    def running(self) -> bool:
        """Whether its thread is following (actively or on standby)."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name=f"follower-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self.ask_to_stop()
        if self._thread is not None:
            self._thread.join(timeout)

    def ask_to_stop(self) -> None:
        """Have its thread end at its next look (within a poll interval), without waiting."""
        self._stop.set()

    def run(self) -> None:
        """Take the consumer's lock when free, then follow the log until stopped.

        On a failure (the database gone, a consumer error) it lets go of the lock and tries
        again after a pause that doubles up to MAX_BACKOFF; it skips no event but those it parks.
        """
        backoff = self.poll_interval
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self.database_url, autocommit=True, application_name=session_name("follower")
                ) as conn:
                    if self.lock.try_take(conn):
                        self._follow(conn)
                backoff = self.poll_interval
            except Exception:
                log.exception("follower %s failed; trying again in %.1f s", self.name, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            self._stop.wait(self.poll_interval)

    def _follow(self, conn: Connection) -> None:
        """Follow the log while holding the lock, until stopped or another process asks for it."""
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        if self.parking is not None:
            self.parking.load()  # an operator may have retried or skipped meanwhile
        self.active.set()
        log.info("follower %s is active", self.name)
        asked_at = time.monotonic()
        try:
            while not self._stop.is_set():
                if self.step() < self.batch_size and self.heard_notify(conn):
                    self._stop.wait(self.settle)  # let what comes with it make one batch
                if time.monotonic() - asked_at >= self.poll_interval:
                    asked_at = time.monotonic()
                    if self.lock.wanted(conn):
                        log.info("follower %s hands over to a waiting process", self.name)
                        self.active.clear()
                        self.lock.release(conn)
                        return
        finally:
            self.active.clear()

    def heard_notify(self, conn: Connection) -> bool:
        """Wait up to the poll interval for a NOTIFY; whether one came.

        Those that came while the follower was busy are taken all at once (psycopg keeps them),
        so a follower behind by n events does not wait n times.
        """
        return sum(1 for _ in conn.notifies(timeout=self.poll_interval, stop_after=1)) > 0
