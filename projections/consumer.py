"""What every consumer of the log shares (read models, the audit index, the Kafka relay, the
message senders, the automatic messages): the one way its position is read and recorded, and
the defaults of parking (adapters/postgres/parking.py's `Parks`).

A consumer reads its position with `position` and records it with `record`, which only moves it
forward; a read model records it in the transaction of its own writes instead (projections/view.py
`batch`), so each event is applied exactly once. By default a consumer acts on every event, takes
no failure as one for now, and passes over an event by recording its position past it.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from eventsourcing.persistence import Notification
from psycopg import Cursor
from psycopg.rows import DictRow


class LogConsumer(ABC):
    name: str

    @abstractmethod
    def position(self) -> int:
        """The last notification id consumed (0 before the first)."""

    @abstractmethod
    def record(self, position: int) -> None:
        """Record the position as reached, in a transaction of its own (never moving it back)."""

    @abstractmethod
    def consume(self, notifications: Sequence[Notification]) -> None:
        """Process the batch and record the last id as the new position, or raise."""

    @abstractmethod
    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        """Act on these parked notifications now, out of the log's order, leaving its position;
        `done` records that in the transaction of its own writes (or after its outside effect)."""

    def acts_on(self, notification: Notification) -> bool:
        """Whether it does anything with the event (else it only moves past it)."""
        return True

    def transient(self, error: Exception) -> bool:
        """Whether the failure is for now (the outside world away), not the event's own."""
        return False

    def pass_over(self, notification: Notification) -> None:
        """Move its position past the notification, doing nothing else with it."""
        self.record(notification.id)
