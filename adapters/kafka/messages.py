"""The message contract: one Kafka record per published event, built from the stored record.

The value is JSON `{event_id, type, aggregate_id, aggregate_version, tenant_id, occurred_at, actor,
data}`; `data` is the event's own fields as stored (no bookkeeping). The record is decoded with
the application's transcoder, never decrypted: a personal field travels as the envelope the store
holds (`{"key_id", "ciphertext"}`). A personal field that holds anything but an envelope (a store
written without encryption, or an event stored before the field was personal) is withheld as
null, so plaintext never reaches Kafka. An event stored at an older `class_version` is published
as its class's current version (its upcasts applied), so it matches the schema.
"""

import dataclasses
import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Notification, Transcoder

from adapters.kafka.catalogue import (
    SCHEMA_VERSION,
    event_type,
    published_by_topic,
    topic_name,
)
from domain.event_fields import BOOKKEEPING, CREDENTIALS
from domain.personal import personal_fields

log = logging.getLogger("aftersales.kafka")
_EVENTS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/events")


class Unpublishable(Exception):
    """A stored event the contract cannot describe: the relay parks it (and holds back its
    aggregate's later events) until an operator retries or skips it."""


@dataclasses.dataclass(frozen=True)
class KafkaRecord:
    """One Kafka record of a published event, and the log position it came from."""

    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]
    notification_id: int


def event_id(aggregate_id: UUID | str, version: int) -> UUID:
    """The same for an event however often it is published: from its aggregate and version."""
    return uuid5(_EVENTS, f"{aggregate_id}/{version}")


def to_json(value: Any) -> Any:
    """UUIDs, dates and times as strings, dataclasses (envelopes) as objects, sets as lists."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot publish a {type(value).__name__}")


_ENCODER = json.JSONEncoder(default=to_json, separators=(",", ":"), check_circular=False)


def _upcast(event_class: type, state: dict[str, Any]) -> dict[str, Any]:
    """The stored state at the event class's current version, as the mapper reads it."""
    version = state.pop("class_version", 1)
    while version < getattr(event_class, "class_version", 1):
        getattr(event_class, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
    return state


class Contract:
    """Turns stored notifications into messages on the topics under a prefix."""

    def __init__(self, prefix: str, transcoder: Transcoder) -> None:
        self.decode: Callable[[bytes], dict[str, Any]] = transcoder.decode
        self._published = {
            stored_topic: (topic_name(prefix, aggregate), event, personal_fields(event))
            for stored_topic, (aggregate, event) in published_by_topic().items()
        }
        self._withheld_warned: set[tuple[str, str]] = set()

    def publishes(self, notification: Notification) -> bool:
        return notification.topic in self._published

    def message(self, notification: Notification) -> KafkaRecord | None:
        """The message for a stored event; None for an event that is not published."""
        published = self._published.get(notification.topic)
        if published is None:
            return None
        topic, event_class, personal = published
        kind = event_type(event_class)
        state = _upcast(event_class, self.decode(notification.state))
        meta: dict[str, str] = state.get("meta") or {}
        if not meta.get("tenant_id") or not meta.get("actor"):
            raise Unpublishable(f"event {notification.id} ({kind}) says no tenant or actor")
        aggregate_id = str(notification.originator_id)
        identity = str(event_id(aggregate_id, notification.originator_version))
        data = {
            name: self._safe(kind, name, value) if name in personal else value
            for name, value in state.items()
            if name not in BOOKKEEPING and name not in CREDENTIALS
        }
        value = {
            "event_id": identity,
            "type": kind,
            "aggregate_id": aggregate_id,
            "aggregate_version": notification.originator_version,
            "tenant_id": meta["tenant_id"],
            "occurred_at": state["timestamp"].isoformat(),
            "actor": meta["actor"],
            "data": data,
        }
        headers = [
            ("tenant_id", meta["tenant_id"].encode()),
            ("event_type", kind.encode()),
            ("event_id", identity.encode()),
            ("notification_id", str(notification.id).encode()),
            ("schema_version", str(SCHEMA_VERSION).encode()),
        ]
        return KafkaRecord(
            topic,
            aggregate_id.encode(),
            _ENCODER.encode(value).encode(),
            headers,
            notification.id,
        )

    def _safe(self, kind: str, field: str, value: Any) -> Any:
        """An envelope or None as it is; anything else withheld (logged by name, not value)."""
        if value is None or dataclasses.is_dataclass(value):
            return value
        if (kind, field) not in self._withheld_warned:
            self._withheld_warned.add((kind, field))
            log.error("%s.%s is stored unencrypted: withheld from Kafka", kind, field)
        return None
