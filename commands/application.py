"""The event-sourced application: loads aggregates in a tenant, saves them with their context."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from threading import Lock
from typing import Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, Snapshot
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from commands.answers import Written
from commands.data_keys import BoundStep, DataKeys, ErasureStep
from commands.transcodings import DateAsISO, FrozenSetAsList
from domain.access_log import CustomerAccessLog
from domain.context import RequestContext
from domain.personal import key_owner
from domain.refusals import NotFound, VersionConflict
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


class Aftersales(Application[UUID]):
    name = "Aftersales"
    snapshot_class = Snapshot
    snapshotting_intervals = {StaffUser: 50, TicketRegister: 100, CustomerAccessLog: 100}

    def __init__(
        self, env: Mapping[str, str] | None = None, *, vault: DataKeys | None = None
    ) -> None:
        """Personal fields are encrypted with the vault's keys; only an in-memory store
        (tests of the domain) may go without one."""
        self.vault = vault
        super().__init__(env)
        self._locks: dict[UUID, Lock] = {}
        self._locks_lock = Lock()
        self._saved_listeners: list[Callable[[list[UUID]], None]] = []
        self.erasure_steps: list[ErasureStep] = []
        self.deidentification_steps: list[ErasureStep] = []
        if vault is not None:
            vault.on_destroyed(self._evict)

    def construct_mapper(self) -> Mapper[UUID]:
        transcoder = self.construct_transcoder()
        assert isinstance(transcoder, JSONTranscoder)
        if self.vault is not None:
            return self.vault.mapper(transcoder)
        if not type(self.factory).__module__.startswith("eventsourcing.popo"):
            raise ValueError("a store outside memory needs a key vault for personal information")
        return self.factory.mapper(transcoder=transcoder)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(FrozenSetAsList())

    @property
    def answers(self) -> AnswerStore:
        return cast(AnswerStore, self.recorder)

    def load(self, cls: type[A], aggregate_id: UUID, ctx: RequestContext) -> A:
        """The aggregate, if it exists in the caller's tenant; NotFound otherwise."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(_kind(cls), aggregate_id) from None
        if not isinstance(aggregate, cls) or getattr(aggregate, "tenant_id", None) != ctx.tenant_id:
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

    def commit(
        self,
        ctx: RequestContext,
        *aggregates: Aggregate,
        answer: W | None = None,
        erases: UUID | None = None,
        deidentifies: UUID | None = None,
    ) -> W:
        """Save the aggregates' new events in one transaction, each stamped with the context.

        The answer (by default the first aggregate's id and new version) is kept under the
        request's Idempotency-Key in that same transaction, and returned with the log position.
        `erases` (a data subject) and `deidentifies` (a ticket) run the vault's and the
        registered steps in that transaction too: keys destroyed, read models' plaintext gone.
        """
        primary = aggregates[0]
        result = answer or cast(W, Written(id=primary.id, version=primary.version))
        metadata = ctx.metadata()
        pending = [(a, e) for a in aggregates for e in a.pending_events]
        if not pending:
            return result
        loaded_at = {a.id: a.version - len(a.pending_events) for a in aggregates}
        for aggregate, event in pending:
            object.__setattr__(event, "meta", {**metadata, **_owners(aggregate)})
        idempotency = None
        if ctx.idempotency is not None:
            idempotency = (
                ctx.tenant_id,
                ctx.idempotency.key,
                ctx.idempotency.fingerprint,
                result.model_dump_json(),
            )
        forgetting = self._forgetting(ctx.tenant_id, erases, deidentifies)
        try:
            recordings = self.save(*aggregates, idempotency=idempotency, in_transaction=forgetting)
        except IntegrityError:
            raise self._conflict(loaded_at) from None
        finally:
            if forgetting and self.vault is not None:
                self.vault.forget_destroyed()
        return result.model_copy(update={"position": recordings[-1].notification.id})

    def _forgetting(
        self, tenant_id: UUID, erases: UUID | None, deidentifies: UUID | None
    ) -> list[BoundStep]:
        vault = [self.vault.erase] if self.vault else []
        return [
            BoundStep(step, tenant_id, target)
            for target, steps in (
                (erases, self.erasure_steps),
                (deidentifies, self.deidentification_steps),
            )
            if target is not None
            for step in (*vault, *steps)
        ]

    def _evict(self, aggregate_ids: set[UUID]) -> None:
        """Drop cached aggregates whose keys are destroyed: they hold plaintext."""
        for aggregate_id in aggregate_ids:
            if self.repository.cache is not None:
                try:
                    self.repository.cache.get(aggregate_id, evict=True)
                except KeyError:
                    pass

    def adopt_key(self, key_id: UUID, owner_id: UUID) -> None:
        """From now on the owner's erasure also destroys the key of key_id's aggregate."""
        if self.vault is not None:
            self.vault.adopt(key_id, owner_id)

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


def _owners(aggregate: Aggregate) -> dict[str, str]:
    """The data subject of the aggregate's events, and the owner of its key where that differs
    (the persistence mapper makes the key under it)."""
    subject = getattr(aggregate, "data_subject_id", None)
    if subject is None:
        return {}
    owner = key_owner(aggregate)
    return {"subject_id": str(subject)} | ({"key_owner_id": str(owner)} if owner != subject else {})
