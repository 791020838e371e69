"""The event-sourced application: loads aggregates in a tenant, saves them with their context."""

from datetime import date
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

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

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

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
            raise VersionConflict(primary.id, self.current_version(primary.id)) from None
        return result.model_copy(update={"position": recordings[-1].notification.id})

    def current_version(self, aggregate_id: UUID) -> int:
        events = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return events[0].originator_version if events else 0


def _kind(cls: type[Aggregate]) -> str:
    return {"StaffUser": "staff user", "TicketRegister": "ticket register"}.get(
        cls.__name__, cls.__name__.lower()
    )
