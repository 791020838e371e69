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
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.records import GENESIS, RECORD_SQL, content_digest, record_bytes
from adapters.audit.signing import Checkpoint, is_signed_by

SLICE_SIZE = 25_000
IN_SLICE = "notification_id BETWEEN %(low)s AND %(high)s"
SLICE = f"""
SELECT count(*),
       min(e.notification_id) FILTER (WHERE sha256(c.previous || {RECORD_SQL}) <> c.hash),
       (SELECT count(*) FROM aftersales_events WHERE {IN_SLICE}),
       (SELECT count(*) FROM audit_chain WHERE {IN_SLICE})
FROM aftersales_events e JOIN audit_chain c ON c.notification_id = e.notification_id
WHERE e.{IN_SLICE} AND c.{IN_SLICE}
"""
# Both sides are read in log order by their indexes and merged, whatever the statistics say
# (a slice is a fraction of the log; the slices already keep every core busy).
MERGE_IN_ORDER = (
    "SET LOCAL enable_nestloop = off",
    "SET LOCAL enable_hashjoin = off",
    "SET LOCAL enable_bitmapscan = off",
    "SET LOCAL enable_seqscan = off",
    "SET LOCAL max_parallel_workers_per_gather = 0",
)
# Only when the counts say a record or a link has no partner: the first such position.
UNPARTNERED = f"""
SELECT min(notification_id) FROM (
    SELECT notification_id FROM aftersales_events e WHERE {IN_SLICE} AND NOT EXISTS
        (SELECT FROM audit_chain c WHERE c.notification_id = e.notification_id)
    UNION ALL
    SELECT notification_id FROM audit_chain c WHERE {IN_SLICE} AND NOT EXISTS
        (SELECT FROM aftersales_events e WHERE e.notification_id = c.notification_id)
) unpartnered
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
            first, last = low or 1, high or 0
            slices = [
                (s, min(s + SLICE_SIZE - 1, last)) for s in range(first, last + 1, SLICE_SIZE)
            ]
            breaks, checked = _check_in_parallel(database_url, snapshot, slices, progress)
            breaks += _check_checkpoints(conn, public_key, checkpoints, last)
            broken = min(breaks, key=lambda b: b.position) if breaks else None
            if broken is not None:
                if broken.problem == "mismatch":
                    broken = _diagnose(conn, broken.position)
                before = "SELECT count(*) FROM aftersales_events WHERE notification_id < %s"
                checked = int(_one(conn, before, (broken.position,)))
    met = sum(1 for c in checkpoints if c.notification_id <= last)
    return Verification(
        ok=broken is None,
        checked=checked,
        head_position=high,
        head_hash=bytes(head_hash).hex() if head_hash else None,
        checkpoints=0 if broken else met,
        broken=broken,
    )


Found = tuple[Break | None, int]  # a break, if any, and how many records were looked at


def _check_in_parallel(
    database_url: str,
    snapshot: str,
    slices: list[tuple[int, int]],
    progress: Callable[[int], None] | None,
) -> tuple[list[Break], int]:
    """Every link of every slice, and that the links follow one another, on as many
    connections as there are cores, all in the same snapshot."""

    def in_snapshot(check: Callable[[psycopg.Connection[Any]], Found]) -> Found:
        with psycopg.connect(database_url) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                return check(conn)

    def check_slice(bounds: tuple[int, int]) -> Found:
        def check(conn: psycopg.Connection[Any]) -> Found:
            within = {"low": bounds[0], "high": bounds[1]}
            for setting in MERGE_IN_ORDER:
                conn.execute(setting)
            row = conn.execute(SLICE, within).fetchone()
            assert row is not None
            linked, bad, records, links = row
            alone = _one(conn, UNPARTNERED, within) if not linked == records == links else None
            if progress:
                progress(int(linked))
            found = [p for p in (bad, alone) if p is not None]
            return (Break(min(found), "mismatch", "") if found else None), int(records)

        return in_snapshot(check)

    def check_continuity(conn: psycopg.Connection[Any]) -> Found:
        position = _one(conn, CONTINUITY, (GENESIS,))
        if position is None:
            return None, 0
        return Break(position, "removed", "the link before this one is gone or was changed"), 0

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        continuity = pool.submit(in_snapshot, check_continuity)
        results = [*pool.map(check_slice, slices), continuity.result()]
    return [b for b, _ in results if b is not None], sum(n for _, n in results)


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


def _one(
    conn: psycopg.Connection[Any], query: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> Any:
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def stored_checkpoints(conn: psycopg.Connection[Any]) -> list[Checkpoint]:
    rows = conn.execute(
        "SELECT notification_id, hash, signed_at, signature FROM audit_checkpoints ORDER BY 1"
    )
    return [Checkpoint(int(r[0]), bytes(r[1]), r[2], bytes(r[3])) for r in rows]
