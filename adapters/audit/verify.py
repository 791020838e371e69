"""Check the stored history against the chain and say where, if anywhere, it was changed.

Every link is checked, and that the links follow one another (links.py): together that is the
whole chain. Then every checkpoint signed by the service's key, kept in the database or held
outside. The first difference is named (breaks.py).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.breaks import Break, check_checkpoints, diagnose, one
from adapters.audit.links import check_links, slices
from adapters.audit.signing import Checkpoint


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head_position: int | None
    head_hash: str | None
    checkpoints: int
    broken: Break | None = None
    last_checkpoint: Checkpoint | None = None  # the latest signed checkpoint the chain meets


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
            snapshot = one(conn, "SELECT pg_export_snapshot()")
            low, high, head_hash = conn.execute(
                "SELECT min(notification_id), max(notification_id), "
                "(SELECT hash FROM audit_chain ORDER BY notification_id DESC LIMIT 1) "
                "FROM audit_chain"
            ).fetchone() or (None, None, None)
            checkpoints = [*stored_checkpoints(conn), *held]
            first, last = low or 1, high or 0
            breaks, checked = check_links(database_url, snapshot, slices(first, last), progress)
            breaks += check_checkpoints(conn, public_key, checkpoints, last)
            broken = min(breaks, key=lambda b: b.position) if breaks else None
            if broken is not None:
                if broken.problem == "mismatch":
                    broken = diagnose(conn, broken.position)
                before = "SELECT count(*) FROM aftersales_events WHERE notification_id < %s"
                checked = int(one(conn, before, (broken.position,)))
    met = [c for c in checkpoints if c.notification_id <= last]
    return Verification(
        ok=broken is None,
        checked=checked,
        head_position=high,
        head_hash=bytes(head_hash).hex() if head_hash else None,
        checkpoints=0 if broken else len(met),
        broken=broken,
        last_checkpoint=None if broken or not met else max(met, key=lambda c: c.notification_id),
    )


def stored_checkpoints(conn: psycopg.Connection[Any]) -> list[Checkpoint]:
    rows = conn.execute(
        "SELECT notification_id, hash, signed_at, signature FROM audit_checkpoints ORDER BY 1"
    )
    return [Checkpoint(int(r[0]), bytes(r[1]), r[2], bytes(r[3])) for r in rows]
