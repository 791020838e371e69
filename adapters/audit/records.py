"""The bytes of a stored record, and the chain over them: h(n) = SHA-256(h(n-1) || record(n)).

The record is the event exactly as stored (its state holds personal fields encrypted), so an
erasure, which destroys keys and changes no stored byte, never breaks the chain.
"""

import hashlib
import struct
from uuid import UUID

GENESIS = bytes(32)
_HEADER = struct.Struct(">q16sqI")
_LENGTH = struct.Struct(">I")


def record_bytes(
    notification_id: int,
    originator_id: UUID | str,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """Position, aggregate id, version, topic and state, each length-delimited where variable."""
    topic_bytes = topic.encode()
    aggregate = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
    header = _HEADER.pack(notification_id, aggregate.bytes, originator_version, len(topic_bytes))
    return header + topic_bytes + _LENGTH.pack(len(state)) + state


def chain_link(previous: bytes, record: bytes) -> bytes:
    return hashlib.sha256(previous + record).digest()


def content_digest(record: bytes) -> bytes:
    """The record without its position: the same content found elsewhere means reordering."""
    return hashlib.sha256(record[8:]).digest()
