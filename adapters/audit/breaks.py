"""Where the stored history and the chain part, and why: a record `altered`, `removed`,
`inserted` or `reordered` (its content belongs at another position), or the chain `rewritten`
(it no longer matches a checkpoint signed by the service's key)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.records import content_digest, record_bytes
from adapters.audit.signing import Checkpoint, is_signed_by


@dataclass(frozen=True)
class Break:
    position: int
    problem: str
    detail: str


Found = tuple[Break | None, int]  # a break, if any, and how many records were looked at


def check_checkpoints(
    conn: psycopg.Connection[Any],
    public_key: Ed25519PublicKey,
    checkpoints: list[Checkpoint],
    head: int,
) -> list[Break]:
    """Each checkpoint signed by the service's key, within the chain, and matching its link."""
    breaks = []
    links = dict(
        conn.execute(
            "SELECT notification_id, hash FROM audit_chain WHERE notification_id = ANY(%s)",
            ([c.notification_id for c in checkpoints],),
        ).fetchall()
    )
    for checkpoint in checkpoints:
        position, signed = checkpoint.notification_id, checkpoint.signed_at.isoformat()
        if position > head:
            breaks.append(
                Break(position, "removed", "a signed checkpoint lies past the chain's head")
            )
        elif not is_signed_by(checkpoint, public_key):
            breaks.append(
                Break(position, "rewritten", "a checkpoint's signature is not the service's")
            )
        elif bytes(links.get(position, b"")) != checkpoint.hash:
            breaks.append(
                Break(position, "rewritten", f"history differs from the checkpoint of {signed}")
            )
    return breaks


def diagnose(conn: psycopg.Connection[Any], position: int) -> Break:
    """Why the link at position fails: which record is missing, or what its content is."""
    event = conn.execute(
        "SELECT notification_id, originator_id, originator_version, topic, state "
        "FROM aftersales_events WHERE notification_id = %s",
        (position,),
    ).fetchone()
    linked = one(conn, "SELECT count(*) FROM audit_chain WHERE notification_id = %s", (position,))
    if event is None:
        return Break(position, "removed", "the chain links a record that is gone")
    if not linked:
        return Break(position, "inserted", "a record the chain never linked")
    record = record_bytes(event[0], event[1], event[2], event[3], bytes(event[4]))
    elsewhere = one(
        conn,
        "SELECT notification_id FROM audit_chain WHERE digest = %s AND notification_id <> %s",
        (content_digest(record), position),
    )
    if elsewhere is not None:
        return Break(position, "reordered", f"holds the record linked at position {elsewhere}")
    return Break(position, "altered", "the stored record differs from the one linked")


def one(
    conn: psycopg.Connection[Any], query: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> Any:
    """The query's one value (None without a row)."""
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None
