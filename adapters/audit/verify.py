"""Check the stored history against the chain and say where, if anywhere, it was changed.

Every link is checked on its own, h(n) = SHA-256(h(n-1) || record n) with the h(n-1) it keeps,
and the links are checked to follow one another; together that is the whole chain. PostgreSQL
does the hashing, in slices of the log checked side by side on every core, all in one exported
snapshot, so memory stays flat however long the history. The first difference is named: a
record `altered`, `removed`, `inserted` or `reordered` (its content belongs at another
position), or the chain `rewritten` (it no longer matches a checkpoint signed by the
service's key, kept in the database or held outside).
"""

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.records import GENESIS, RECORD_SQL, content_digest, record_bytes
from adapters.audit.signing import Checkpoint, is_signed_by

SLICE_SIZE = 25_000
SLICE = f"""
SELECT count(e.notification_id),
       min(coalesce(e.notification_id, c.notification_id)) FILTER (
           WHERE e.notification_id IS NULL OR c.notification_id IS NULL
              OR sha256(c.previous || {RECORD_SQL}) <> c.hash)
FROM (SELECT * FROM aftersales_events WHERE notification_id BETWEEN %(low)s AND %(high)s) e
FULL JOIN (SELECT * FROM audit_chain WHERE notification_id BETWEEN %(low)s AND %(high)s) c
  ON c.notification_id = e.notification_id
"""
CONTINUITY = """
SELECT min(notification_id) FROM (
    SELECT notification_id, previous,
           lag(hash, 1, %s) OVER (ORDER BY notification_id) AS expected
    FROM audit_chain) links
WHERE previous <> expected
"""


@dataclass(frozen=True)
class Break:
    position: int
    problem: str
    detail: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head_position: int | None
    head_hash: str | None
    checkpoints: int
    broken: Break | None = None


def verify(
    database_url: str,
    public_key: Ed25519PublicKey,
    held: Sequence[Checkpoint] = (),
    progress: Callable[[int], None] | None = None,
) -> Verification:
    """Check the whole history against the chain and every checkpoint (stored, or held outside)."""
    with psycopg.connect(database_url) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            snapshot = _one(conn, "SELECT pg_export_snapshot()")
            low, high, head_hash = conn.execute(
                "SELECT min(notification_id), max(notification_id), "
                "(SELECT hash FROM audit_chain ORDER BY notification_id DESC LIMIT 1) "
                "FROM audit_chain"
            ).fetchone() or (None, None, None)
            checkpoints = [*stored_checkpoints(conn), *held]
            slices = (
                [(s, min(s + SLICE_SIZE - 1, high)) for s in range(low, high + 1, SLICE_SIZE)]
                if high
                else []
            )
            breaks = _check_slices(database_url, snapshot, slices, progress)
            breaks += _check_continuity(conn) + _check_checkpoints(
                conn, public_key, checkpoints, high or 0
            )
            broken = min(breaks, key=lambda b: b.position) if breaks else None
            if broken is not None and broken.problem == "mismatch":
                broken = _diagnose(conn, broken.position)
            limit = broken.position if broken else (high or 0) + 1
            checked = int(
                _one(
                    conn,
                    "SELECT count(*) FROM aftersales_events WHERE notification_id < %s",
                    (limit,),
                )
            )
    return Verification(
        ok=broken is None,
        checked=checked,
        head_position=high,
        head_hash=bytes(head_hash).hex() if head_hash else None,
        checkpoints=sum(1 for c in checkpoints if c.notification_id <= (high or 0))
        if broken is None
        else 0,
        broken=broken,
    )


def _check_slices(
    database_url: str,
    snapshot: str,
    slices: list[tuple[int, int]],
    progress: Callable[[int], None] | None,
) -> list[Break]:
    """Check every link of every slice, on as many connections as there are cores."""

    def check(bounds: tuple[int, int]) -> Break | None:
        with psycopg.connect(database_url) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                row = conn.execute(SLICE, {"low": bounds[0], "high": bounds[1]}).fetchone()
        assert row is not None
        if progress:
            progress(int(row[0]))
        return Break(row[1], "mismatch", "") if row[1] is not None else None

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return [b for b in pool.map(check, slices) if b is not None]


def _check_continuity(conn: psycopg.Connection[Any]) -> list[Break]:
    position = _one(conn, CONTINUITY, (GENESIS,))
    if position is None:
        return []
    return [Break(position, "removed", "the link before this one is gone or was changed")]


def _check_checkpoints(
    conn: psycopg.Connection[Any],
    public_key: Ed25519PublicKey,
    checkpoints: list[Checkpoint],
    head: int,
) -> list[Break]:
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


def _diagnose(conn: psycopg.Connection[Any], position: int) -> Break:
    """Why the link at position fails: which record is missing, or what its content is."""
    event = conn.execute(
        "SELECT notification_id, originator_id, originator_version, topic, state "
        "FROM aftersales_events WHERE notification_id = %s",
        (position,),
    ).fetchone()
    linked = _one(conn, "SELECT count(*) FROM audit_chain WHERE notification_id = %s", (position,))
    if event is None:
        return Break(position, "removed", "the chain links a record that is gone")
    if not linked:
        return Break(position, "inserted", "a record the chain never linked")
    record = record_bytes(event[0], event[1], event[2], event[3], bytes(event[4]))
    elsewhere = _one(
        conn,
        "SELECT notification_id FROM audit_chain WHERE digest = %s AND notification_id <> %s",
        (content_digest(record), position),
    )
    if elsewhere is not None:
        return Break(position, "reordered", f"holds the record linked at position {elsewhere}")
    return Break(position, "altered", "the stored record differs from the one linked")


def _one(conn: psycopg.Connection[Any], query: str, params: Sequence[Any] = ()) -> Any:
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def stored_checkpoints(conn: psycopg.Connection[Any]) -> list[Checkpoint]:
    rows = conn.execute(
        "SELECT notification_id, hash, signed_at, signature FROM audit_checkpoints ORDER BY 1"
    )
    return [Checkpoint(int(r[0]), bytes(r[1]), r[2], bytes(r[3])) for r in rows]
