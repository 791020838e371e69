"""What the `work` process does on a schedule: the daily retention run, which whichever replica
claims the day runs, and the pruning of bookkeeping past its time, which any may run.

Each replica looks every few minutes; from the configured hour (UTC) the first to claim the
day's row runs retention. A claim whose run never finished (its replica died) may be taken
over after an hour. Pruning deletes the answers kept under Idempotency-Keys and the failed
logins whose time is up (both are also refused once past it, so a late prune only frees room).
"""

import logging
import threading
from datetime import UTC, datetime

import psycopg

from adapters.bootstrap import Services
from adapters.postgres.recorder import AftersalesRecorder
from commands.retention_run import RetentionSummary, apply_retention
from projections.retention.projection import RetentionSchedule
from queries.retention_schedule import Expired, expired

log = logging.getLogger("aftersales.retention")
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


class Periodic:
    """A thread that calls `tick` every `check_seconds`, logging what fails."""

    name = "periodic"

    def __init__(self, check_seconds: float) -> None:
        self.check_seconds = check_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, now: datetime) -> object:
        raise NotImplementedError

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
                log.exception("%s failed; trying again later", self.name)


class Pruning(Periodic):
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


class DailyRetention(Periodic):
    name = "the daily retention run"

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


def due(services: Services, as_of: datetime) -> list[Expired]:
    """What has expired as of the time, once the retention schedule has caught up."""
    caught_up(services, RetentionSchedule.name)
    return expired(services.datastore, as_of)


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
