"""The port to the data keys that personal information is encrypted under (adapters/crypto).

Forgetting someone (an erasure) or something (a ticket's free text, by retention) runs steps in
the transaction of the event that records it: the data keys are destroyed first, then each
registered step (every read model) drops its plaintext. Every other commit holds the keys its
events are sealed under, in its transaction, so none commits after their erasure.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Mapper

# (cursor of the event's transaction, tenant id, id of the subject or aggregate forgotten)
ErasureStep = Callable[[Any, UUID, UUID], None]


class DataKeys(Protocol):
    def mapper(self, transcoder: JSONTranscoder) -> Mapper[UUID]:
        """The persistence mapper that encrypts personal fields with these keys."""

    def erase(self, cursor: Any, tenant_id: UUID, owner_id: UUID) -> None:
        """Destroy the owner's keys (and keys it owns), in the cursor's transaction."""

    def hold_live(self, cursor: Any, key_ids: Collection[UUID]) -> None:
        """Keep the keys from erasure until the cursor's transaction ends; raises
        PersonalDataErased if one is destroyed already (whatever this process remembers)."""

    def adopt(self, key_id: UUID, owner_id: UUID) -> None:
        """Hand a key to another owner, whose erasure will destroy it."""

    def forget_destroyed(self) -> None:
        """Stop using keys destroyed (by any process) since the last look."""

    def on_destroyed(self, listener: Callable[[set[UUID]], None]) -> None:
        """Call listener with the ids of keys found destroyed (those of aggregates)."""


@dataclass(frozen=True)
class BoundStep:
    """An erasure step with its tenant and target, waiting for the transaction's cursor."""

    step: ErasureStep
    tenant_id: UUID
    target: UUID

    def __call__(self, cursor: Any) -> None:
        self.step(cursor, self.tenant_id, self.target)
