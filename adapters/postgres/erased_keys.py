"""The keys erasures destroyed, listed in the events' database, so that no event sealed under one
commits after the erasure: not even one sealed by a process that still holds the key in memory.

Each key has an advisory lock in the events' database. A writer holds the locks of the keys its
events are sealed under, shared, from before its events are inserted until it commits, and then
looks the keys up here; an erasure takes them exclusively and lists its keys, before its own
event is inserted. So a writer either commits first (its events come before the erasure's in
the log) or waits for the erasure to commit and then finds its keys listed and is refused. The
list is here, not beside the data keys, because those may live in another database.
"""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from domain.errors import PersonalDataErased

KEY_LOCK = 7_201_110  # advisory lock class of a data key: shared by writers, taken by its erasure
_LOCKS = (
    "SELECT {take}(%s, h) FROM (SELECT DISTINCT hashtext(k::text) AS h "
    "FROM unnest(%s::uuid[]) AS k ORDER BY h) AS sorted"  # in one order: no deadlock
)
HOLD = _LOCKS.format(take="pg_advisory_xact_lock_shared")
TAKE = _LOCKS.format(take="pg_advisory_xact_lock")


def hold_live(cursor: Any, key_ids: Collection[UUID]) -> None:
    """Keep the keys from erasure until the cursor's transaction ends; PersonalDataErased if an
    erasure destroyed one of them already."""
    if not key_ids:
        return
    cursor.execute(HOLD, (KEY_LOCK, list(key_ids)))
    cursor.execute(
        "SELECT 1 FROM aftersales_erased_keys WHERE key_id = ANY(%s) LIMIT 1", (list(key_ids),)
    )
    if cursor.fetchone() is not None:
        raise PersonalDataErased("the person's information is erased")


def list_erased(cursor: Any, key_ids: Collection[UUID]) -> None:
    """List the keys as erased, in the erasure's transaction, once writers holding them commit."""
    if not key_ids:
        return
    cursor.execute(TAKE, (KEY_LOCK, list(key_ids)))
    cursor.execute(
        "INSERT INTO aftersales_erased_keys (key_id) SELECT unnest(%s::uuid[]) "
        "ON CONFLICT (key_id) DO NOTHING",
        (list(key_ids),),
    )
