"""A command's changes saved as one: the aggregates' new events, each stamped with the request's
context, the command's answer kept under its Idempotency-Key, and the steps of an erasure or a
de-identification, all in one transaction."""

from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError, Recording

from commands.answers import Written
from commands.data_keys import BoundStep, DataKeys, ErasureStep
from commands.repository import TenantRepository
from domain.context import RequestContext
from domain.personal import key_owner, personal_fields
from domain.refusals import VersionConflict

W = TypeVar("W", bound=Written)

# The application's save: the aggregates' pending events, in one transaction with what it is given.
Save = Callable[..., list[Recording[UUID]]]
Step = Callable[[Any], None]  # run with the cursor of the commit's transaction


class StoredAnswer(Protocol):
    fingerprint: str
    answer: str


class AnswerStore(Protocol):
    """Keeps a command's answer under its Idempotency-Key, in the transaction of its events."""

    def stored_answer(self, tenant_id: UUID, key: str) -> StoredAnswer | None: ...


class UnitOfWork:
    def __init__(
        self, save: Save, aggregates: TenantRepository, data_keys: DataKeys | None
    ) -> None:
        self._save = save
        self._aggregates = aggregates
        self._data_keys = data_keys
        self.erasure_steps: list[ErasureStep] = []
        self.deidentification_steps: list[ErasureStep] = []

    def commit(
        self,
        ctx: RequestContext,
        *aggregates: Aggregate,
        answer: W | None = None,
        erases: Collection[UUID] = (),
        deidentifies: UUID | None = None,
    ) -> W:
        """Save the aggregates' new events in one transaction, each stamped with the context.

        The answer (by default the first aggregate's id and new version) is kept under the
        request's Idempotency-Key in that same transaction, and returned with the log position.
        `erases` (data subjects) and `deidentifies` (a ticket) run the data keys' and the
        registered steps in that transaction too: keys destroyed, read models' plaintext gone.
        A writer that changed one of the aggregates meanwhile makes it a VersionConflict.
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
        forgetting = self._forgetting(ctx.tenant_id, erases, deidentifies)
        steps = forgetting or self._holding_keys(event for _, event in pending)
        try:
            recordings = self._save(
                *aggregates, idempotency=_idempotency(ctx, result), in_transaction=steps
            )
        except IntegrityError:
            raise self._conflict(loaded_at) from None
        finally:
            if forgetting and self._data_keys is not None:
                self._data_keys.forget_destroyed()
        return result.model_copy(update={"position": recordings[-1].notification.id})

    def _forgetting(
        self, tenant_id: UUID, erases: Collection[UUID], deidentifies: UUID | None
    ) -> list[BoundStep]:
        destroy_keys = [self._data_keys.erase] if self._data_keys else []
        targets = [(erased, self.erasure_steps) for erased in erases]
        if deidentifies is not None:
            targets.append((deidentifies, self.deidentification_steps))
        return [
            BoundStep(step, tenant_id, target)
            for target, steps in targets
            for step in (*destroy_keys, *steps)
        ]

    def _holding_keys(self, events: Iterable[DomainEventProtocol[UUID]]) -> list[Step]:
        """The step that keeps the keys the events are sealed under (each event's aggregate's,
        when it holds personal information) from erasure until the commit, refusing a key
        erased meanwhile. A commit that forgets destroys what it writes in its own transaction.
        """
        sealed = {event.originator_id for event in events if holds_personal(event)}
        if not sealed or self._data_keys is None:
            return []
        return [partial(self._data_keys.hold_live, key_ids=sealed)]

    def _conflict(self, loaded_at: dict[UUID, int]) -> VersionConflict:
        """The first aggregate that another writer changed meanwhile."""
        for aggregate_id, version in loaded_at.items():
            current = self._aggregates.current_version(aggregate_id)
            if current != version:
                return VersionConflict(aggregate_id, current)
        first = next(iter(loaded_at))
        return VersionConflict(first, self._aggregates.current_version(first))


def _idempotency(ctx: RequestContext, answer: Written) -> tuple[UUID, str, str, str] | None:
    """What the recorder keeps under the request's Idempotency-Key, if it gave one."""
    if ctx.idempotency is None:
        return None
    key = ctx.idempotency
    return ctx.tenant_id, key.key, key.fingerprint, answer.model_dump_json()


def holds_personal(event: DomainEventProtocol[UUID]) -> bool:
    """Whether the event holds personal information, which the mapper seals."""
    return any(getattr(event, name, None) is not None for name in personal_fields(type(event)))


def _owners(aggregate: Aggregate) -> dict[str, str]:
    """The data subject of the aggregate's events, and the owner of its key where that differs
    (the persistence mapper makes the key under it)."""
    subject = getattr(aggregate, "data_subject_id", None)
    if subject is None:
        return {}
    owner = key_owner(aggregate)
    return {"subject_id": str(subject)} | ({"key_owner_id": str(owner)} if owner != subject else {})
