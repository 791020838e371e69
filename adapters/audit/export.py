"""A tenant's history as JSON lines that carry the chain, so it can be verified offline.

The first line describes the export (tenant, range, the service's public key and the signed
checkpoints); each further line is one event: who, when, what (personal fields decrypted, or
null once erased), and its stored form with the chain values before and after it.
"""

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import Notification
from psycopg.sql import SQL

from adapters.audit.records import chain_link, record_bytes
from adapters.audit.signing import Checkpoint, is_signed_by
from adapters.audit.verify import stored_checkpoints
from commands.application import Aftersales
from projections.audit_index.tables import AUDIT_INDEX
from queries.audit import event_data

FORMAT = "aftersales-audit-export/1"
ROWS = SQL("""
SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, e.state,
       c.hash, i.actor, i.request_id, i.occurred_at, i.event_type,
       coalesce((SELECT p.hash FROM audit_chain p WHERE p.notification_id < e.notification_id
                 ORDER BY p.notification_id DESC LIMIT 1), '\\x{genesis}'::bytea) AS previous
FROM {index} i
JOIN aftersales_events e ON e.notification_id = i.notification_id
JOIN audit_chain c ON c.notification_id = i.notification_id
WHERE i.tenant_id = %s AND i.occurred_at >= %s AND i.occurred_at < %s
ORDER BY i.notification_id
""").format(genesis=SQL("00" * 32), index=AUDIT_INDEX.sql)


def export(
    database_url: str,
    app: Aftersales,
    tenant_id: UUID,
    start: datetime,
    end: datetime,
    out: IO[str],
    public_key_pem: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the tenant's events in [start, end) to out; how many were written."""
    with psycopg.connect(database_url) as conn, conn.transaction():
        checkpoints = stored_checkpoints(conn)
        header = {
            "format": FORMAT,
            "tenant_id": str(tenant_id),
            "from": start.isoformat(),
            "to": end.isoformat(),
            "public_key": public_key_pem,
            "checkpoints": [json.loads(c.to_json()) for c in checkpoints],
        }
        out.write(json.dumps(header) + "\n")
        written = 0
        for row in _rows(conn, tenant_id, start, end):
            out.write(json.dumps(_line(app, row)) + "\n")
            written += 1
            if progress:
                progress(1)
    return written


def count(database_url: str, tenant_id: UUID, start: datetime, end: datetime) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            SQL(
                "SELECT count(*) FROM {} WHERE tenant_id = %s "
                "AND occurred_at >= %s AND occurred_at < %s"
            ).format(AUDIT_INDEX.sql),
            (tenant_id, start, end),
        ).fetchone()
    return int(row[0]) if row else 0


def _rows(
    conn: psycopg.Connection[Any], tenant_id: UUID, start: datetime, end: datetime
) -> Iterator[tuple[Any, ...]]:
    with conn.cursor(name="export", binary=True) as cursor:
        cursor.itersize = 1000
        cursor.execute(ROWS, (tenant_id, start, end))
        yield from cursor


def _line(app: Aftersales, row: tuple[Any, ...]) -> dict[str, Any]:
    position, aggregate_id, version, topic, state, link, actor, request_id, at, kind, previous = row
    stored = Notification(
        id=position,
        originator_id=aggregate_id,
        originator_version=version,
        topic=topic,
        state=bytes(state),
    )
    return {
        "position": position,
        "aggregate_id": str(aggregate_id),
        "aggregate_version": version,
        "type": kind,
        "occurred_at": at.isoformat(),
        "actor": actor,
        "request_id": request_id,
        "data": event_data(app.mapper.to_domain_event(stored)),
        "stored": {"topic": topic, "state": base64.b64encode(bytes(state)).decode()},
        "chain": {"previous": bytes(previous).hex(), "hash": bytes(link).hex()},
    }


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    records: int
    checkpoints: int
    problem: str | None = None


def verify_export(lines: Iterator[str], public_key_pem: str | None = None) -> ExportCheck:
    """Check every line against its chain values, and the checkpoints against the key."""
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    header = json.loads(next(lines))
    if header.get("format") != FORMAT:
        return ExportCheck(False, 0, 0, "not an Aftersales audit export")
    key: Any = load_pem_public_key((public_key_pem or header["public_key"]).encode())
    checkpoints = {c.notification_id: c for c in map(_checkpoint, header["checkpoints"])}
    for checkpoint in checkpoints.values():
        if not is_signed_by(checkpoint, key):
            return ExportCheck(False, 0, 0, f"checkpoint {checkpoint.notification_id} is forged")
    records = met = 0
    for text in lines:
        line = json.loads(text)
        stored = line["stored"]
        record = record_bytes(
            line["position"],
            line["aggregate_id"],
            line["aggregate_version"],
            stored["topic"],
            base64.b64decode(stored["state"]),
        )
        link = chain_link(bytes.fromhex(line["chain"]["previous"]), record)
        if link.hex() != line["chain"]["hash"]:
            return ExportCheck(False, records, met, f"record {line['position']} does not match")
        held = checkpoints.get(line["position"])
        if held is not None:
            if held.hash != link:
                return ExportCheck(
                    False, records, met, f"record {line['position']} differs from its checkpoint"
                )
            met += 1
        records += 1
    return ExportCheck(True, records, met)


def _checkpoint(data: dict[str, Any]) -> Checkpoint:
    return Checkpoint.from_json(json.dumps(data))
