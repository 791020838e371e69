"""What the `work` process runs on a schedule: the daily retention run, the seal of erasures,
and the pruning of bookkeeping past its time.

Each replica looks every few minutes. Retention: from the configured hour (UTC) the first to
claim the day's row runs it; a claim whose run never finished (its replica died) may be taken
over after an hour. The seal: once the newest KEK epoch is older than the seal's period, or a
seal stopped part-way, the replica that takes the seal's lock seals. Pruning, which any replica
may run, deletes the answers kept under Idempotency-Keys and the failed logins whose time is up
(both are also refused once past it, so a late prune only frees room).
"""

import logging
import threading
import time
from abc import ABC, abstractmethod
from datetime import UTC, datetime, timedelta

import psycopg

from adapters.bootstrap import Services
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.seal import BATCH, Sealed, seal, unfinished
from adapters.postgres.kek_epochs import SealRunning
from adapters.postgres.recorder import AftersalesRecorder
from commands.retention_run import RetentionSummary, apply_retention
from projections.retention.projection import RetentionSchedule
from queries.retention_schedule import Expired, expired

log = logging.getLogger("aftersales.schedule")
CLAIM = """
INSERT INTO aftersales_retention_runs (day, started_at) VALUES (%s, now())
ON CONFLICT (day) DO UPDATE SET started_at = now()
WHERE aftersales_retention_runs.finished_at IS NULL
AND aftersales_retention_runs.started_at < now() - interval '1 hour'
RETURNING day
"""
FINISH = """
UPDATE aftersales_retention_runs SET finished_at = now(), erased = %s, deidentified = %s,
held = %s WHERE day = %s
"""


class Scheduled(ABC):
    """A job a thread of its own looks at every check_seconds until stopped; `tick` runs it
    when it is due, and a failure is logged and tried again at the next look."""

    name = "scheduled"

    def __init__(self, check_seconds: float) -> None:
        self.check_seconds = check_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def tick(self, now: datetime) -> object:
        """Run the job if it is due; what it did, or None."""

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.check_seconds):
            try:
                self.tick(datetime.now(UTC))
            except Exception:
                log.exception("the %s failed; trying again later", self.name)


class Pruning(Scheduled):
    name = "bookkeeping pruning"

    def __init__(self, services: Services, check_seconds: float = 300) -> None:
        super().__init__(check_seconds)
        self.services = services

    def tick(self, now: datetime) -> tuple[int, int]:
        """Delete what is past its time; how many answers and failed logins."""
        recorder = self.services.app.recorder
        assert isinstance(recorder, AftersalesRecorder)
        answers = recorder.forget_old_answers()
        failures = self.services.throttle.prune()
        return answers, failures


class DailyRetention(Scheduled):
    name = "daily retention run"

    def __init__(self, services: Services, hour: int, check_seconds: float = 300) -> None:
        super().__init__(check_seconds)
        self.services = services
        self.hour = hour

    def tick(self, now: datetime) -> RetentionSummary | None:
        """Run retention if it is time and this replica claims the day; what it did."""
        if now.hour < self.hour:
            return None
        with self.services.datastore.transaction(commit=True) as curs:
            if curs.execute(CLAIM, (now.date(),)).fetchone() is None:
                return None
        summary = run_retention(self.services, now)
        with self.services.datastore.transaction(commit=True) as curs:
            counts = (len(summary.erased), len(summary.deidentified), len(summary.held))
            curs.execute(FINISH, (*counts, now.date()))
        log.info("retention: %s erased, %s de-identified, %s kept by legal holds", *counts)
        return summary


class ScheduledSeal(Scheduled):
    name = "seal of erasures"

    def __init__(
        self, keys: DataKeyCache, hours: float, check_seconds: float = 300, batch: int = BATCH
    ) -> None:
        super().__init__(check_seconds)
        self.keys = keys
        self.period = timedelta(hours=hours)
        self.batch = batch

    def tick(self, now: datetime) -> Sealed | None:
        """Seal if the newest epoch is a period old or a seal stopped part-way, unless another
        replica is sealing; what the seal did."""
        due = now - self.keys.keyring.epochs.newest_created_at() >= self.period
        if not (due or unfinished(self.keys)):
            return None
        started = time.monotonic()
        try:
            sealed = seal(self.keys, lambda done, total: None, self.batch)
        except SealRunning:
            return None
        log.info(
            "seal: %s data keys re-wrapped under epoch %s in %.1f s; KEKs destroyed: %s",
            sealed.rewrapped,
            sealed.epoch,
            time.monotonic() - started,
            sealed.destroyed or "none",
        )
        return sealed


def due(services: Services, as_of: datetime) -> list[Expired]:
    """What has expired as of the time, once the retention schedule has caught up."""
    caught_up(services, RetentionSchedule.name)
    return expired(services.read_store, as_of)


def run_retention(services: Services, as_of: datetime) -> RetentionSummary:
    return apply_retention(services.app, due(services, as_of), as_of)


def caught_up(services: Services, name: str, seconds: float = 60) -> None:
    """Bring the read model up to the head of the log: apply it here if no worker is active,
    else wait for the active one."""
    follower = services.workers.projections[name]
    head = services.app.recorder.max_notification_id() or 0
    with psycopg.connect(services.database_url, autocommit=True) as conn:
        if follower.lock.try_take(conn):
            follower.catch_up()
            return
    services.workers.caught_up(head, [name], seconds)
