"""Recompute the chain over the stored history and say where, if anywhere, it was changed.

Events and chain links are streamed side by side in log order, in one consistent snapshot, so
memory stays flat however long the history. The first difference is named: a record `altered`,
`removed`, `inserted` or `reordered` (its content belongs at another position), or the whole
chain `rewritten` (it no longer matches a checkpoint signed by the service's key).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.audit.records import GENESIS, chain_link, content_digest, record_bytes
from adapters.audit.signing import Checkpoint, is_signed_by

FETCH = 5000


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
            row = conn.execute("SELECT max(notification_id) FROM audit_chain").fetchone()
            head = int(row[0]) if row and row[0] is not None else 0
            checkpoints = {c.notification_id: c for c in [*stored_checkpoints(conn), *held]}
            events = _stream(
                conn,
                "events",
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM aftersales_events WHERE notification_id <= %s ORDER BY notification_id",
                (head,),
            )
            links = _stream(
                conn, "links", "SELECT notification_id, hash FROM audit_chain ORDER BY 1", ()
            )
            state = _Walk(conn, public_key, checkpoints, progress)
            broken = state.walk(events, links)
            if broken is None:
                broken = state.beyond_head(head)
    return Verification(
        ok=broken is None,
        checked=state.checked,
        head_position=head or None,
        head_hash=state.link.hex() if head else None,
        checkpoints=state.checkpoints_met,
        broken=broken,
    )


class _Walk:
    def __init__(
        self,
        conn: psycopg.Connection[Any],
        public_key: Ed25519PublicKey,
        checkpoints: dict[int, Checkpoint],
        progress: Callable[[int], None] | None,
    ) -> None:
        self.conn = conn
        self.public_key = public_key
        self.checkpoints = checkpoints
        self.progress = progress
        self.link = GENESIS
        self.checked = 0
        self.checkpoints_met = 0

    def walk(
        self, events: Iterator[tuple[Any, ...]], links: Iterator[tuple[Any, ...]]
    ) -> Break | None:
        event, link = next(events, None), next(links, None)
        while event is not None or link is not None:
            if link is None or (event is not None and event[0] < link[0]):
                assert event is not None
                return Break(event[0], "inserted", "a record the chain never linked")
            if event is None or link[0] < event[0]:
                return Break(link[0], "removed", "the chain links a record that is gone")
            if broken := self._check(event, bytes(link[1])):
                return broken
            event, link = next(events, None), next(links, None)
        return None

    def _check(self, event: tuple[Any, ...], stored_link: bytes) -> Break | None:
        position = event[0]
        record = record_bytes(position, event[1], event[2], event[3], bytes(event[4]))
        self.link = chain_link(self.link, record)
        if self.link != stored_link:
            return self._diagnose(position, record)
        checkpoint = self.checkpoints.get(position)
        if checkpoint is not None:
            if not is_signed_by(checkpoint, self.public_key):
                return Break(position, "rewritten", "a checkpoint's signature is not the service's")
            if checkpoint.hash != self.link:
                signed = checkpoint.signed_at.isoformat()
                return Break(
                    position, "rewritten", f"history differs from the checkpoint of {signed}"
                )
            self.checkpoints_met += 1
        self.checked += 1
        if self.progress and self.checked % FETCH == 0:
            self.progress(FETCH)
        return None

    def _diagnose(self, position: int, record: bytes) -> Break:
        row = self.conn.execute(
            "SELECT notification_id FROM audit_chain WHERE digest = %s AND notification_id <> %s",
            (content_digest(record), position),
        ).fetchone()
        if row:
            return Break(position, "reordered", f"holds the record linked at position {row[0]}")
        return Break(position, "altered", "the stored record differs from the one linked")

    def beyond_head(self, head: int) -> Break | None:
        beyond = [p for p in self.checkpoints if p > head]
        if beyond:
            return Break(min(beyond), "removed", "a signed checkpoint lies past the chain's head")
        return None


def stored_checkpoints(conn: psycopg.Connection[Any]) -> list[Checkpoint]:
    rows = conn.execute(
        "SELECT notification_id, hash, signed_at, signature FROM audit_checkpoints ORDER BY 1"
    )
    return [Checkpoint(int(r[0]), bytes(r[1]), r[2], bytes(r[3])) for r in rows]


def _stream(
    conn: psycopg.Connection[Any], name: str, query: str, params: tuple[Any, ...]
) -> Iterator[tuple[Any, ...]]:
    with conn.cursor(name=name, binary=True) as cursor:
        cursor.itersize = FETCH
        cursor.execute(query, params)
        yield from cursor
