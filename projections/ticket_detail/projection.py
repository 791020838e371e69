"""The ticket detail: each ticket's row with its timeline, who did what and when, and its
messages to and from the customer (a row each, in `ticket_messages`).

The timeline is a jsonb object in the ticket's row, an entry per version; the free text of the
entries (notes, repair descriptions, reasons: personal information) is kept apart, a row per
entry in `ticket_texts`, which a person's erasure or the ticket's de-identification deletes.
Free text is sealed under the ticket's key, a message's under the message's
(projections/sealed_rows.py).
"""

from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from domain.customer import Customer
from domain.message import Message
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.buffers import Appends
from projections.sealed_rows import Sealing
from projections.ticket_detail import message_rows
from projections.ticket_detail.message_rows import MessageRows
from projections.ticket_detail.part_entries import PART_EVENTS, PART_UNION, part_entry
from projections.ticket_detail.quote_entries import QUOTE_EVENTS, QUOTE_UNION, quote_entry
from projections.ticket_detail.tables import (
    NAME,
    TICKET_DETAILS,
    TICKET_MESSAGES,
    TICKET_TEXTS,
    VERSION,
)
from projections.ticket_rows import (
    FREE_TEXT,
    LATER_EVENTS,
    PERSONAL,
    SEALED,
    TICKET_EVENTS,
    TicketRows,
)

_TEXT = SQL(
    "INSERT INTO {} (ticket_id, version, tenant_id, customer_id, text) "
    "VALUES (%(ticket_id)s, %(version)s, %(tenant_id)s, %(customer_id)s, %(text)s)"
).format(TICKET_TEXTS.sql)
_FORGET_TEXTS = {
    column: SQL("DELETE FROM {} WHERE tenant_id = %s AND {} = %s").format(
        TICKET_TEXTS.sql, Identifier(column)
    )
    for column in ("customer_id", "ticket_id")
}


def entry(event: Any) -> tuple[dict[str, object], str | None]:
    """What the timeline says of a ticket event, and the free text that came with it."""
    match event:
        case Ticket.Opened():
            return {"kind": "opened", "status": "new"}, None
        case Ticket.Assigned():
            return {"kind": "assigned", "assignee_id": str(event.assignee_id)}, None
        case Ticket.Unassigned():
            return {"kind": "unassigned", "assignee_id": str(event.assignee_id)}, None
        case Ticket.DetailsCorrected():
            plain = {f: getattr(event, f) for f in event.corrected if f != "fault_description"}
            return {"kind": "details_corrected", "corrected": event.corrected, **plain}, (
                event.fault_description
            )
        case Ticket.StatusChanged():
            return {"kind": "status_changed", "status": event.status}, event.note
        case Ticket.RepairRecorded():
            repair: dict[str, object] = {
                "kind": "repair_recorded",
                "repair_kind": event.kind,
                "part_number": event.part_number,
                "replacement_serial": event.replacement_serial,
            }
            return repair, event.description
        case Ticket.NoteAdded():
            return {"kind": "note_added"}, event.body
        case Ticket.Closed():
            closed: dict[str, object] = {
                "kind": "closed",
                "status": "closed",
                "resolution": event.resolution,
            }
            return closed, event.summary
        case Ticket.Reopened():
            return {"kind": "reopened", "status": "new"}, event.reason
        case (
            Ticket.QuoteDrafted()
            | Ticket.QuoteSent()
            | Ticket.QuoteApproved()
            | (Ticket.QuoteDeclined())
        ):
            return quote_entry(event)
        case Ticket.PartOrdered() | Ticket.PartArrived() | Ticket.PartCancelled():
            return part_entry(event)
    raise TypeError(f"no timeline entry for {type(event).__name__}")


class TicketDetailView(ReadModel):
    """Erasure and de-identification also delete the ticket's rows of free text."""

    tables = (TICKET_DETAILS, TICKET_TEXTS, TICKET_MESSAGES)
    erasable = {TICKET_DETAILS: PERSONAL, TICKET_MESSAGES: message_rows.PERSONAL}
    marks_erased = frozenset({TICKET_DETAILS, TICKET_MESSAGES})
    deidentifiable = {
        TICKET_DETAILS: FREE_TEXT,
        TICKET_MESSAGES: ("ticket_id", message_rows.TEXT),
    }
    sealed = {
        TICKET_DETAILS: SEALED,
        TICKET_TEXTS: ("ticket_id", ("text",)),
        TICKET_MESSAGES: message_rows.SEALED,
    }

    def erase_subject(self, curs: Cursor[DictRow], tenant_id: UUID, subject_id: UUID) -> None:
        super().erase_subject(curs, tenant_id, subject_id)
        curs.execute(_FORGET_TEXTS["customer_id"], (tenant_id, subject_id))

    def deidentify(self, curs: Cursor[DictRow], tenant_id: UUID, aggregate_id: UUID) -> None:
        super().deidentify(curs, tenant_id, aggregate_id)
        curs.execute(_FORGET_TEXTS["ticket_id"], (tenant_id, aggregate_id))


class TicketDetail(ReadModelProjection[TicketDetailView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = TicketDetailView
    handles = (*TICKET_EVENTS, *QUOTE_EVENTS, *PART_EVENTS, *message_rows.EVENTS, Customer.Erased)

    def __init__(self, view: TicketDetailView) -> None:
        super().__init__(view)
        sealing = Sealing(view, TICKET_DETAILS)
        self.tickets = view.buffered(TicketRows(TICKET_DETAILS, sealing, merged=("timeline",)))
        self.texts = view.buffered(Appends(_TEXT, Sealing(view, TICKET_TEXTS)))
        self.messages = view.buffered(MessageRows(Sealing(view, TICKET_MESSAGES)))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.open(event)
        self._add_entry(event)

    @process_event.register(LATER_EVENTS)
    @process_event.register(QUOTE_UNION)
    @process_event.register(PART_UNION)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.change(event)
        self._add_entry(event)

    @process_event.register(Message.Queued | Message.Received)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.messages.start(event)

    @process_event.register(message_rows.LATER_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.messages.change(event)

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    def _add_entry(self, event: Any) -> None:
        said, text = entry(event)
        ctx = context_of(event)
        said |= {"at": event.timestamp.isoformat(), "by": ctx.actor}
        self.tickets.update(
            event.originator_id, {"timeline": {str(event.originator_version): said}}
        )
        if text is not None:  # no row while there is none, as erasure leaves it
            self.texts.add(
                {
                    "ticket_id": event.originator_id,
                    "version": event.originator_version,
                    "tenant_id": ctx.tenant_id,
                    "customer_id": ctx.subject_id,
                    "text": text,
                }
            )
