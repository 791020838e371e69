"""Every link of the chain checked on its own, h(n) = SHA-256(h(n-1) || record n) with the h(n-1)
it keeps, and the links checked to follow one another. PostgreSQL does the hashing, in slices
of the log checked side by side on every core, all in one exported snapshot, so memory stays
flat however long the history."""

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg

from adapters.audit.breaks import Break, Found, one
from adapters.audit.records import GENESIS, RECORD_SQL

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


def slices(first: int, last: int) -> list[tuple[int, int]]:
    """The positions first to last, as the bounds of slices checked side by side."""
    return [(s, min(s + SLICE_SIZE - 1, last)) for s in range(first, last + 1, SLICE_SIZE)]


def check_links(
    database_url: str,
    snapshot: str,
    ranges: list[tuple[int, int]],
    progress: Callable[[int], None] | None,
) -> tuple[list[Break], int]:
    """Every link of every slice (the ranges of positions), and that the links follow one
    another, on as many connections as there are cores, all in the same snapshot."""

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
            alone = one(conn, UNPARTNERED, within) if not linked == records == links else None
            if progress:
                progress(int(linked))
            found = [p for p in (bad, alone) if p is not None]
            return (Break(min(found), "mismatch", "") if found else None), int(records)

        return in_snapshot(check)

    def check_continuity(conn: psycopg.Connection[Any]) -> Found:
        position = one(conn, CONTINUITY, (GENESIS,))
        if position is None:
            return None, 0
        return Break(position, "removed", "the link before this one is gone or was changed"), 0

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        continuity = pool.submit(in_snapshot, check_continuity)
        results = [*pool.map(check_slice, ranges), continuity.result()]
    return [b for b, _ in results if b is not None], sum(n for _, n in results)
