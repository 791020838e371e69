"""What every read model shares: a projection of the log into its view, fed a batch at a time.

A read model is an eventsourcing `Projection` whose view is a `ReadModel` (projections/view.py).
`process_event` writes through `self.view.cursor`, the cursor of the batch's transaction, and
never reads back inside the batch (statements are pipelined). Projections holding a customer's
personal information handle `Customer.Erased` with `erase`, and never fail on an event whose
personal fields are None (an erased subject's events read that way).
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, Notification, Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic
from psycopg import Cursor
from psycopg.rows import DictRow

from domain.customer import Customer
from projections.consumer import LogConsumer
from projections.versions import ReadModelVersion
from projections.view import APPLICATION, ERASURE_LOCK, ReadModel, StaleBatch

__all__ = [
    "APPLICATION",
    "ERASURE_LOCK",
    "ProjectionConsumer",
    "ReadModel",
    "ReadModelProjection",
    "StaleBatch",
    "context_of",
]


class EventContext:
    """Who and where of a stored event: its tenant, actor, request, time and data subject."""

    def __init__(self, event: Any) -> None:
        self._meta: dict[str, str] = event.meta
        self.at: datetime = event.timestamp

    @property
    def tenant_id(self) -> UUID:
        return UUID(self._meta["tenant_id"])

    @property
    def actor(self) -> str:
        return self._meta["actor"]

    @property
    def request_id(self) -> str:
        return self._meta["request_id"]

    @property
    def subject_id(self) -> UUID | None:
        subject = self._meta.get("subject_id")
        return UUID(subject) if subject else None


def context_of(event: Any) -> EventContext:
    return EventContext(event)


V = TypeVar("V", bound=ReadModel)


class ReadModelProjection(Projection[V], Generic[V]):
    """A projection into a read model; `handles` lists the event classes it applies.

    A deployment that changes `version` builds the new version beside the running one, which
    answers until the new one has caught up (adapters/postgres/read_model_versions.py).
    """

    handles: ClassVar[Sequence[type]] = ()
    view_class: ClassVar[type[ReadModel]]
    # Staff read it as they work a ticket: it follows the log within settle_seconds, the others
    # within background_settle_seconds.
    prompt: ClassVar[bool] = False
    version: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.topics = tuple(get_topic(event_class) for event_class in cls.handles)

    @classmethod
    def read_model_version(cls) -> ReadModelVersion:
        """The read model at this projection's version, with its tables."""
        tables = tuple(str(table) for table in cls.view_class.tables)
        return ReadModelVersion(cls.name, cls.version, tables)

    def erase(self, event: Customer.Erased) -> None:
        """The person's plaintext leaves every table of the view; their rows say `erased`."""
        self.view.erase_subject(self.view.cursor, context_of(event).tenant_id, event.originator_id)


@runtime_checkable
class ForgetsKeys(Protocol):
    """A mapper with data keys: before a batch it forgets keys destroyed meanwhile (by any
    process) and fetches the keys of the batch's aggregates in one go."""

    def forget_destroyed_keys(self) -> None: ...

    def prefetch_keys(self, aggregate_ids: set[UUID]) -> None: ...


class ProjectionConsumer(LogConsumer):
    """Feeds a read-model projection from the log, decoding only the events it handles."""

    def __init__(self, projection: ReadModelProjection[Any], mapper: Mapper[Any]) -> None:
        self.projection = projection
        self.mapper = mapper
        self.name = projection.read_model_version().follower
        self._wanted = frozenset(projection.topics)
        self._process = projection.process_event  # bound once: binding costs on every call

    @property
    def view(self) -> ReadModel:
        view: ReadModel = self.projection.view
        return view

    def position(self) -> int:
        return self.view.position()

    def record(self, position: int) -> None:
        self.view.record(position)

    def consume(self, notifications: Sequence[Notification]) -> None:
        with self.view.batch(notifications[0].id, notifications[-1].id):
            self._apply(notifications)

    def acts_on(self, notification: Notification) -> bool:
        return notification.topic in self._wanted

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        with self.view.replay() as curs:
            self._apply(notifications)
            done(curs)

    def _apply(self, notifications: Sequence[Notification]) -> None:
        if isinstance(self.mapper, ForgetsKeys):
            self.mapper.forget_destroyed_keys()
            wanted = {UUID(str(n.originator_id)) for n in notifications if n.topic in self._wanted}
            self.mapper.prefetch_keys(wanted)
        for notification in notifications:
            if notification.topic in self._wanted:
                event: DomainEventProtocol[Any] = self.mapper.to_domain_event(notification)
                self._process(event, Tracking(APPLICATION, notification.id))
