"""The event-sourced application: loads aggregates in a tenant, saves them with their context."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from threading import Lock
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, Transcoding

from commands.answers import Written
from commands.context import CommandContext
from commands.errors import NotFound, VersionConflict
from domain.staff import StaffUser
from domain.ticket_register import TicketRegister

A = TypeVar("A", bound=Aggregate)
W = TypeVar("W", bound=Written)


class StoredAnswer(Protocol):
    fingerprint: str
    answer: str


class AnswerStore(Protocol):
    """Keeps a command's answer under its Idempotency-Key, in the transaction of its events."""

    def stored_answer(self, tenant_id: UUID, key: str) -> StoredAnswer | None: ...


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class FrozenSetAsList(Transcoding):
    type = frozenset
    name = "frozenset"

    def encode(self, obj: frozenset[Any]) -> list[Any]:
        return sorted(obj)

    def decode(self, data: list[Any]) -> frozenset[Any]:
        return frozenset(data)


class Aftersales(Application[UUID]):
    name = "Aftersales"
    snapshot_class = Snapshot
    snapshotting_intervals = {StaffUser: 50, TicketRegister: 100}

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self._locks: dict[UUID, Lock] = {}
        self._locks_lock = Lock()
        self._saved_listeners: list[Callable[[list[UUID]], None]] = []

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(FrozenSetAsList())

    @property
    def answers(self) -> AnswerStore:
        return cast(AnswerStore, self.recorder)

    def load(self, cls: type[A], aggregate_id: UUID, ctx: CommandContext) -> A:
        """The aggregate, if it exists in the caller's tenant; NotFound otherwise."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(_kind(cls), aggregate_id) from None
        if not isinstance(aggregate, cls) or getattr(aggregate, "tenant_id", None) != ctx.tenant_id:
            raise NotFound(_kind(cls), aggregate_id)
        return aggregate

    def load_for_change(self, cls: type[A], aggregate_id: UUID, ctx: CommandContext) -> A:
        """Like load, and at the version the caller expects (If-Match), if it said one."""
        aggregate = self.load(cls, aggregate_id, ctx)
        if ctx.expected_version is not None and ctx.expected_version != aggregate.version:
            raise VersionConflict(aggregate.id, aggregate.version)
        return aggregate

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate of this class with this id, in whichever tenant; None if there is none."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def on_saved(self, listener: Callable[[list[UUID]], None]) -> None:
        """Call listener with the ids of the aggregates whenever this process saves events."""
        self._saved_listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        ids = list({r.domain_event.originator_id: None for r in recordings})
        for listener in self._saved_listeners:
            listener(ids)

    def commit(self, ctx: CommandContext, *aggregates: Aggregate, answer: W | None = None) -> W:
        """Save the aggregates' new events in one transaction, each stamped with the context.

        The answer (by default the first aggregate's id and new version) is kept under the
        request's Idempotency-Key in that same transaction, and returned with the log position.
        """
        primary = aggregates[0]
        result = answer or cast(W, Written(id=primary.id, version=primary.version))
        metadata = ctx.metadata()
        pending = [(a, e) for a in aggregates for e in a.pending_events]
        if not pending:
            return result
        loaded_at = {a.id: a.version - len(a.pending_events) for a in aggregates}
        for aggregate, event in pending:
            subject = getattr(aggregate, "data_subject_id", None)
            stamp = {**metadata, "subject_id": str(subject)} if subject else metadata
            object.__setattr__(event, "meta", stamp)
        idempotency = None
        if ctx.idempotency is not None:
            idempotency = (
                ctx.tenant_id,
                ctx.idempotency.key,
                ctx.idempotency.fingerprint,
                result.model_dump_json(),
            )
        try:
            recordings = self.save(*aggregates, idempotency=idempotency)
        except IntegrityError:
            raise self._conflict(loaded_at) from None
        return result.model_copy(update={"position": recordings[-1].notification.id})

    def _conflict(self, loaded_at: dict[UUID, int]) -> VersionConflict:
        """The first aggregate that another writer changed meanwhile."""
        for aggregate_id, version in loaded_at.items():
            current = self.current_version(aggregate_id)
            if current != version:
                return VersionConflict(aggregate_id, current)
        first = next(iter(loaded_at))
        return VersionConflict(first, self.current_version(first))

    @contextmanager
    def serialised(self, aggregate_id: UUID) -> Iterator[None]:
        """Take turns, within this process, at an aggregate many writers change at once."""
        with self._locks_lock:
            lock = self._locks.setdefault(aggregate_id, Lock())
        with lock:
            yield

    def current_version(self, aggregate_id: UUID) -> int:
        events = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return events[0].originator_version if events else 0


def _kind(cls: type[Aggregate]) -> str:
    return {"StaffUser": "staff user", "TicketRegister": "ticket register"}.get(
        cls.__name__, cls.__name__.lower()
    )
