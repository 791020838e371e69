"""A ticket as staff see it, with its timeline: who did what, and when."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import TICKET_READERS
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from domain.ticket_status import TicketStatus
from domain.values import IntakeChannel, Priority, RepairKind, Resolution
from projections.sealed_rows import open_rows
from projections.tables import Table
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_detail.tables import TICKET_DETAILS, TICKET_MESSAGES, TICKET_TEXTS
from projections.ticket_rows import TEXT
from queries.messages import MessagePublic, messages_of_ticket
from queries.parts import PartPublic, parts_of
from queries.quotes import QuotePublic, quotes_of
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.staleness import ReadModelStale, refuse_if_parked, stale


class DevicePublic(BaseModel):
    make: str
    model: str
    serial_number: str


class RepairPublic(BaseModel):
    kind: RepairKind
    description: str | None
    part_number: str | None
    replacement_serial: str | None
    recorded_at: datetime
    recorded_by: str


class NotePublic(BaseModel):
    body: str | None
    added_at: datetime
    added_by: str


class TimelineEntryPublic(BaseModel):
    """One thing that happened to the ticket; `by` is the staff user's id (or `system`), and
    `text` the free text that came with it (a note, a repair's description, a reason, a
    corrected fault). A correction (`details_corrected`) names the details it `corrected` and
    gives each new value but the fault's (in `text`); an unassignment, whom it was taken from.
    A quote's entries (`quote_drafted`, `quote_sent`, `quote_approved`, `quote_declined`) name
    it (`quote_id`) and the channel; a decision's `text` is its signature or staff reason. A
    part's entries (`part_ordered`, `part_arrived`, `part_cancelled`) name it (`part_id`; an
    order also by its `part_number`)."""

    version: int
    kind: str
    at: datetime
    by: str
    status: TicketStatus | None = None
    assignee_id: UUID | None = None
    corrected: list[str] | None = None
    priority: Priority | None = None
    make: str | None = None
    model: str | None = None
    serial_number: str | None = None
    repair_kind: RepairKind | None = None
    part_number: str | None = None
    replacement_serial: str | None = None
    resolution: Resolution | None = None
    quote_id: UUID | None = None
    part_id: UUID | None = None
    channel: str | None = None
    text: str | None = None


class TicketSummary(BaseModel):
    id: UUID
    number: str
    status: TicketStatus
    priority: Priority
    channel: IntakeChannel
    customer_id: UUID
    device: DevicePublic
    fault_description: str | None
    assignee_id: UUID | None
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    resolution: Resolution | None
    erased: bool
    version: int
    stale: bool


class TicketPublic(TicketSummary):
    summary: str | None
    repairs: list[RepairPublic]
    notes: list[NotePublic]
    messages: list[MessagePublic]
    quotes: list[QuotePublic]
    parts: list[PartPublic]
    timeline: list[TimelineEntryPublic]


TICKET_FIELDS = """
    t.ticket_id AS id, t.number, t.status, t.priority, t.channel, t.customer_id,
    json_build_object('make', t.make, 'model', t.model, 'serial_number', t.serial_number)
        AS device,
    t.fault_description, t.assignee_id, t.opened_at, t.updated_at, t.closed_at, t.resolution,
    t.erased, t.version
"""
_OF_TICKET = SQL(
    "ARRAY[t.ticket_id] || ARRAY(SELECT m.message_id FROM {} m WHERE m.ticket_id = t.ticket_id)"
).format(TICKET_MESSAGES.sql)
_DETAIL = SQL("""
SELECT {fields}, t.summary, t.timeline,
    {stale} AS stale
FROM {details} t WHERE t.ticket_id = %s AND t.tenant_id = %s
""").format(
    fields=SQL(TICKET_FIELDS),
    stale=stale(TicketDetail.name, SQL("t.tenant_id"), _OF_TICKET),
    details=TICKET_DETAILS.sql,
)
_TEXTS = SQL("SELECT ticket_id, version, text FROM {} WHERE ticket_id = %s").format(
    TICKET_TEXTS.sql
)


def opened(db: ReadStore, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of TICKET_FIELDS (from the queue's or the detail's table), their free text opened."""
    return open_rows(db.columns, table, rows, "id", TEXT)


@reads(TicketDetail)
def ticket_detail(db: ReadStore, ctx: RequestContext, ticket_id: UUID) -> TicketPublic:
    authorize(ctx, TICKET_READERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_DETAIL, (ticket_id, ctx.tenant_id)).fetchone()
        if row is None:
            refuse_if_parked(curs, TicketDetail.name, "ticket", ctx.tenant_id, ticket_id)
            raise NotFound("ticket", ticket_id)
        if row["stale"]:
            raise ReadModelStale("ticket", ticket_id)
        sealed_texts = curs.execute(_TEXTS, (ticket_id,)).fetchall()
        messages = messages_of_ticket(db, curs, ticket_id)
    (ticket,) = opened(db, TICKET_DETAILS, [row])
    texts = {
        str(t["version"]): t["text"]
        for t in open_rows(db.columns, TICKET_TEXTS, sealed_texts, "ticket_id", ("text",))
    }
    entries = sorted(row["timeline"].items(), key=lambda item: int(item[0]))
    timeline = [
        TimelineEntryPublic.model_validate({**entry, "version": v, "text": texts.get(v)})
        for v, entry in entries
    ]
    return TicketPublic.model_validate(
        {
            **ticket,
            "timeline": timeline,
            "repairs": [_repair(e) for e in timeline if e.kind == "repair_recorded"],
            "notes": [
                NotePublic(body=e.text, added_at=e.at, added_by=e.by)
                for e in timeline
                if e.kind == "note_added"
            ],
            "messages": messages,
            "quotes": quotes_of((entry, texts.get(v)) for v, entry in entries),
            "parts": parts_of(entry for _, entry in entries),
        }
    )


def _repair(entry: TimelineEntryPublic) -> dict[str, Any]:
    return {
        "kind": entry.repair_kind,
        "description": entry.text,
        "part_number": entry.part_number,
        "replacement_serial": entry.replacement_serial,
        "recorded_at": entry.at,
        "recorded_by": entry.by,
    }
