"""The event-sourced application the handlers use, made of its parts: the store configured for
Aftersales (configuration.py), the caller's tenant's aggregates (repository.py), the unit of work
that saves them (unit_of_work.py) and turns at the busiest ones (turns.py)."""

from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractContextManager
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import JSONTranscoder, Mapper, Recording

from commands.answers import Written
from commands.configuration import (
    SNAPSHOTTING_INTERVALS,
    register_domain_transcodings,
    sealing_mapper,
)
from commands.data_keys import DataKeys, ErasureStep
from commands.repository import TenantRepository
from commands.turns import Turns
from commands.unit_of_work import AnswerStore, UnitOfWork
from domain.context import RequestContext
from domain.status_link import StatusLinks

A = TypeVar("A", bound=Aggregate)
W = TypeVar("W", bound=Written)


class Aftersales(Application[UUID]):
    name = "Aftersales"
    snapshot_class = Snapshot
    snapshotting_intervals = SNAPSHOTTING_INTERVALS

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        data_keys: DataKeys | None = None,
        status_links: StatusLinks | None = None,
    ) -> None:
        """Personal fields are encrypted with the data keys; only an in-memory store
        (tests of the domain) may go without one, or without the status links messages carry."""
        self.data_keys = data_keys
        self.status_links = status_links
        super().__init__(env)
        self.answers = cast(AnswerStore, self.recorder)
        self.aggregates = TenantRepository(self.repository, self.recorder)
        self.work = UnitOfWork(self.save, self.aggregates, data_keys)
        self.turns = Turns()
        self._saved_listeners: list[Callable[[list[UUID]], None]] = []
        if data_keys is not None:
            data_keys.on_destroyed(self.aggregates.evict)

    def construct_mapper(self) -> Mapper[UUID]:
        transcoder = self.construct_transcoder()
        assert isinstance(transcoder, JSONTranscoder)
        return sealing_mapper(self.factory, transcoder, self.data_keys)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def load(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        return self.aggregates.load(cls, aggregate_id, ctx)

    def load_for_change(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        return self.aggregates.load_for_change(cls, aggregate_id, ctx)

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        return self.aggregates.find(cls, aggregate_id)

    def exists(self, aggregate_id: UUID) -> bool:
        return self.aggregates.exists(aggregate_id)

    def current_version(self, aggregate_id: UUID) -> int:
        return self.aggregates.current_version(aggregate_id)

    def commit(
        self,
        ctx: RequestContext,
        *aggregates: Aggregate,
        answer: W | None = None,
        erases: Collection[UUID] = (),
        deidentifies: UUID | None = None,
    ) -> W:
        """See UnitOfWork.commit."""
        return self.work.commit(
            ctx, *aggregates, answer=answer, erases=erases, deidentifies=deidentifies
        )

    @property
    def erasure_steps(self) -> list[ErasureStep]:
        """What an erasure runs in its transaction after the data keys are destroyed."""
        return self.work.erasure_steps

    @property
    def deidentification_steps(self) -> list[ErasureStep]:
        return self.work.deidentification_steps

    def serialised(self, aggregate_id: UUID) -> AbstractContextManager[None]:
        """Take turns, within this process, at an aggregate many writers change at once."""
        return self.turns.serialised(aggregate_id)

    def adopt_key(self, key_id: UUID, owner_id: UUID) -> None:
        """From now on the owner's erasure also destroys the key of key_id's aggregate."""
        if self.data_keys is not None:
            self.data_keys.adopt(key_id, owner_id)

    def on_saved(self, listener: Callable[[list[UUID]], None]) -> None:
        """Call listener with the ids of the aggregates whenever this process saves events."""
        self._saved_listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        ids = list({r.domain_event.originator_id: None for r in recordings})
        for listener in self._saved_listeners:
            listener(ids)
