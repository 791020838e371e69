"""Parking: a follower that fails on the same event again and again sets it aside and goes on.

When a batch fails for a lasting reason, the follower narrows it down to the first event that
fails alone (halving the batch, applying the half that works), tries that event alone up to
AFTERSALES_PARK_AFTER_FAILURES times, pausing in between, then parks it
(adapters/postgres/parked_events.py) and moves its position past it. Every other event, of every
tenant, flows on. A failure for now never parks anything: the database gone (psycopg's and the
store's OperationalError and InterfaceError), another process having moved the position, or what
the consumer itself says is for now (a broker down); the follower backs off and tries again.

An aggregate keeps its order: once one of its events is parked, the follower holds back each
later event of it that it acts on (parked too, `held_by` the first), so nothing acts on an
aggregate's later events without its earlier ones; a retry applies them in their order.
"""

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import Notification
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.postgres.failures import FOR_NOW, describe
from adapters.postgres.parked_events import PARKED, RETRIED, SKIPPED, ParkedEvent, ParkedEvents

log = logging.getLogger("aftersales.follower")
APPLIED_ALONE = "follower"  # who decided, when a parked event is applied after all as it comes


@runtime_checkable
class Parks(Protocol):
    """A consumer that can leave an event behind, and act on it later: what the follower looks
    for. The service's consumers are `LogConsumer`s (projections/consumer.py), which say what
    each method means and give the defaults."""

    name: str

    def consume(self, notifications: Sequence[Notification]) -> None: ...

    def acts_on(self, notification: Notification) -> bool: ...

    def transient(self, error: Exception) -> bool: ...

    def pass_over(self, notification: Notification) -> None: ...

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None: ...


class Parking:
    """The parking of one follower: what it holds back, and how it gets past a failing event."""

    def __init__(
        self, consumer: Parks, store: ParkedEvents, stop: threading.Event, pause: float
    ) -> None:
        self.consumer = consumer
        self.store = store
        self.decode = store.transcoder.decode
        self.stop = stop
        self.pause = pause  # before the second try alone; it doubles
        self.blocked: dict[UUID, int] = {}  # an aggregate's first parked event
        self.parked: set[int] = set()
        self.skipped: set[int] = set()

    def load(self) -> None:
        """Read what is parked and skipped now (another process may have decided meanwhile)."""
        entries = self.store.of(self.consumer.name, (PARKED, SKIPPED))
        self.parked = {e.notification_id for e in entries if e.state == PARKED}
        self.skipped = {e.notification_id for e in entries if e.state == SKIPPED}
        self.blocked = {}
        for e in entries:
            if e.state == PARKED:
                self.blocked.setdefault(e.aggregate_id, e.notification_id)

    def consume(self, batch: Sequence[Notification]) -> int:
        """Take the batch as far as it goes; how many of its notifications it moved past."""
        held = None
        if self.blocked:
            held = next((i for i, n in enumerate(batch) if self._blocker(n) is not None), None)
        if held == 0:
            if batch[0].id in self.skipped:
                self.consumer.pass_over(batch[0])
            else:
                self._park(batch[0], None, 0, datetime.now(UTC))
            return 1
        run = batch[:held]
        error = self._attempt(run)
        if error is None:
            return len(run)
        return self._narrow(run, error)

    def _narrow(self, failed: Sequence[Notification], error: Exception) -> int:
        """Apply what works of a failed run, halving it, down to the event that fails alone;
        that one is tried again and parked, or skipped as an operator decided before."""
        moved = 0
        while len(failed) > 1:
            first, rest = failed[: len(failed) // 2], failed[len(failed) // 2 :]
            if (half_error := self._attempt(first)) is not None:
                failed, error = first, half_error
                continue
            moved += len(first)
            if (rest_error := self._attempt(rest)) is None:
                return moved + len(rest)
            failed, error = rest, rest_error
        culprit, tries, first_failed = failed[0], 1, datetime.now(UTC)
        if culprit.id in self.skipped:
            self.consumer.pass_over(culprit)
            return moved + 1
        while tries < self.store.park_after:
            if self.stop.wait(self.pause * 2 ** (tries - 1)):
                raise error  # stopping: the next run starts over with it
            if (again := self._attempt([culprit])) is None:
                return moved + 1
            error, tries = again, tries + 1
        self._park(culprit, error, tries, first_failed)
        return moved + 1

    def _attempt(self, run: Sequence[Notification]) -> Exception | None:
        """Consume the run; None when it went, the error when it failed for a lasting reason."""
        try:
            self.consumer.consume(run)
        except FOR_NOW:
            raise
        except Exception as error:  # noqa: BLE001 - any other failure is the event's own
            if self.consumer.transient(error):
                raise
            return error
        if self.parked and (applied := self.parked.intersection(n.id for n in run)):
            with self.store.transaction() as curs:
                self.store.decide(curs, self.consumer.name, applied, RETRIED, APPLIED_ALONE)
            self.load()
        return None

    def _park(
        self, n: Notification, error: Exception | None, tries: int, first_failed: datetime
    ) -> None:
        aggregate = UUID(str(n.originator_id))
        held_by = None if error else self.blocked[aggregate]
        error_class, text = describe(error) if error else (None, None)
        tenant_id, concerns = self._about(n)
        self.store.park(
            ParkedEvent(
                self.consumer.name,
                n.id,
                aggregate,
                n.originator_version,
                n.topic,
                tenant_id,
                concerns,
                held_by,
                error_class,
                text,
                tries,
                first_failed_at=first_failed,
            )
        )
        self.consumer.pass_over(n)
        self.blocked.setdefault(aggregate, n.id)
        self.parked.add(n.id)
        if error:
            log.error(
                "%s parked event %s after %d tries: %s %s",
                self.consumer.name,
                n.id,
                tries,
                error_class,
                text,
            )

    def _blocker(self, n: Notification) -> int | None:
        """The earlier parked event of the notification's aggregate, if it acts on it."""
        blocker = self.blocked.get(UUID(str(n.originator_id)))
        return (
            blocker if blocker is not None and blocker < n.id and self.consumer.acts_on(n) else None
        )

    def _about(self, n: Notification) -> tuple[UUID | None, list[UUID]]:
        """The event's tenant (if it can be read) and the ids it names: its aggregate first."""
        concerns = [UUID(str(n.originator_id))]
        try:
            state = self.decode(n.state)
            tenant = UUID(state["meta"]["tenant_id"])
        except Exception:  # noqa: BLE001 - an event that cannot be read names no tenant
            return None, concerns
        concerns += [v for v in state.values() if isinstance(v, UUID) and v not in concerns]
        return tenant, concerns
