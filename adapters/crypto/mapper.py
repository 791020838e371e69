"""The persistence mapper that keeps personal information encrypted in the store.

On the way in, each personal field of an event (and each personal attribute in a snapshot)
becomes a `PersonalEnvelope`: the text sealed with AES-256-GCM under the data key of the
aggregate, which belongs to the event's data subject (``meta["subject_id"]``), or to the owner
the aggregate names for it (``meta["key_owner_id"]``: a message's ticket). On the way out,
every envelope opens to its text, or to None when its key is destroyed: reading never raises, so
projections and replays over erased data run on. The domain stays plain. A personal field that an
older event holds in plaintext (stored before the field was personal: a consent's source, an
erasure's or deactivation's reason) reads as stored while its aggregate's key lives, and None once
it is destroyed, as if it were sealed; its bytes stay in the append-only store.
"""

import logging
from typing import Any, Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol, Snapshot
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import resolve_topic

from adapters.crypto.aead import from_text, seal, to_text, unseal
from adapters.crypto.envelope import PersonalEnvelope, associated_data
from domain.personal import key_owner, personal_fields, personal_state

log = logging.getLogger("aftersales.crypto")
STATE = "state"


class DataKeySource(Protocol):
    def for_writing(self, key_id: UUID, owner_id: UUID) -> AESGCM:
        """The key (made on first use); raises PersonalDataErased once it is destroyed."""

    def for_reading(self, key_id: UUID) -> AESGCM | None:
        """The key, or None when it is destroyed or unknown."""

    def forget_destroyed(self) -> None:
        """Stop using keys destroyed since the last look (by any process)."""

    def prefetch(self, key_ids: set[UUID]) -> None:
        """Fetch the keys not known yet, in one go."""


class MissingSubject(ValueError):
    """An event holds personal information but does not say whose."""


class PersonalMapper(Mapper[UUID]):
    def __init__(self, transcoder: Transcoder, keys: DataKeySource) -> None:
        super().__init__(transcoder)
        self.keys = keys

    def forget_destroyed_keys(self) -> None:
        self.keys.forget_destroyed()

    def prefetch_keys(self, aggregate_ids: set[UUID]) -> None:
        """An aggregate's personal fields are sealed under the key of the aggregate's id."""
        self.keys.prefetch(aggregate_ids)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        return super().to_stored_event(self._concealed(domain_event))

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        place = (stored_event.originator_id, stored_event.originator_version)
        state: dict[str, Any] = vars(event)
        plain = [n for n in personal_fields(type(event)) if isinstance(state.get(n), str)]
        if plain and self.keys.for_reading(event.originator_id) is None:
            state.update(dict.fromkeys(plain))
        self._reveal(state, place, "")
        if isinstance(state.get(STATE), dict):
            self._reveal(state[STATE], place, f"{STATE}.")
        return event

    def _concealed(self, event: DomainEventProtocol[UUID]) -> DomainEventProtocol[UUID]:
        """A copy of the event with its personal values sealed (the event itself if none)."""
        state: dict[str, Any] = dict(vars(event))
        if isinstance(event, Snapshot):
            names, values, prefix = personal_state(resolve_topic(event.topic)), event.state, STATE
        else:
            names, values, prefix = personal_fields(type(event)), state, ""
        given = {name: values[name] for name in names if values.get(name) is not None}
        if not given:
            return event
        key = self.keys.for_writing(event.originator_id, _key_owner_of(event))
        sealed = {
            name: self._seal(key, event, f"{prefix}.{name}" if prefix else name, value)
            for name, value in given.items()
        }
        if prefix:
            state[STATE] = {**values, **sealed}
        else:
            state.update(sealed)
        copy = object.__new__(type(event))
        object.__setattr__(copy, "__dict__", state)
        return copy

    def _seal(self, key: AESGCM, event: Any, field: str, value: object) -> PersonalEnvelope:
        if not isinstance(value, str):
            raise TypeError(f"personal field {field} holds {type(value).__name__}, not text")
        place = associated_data(event.originator_id, event.originator_version, field)
        sealed = seal(key, value.encode(), place)
        return PersonalEnvelope(key_id=str(event.originator_id), ciphertext=to_text(sealed))

    def _reveal(self, values: dict[str, Any], place: tuple[Any, int], prefix: str) -> None:
        for name, value in values.items():
            if isinstance(value, PersonalEnvelope):
                values[name] = self._open(value, place, prefix + name)

    def _open(self, envelope: PersonalEnvelope, place: tuple[Any, int], field: str) -> str | None:
        try:
            key = self.keys.for_reading(UUID(envelope.key_id))
        except ValueError:
            key = None
        sealed = from_text(envelope.ciphertext)
        if key is None or sealed is None:
            return None
        plaintext = unseal(key, sealed, associated_data(place[0], place[1], field))
        if plaintext is None:
            log.warning("a personal field of %s v%s does not open: %s", *place, field)
            return None
        return plaintext.decode("utf-8", errors="replace")


def _key_owner_of(event: DomainEventProtocol[UUID]) -> UUID:
    if isinstance(event, Snapshot):
        return UUID(str(key_owner(event.mutate(None)) or event.originator_id))
    meta = getattr(event, "meta", None) or {}
    subject = meta.get("key_owner_id") or meta.get("subject_id")
    if not subject:
        raise MissingSubject(
            f"{type(event).__qualname__} holds personal information but no meta subject_id: "
            "save it with Aftersales.commit"
        )
    return UUID(subject)
