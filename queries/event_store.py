"""The event store as the few queries that may read it see it: the auditor's history and
replay, the customer's export, and the views of one aggregate not yet kept in a read model."""

from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore

from domain.context import RequestContext

A = TypeVar("A", bound=Aggregate)


class StoredEvents(Protocol):
    """Read-only access to the stored events and aggregates (the application provides it)."""

    @property
    def events(self) -> EventStore[UUID]: ...

    @property
    def repository(self) -> Repository[UUID]: ...

    def load(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        """The aggregate, if it exists in the caller's tenant; NotFound otherwise."""
        ...
