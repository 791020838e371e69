"""The aggregates a command loads: those of the caller's tenant (another tenant's is not found,
never forbidden), at the version the caller expects when it says one."""

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ApplicationRecorder

from domain.context import RequestContext
from domain.refusals import NotFound, VersionConflict

A = TypeVar("A", bound=Aggregate)


class TenantRepository:
    def __init__(self, repository: Repository[UUID], recorder: ApplicationRecorder) -> None:
        self._repository = repository
        self._recorder = recorder

    def load(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        """The aggregate, if it exists in the caller's tenant; NotFound otherwise."""
        aggregate = self.find(cls, aggregate_id)
        if aggregate is None or getattr(aggregate, "tenant_id", None) != ctx.tenant_id:
            raise NotFound(_kind(cls), aggregate_id)
        return aggregate

    def load_for_change(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        """Like load, and at the version the caller expects (If-Match), if it said one."""
        aggregate = self.load(cls, aggregate_id, ctx)
        if ctx.expected_version is not None and ctx.expected_version != aggregate.version:
            raise VersionConflict(aggregate.id, aggregate.version)
        return aggregate

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate of this class with this id, in whichever tenant; None if there is none."""
        try:
            aggregate: Aggregate = self._repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self._recorder.select_events(aggregate_id, limit=1))

    def current_version(self, aggregate_id: UUID) -> int:
        """The stored version (0 if there is none), whatever a cache holds."""
        events = self._recorder.select_events(aggregate_id, desc=True, limit=1)
        return events[0].originator_version if events else 0

    def evict(self, aggregate_ids: set[UUID]) -> None:
        """Drop cached aggregates whose keys are destroyed: they hold plaintext."""
        if self._repository.cache is None:
            return
        for aggregate_id in aggregate_ids:
            try:
                self._repository.cache.get(aggregate_id, evict=True)
            except KeyError:
                pass


def _kind(cls: type[Aggregate]) -> str:
    return {"StaffUser": "staff user", "TicketRegister": "ticket register"}.get(
        cls.__name__, cls.__name__.lower()
    )
