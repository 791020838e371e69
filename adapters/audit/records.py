"""The bytes of a stored record, and the chain over them: h(n) = SHA-256(h(n-1) || record(n)).

The record is the event exactly as stored (its state holds personal fields encrypted), so an
erasure, which destroys keys and changes no stored byte, never breaks the chain.
"""

import hashlib
import struct
from uuid import UUID

GENESIS = bytes(32)
_HEADER = struct.Struct(">q16sq")


def record_bytes(
    notification_id: int,
    originator_id: UUID | str,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """Position, aggregate id and version (fixed widths), topic, a NUL (no topic holds one),
    then the stored state to the end."""
    aggregate = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
    header = _HEADER.pack(notification_id, aggregate.bytes, originator_version)
    return header + topic.encode() + b"\0" + state


# record_bytes, as PostgreSQL computes it from a row `e` of the events table.
RECORD_SQL = (
    "int8send(e.notification_id) || uuid_send(e.originator_id) || int8send(e.originator_version)"
    " || convert_to(e.topic, 'UTF8') || '\\x00'::bytea || e.state"
)


def chain_link(previous: bytes, record: bytes) -> bytes:
    return hashlib.sha256(previous + record).digest()


def content_digest(record: bytes) -> bytes:
    """The record without its position: the same content found elsewhere means reordering."""
    return hashlib.sha256(record[8:]).digest()
