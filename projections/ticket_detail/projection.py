"""The ticket detail: each ticket's row with its timeline, who did what and when, and its
messages to and from the customer (a row each, in `ticket_messages`).

The timeline is a jsonb object in the ticket's row, an entry per version; the free text of the
entries (notes, repair descriptions, reasons: personal information) is kept apart, in `texts`, so
that a person's erasure drops it with the rest of their plaintext.
"""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.customer import Customer
from domain.message import Message
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.ticket_detail.message_rows import EVENTS as MESSAGE_EVENTS
from projections.ticket_detail.message_rows import LATER_EVENTS as LATER_MESSAGE_EVENTS
from projections.ticket_detail.message_rows import PERSONAL as MESSAGE_PERSONAL
from projections.ticket_detail.message_rows import MessageRows
from projections.ticket_detail.tables import NAME, TICKET_DETAILS, TICKET_MESSAGES, VERSION
from projections.ticket_rows import (
    LATER_EVENTS,
    TICKET_EVENTS,
    TicketRows,
)


def entry(event: Any) -> tuple[dict[str, object], str | None]:
    """What the timeline says of a ticket event, and the free text that came with it."""
    match event:
        case Ticket.Opened():
            return {"kind": "opened", "status": "new"}, None
        case Ticket.Assigned():
            return {"kind": "assigned", "assignee_id": str(event.assignee_id)}, None
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
    raise TypeError(f"no timeline entry for {type(event).__name__}")


class TicketDetailView(ReadModel):
    tables = (TICKET_DETAILS, TICKET_MESSAGES)
    erasable = {
        TICKET_DETAILS: ("customer_id", ("fault_description", "summary", "texts")),
        TICKET_MESSAGES: MESSAGE_PERSONAL,
    }
    marks_erased = frozenset({TICKET_DETAILS, TICKET_MESSAGES})
    deidentifiable = {
        TICKET_DETAILS: ("ticket_id", ("fault_description", "summary", "texts")),
        TICKET_MESSAGES: ("ticket_id", MESSAGE_PERSONAL[1]),
    }


class TicketDetail(ReadModelProjection[TicketDetailView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = TicketDetailView
    handles = (*TICKET_EVENTS, *MESSAGE_EVENTS, Customer.Erased)

    def __init__(self, view: TicketDetailView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(TicketRows(TICKET_DETAILS, merged=("timeline", "texts")))
        self.messages = view.buffered(MessageRows())

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.open(event)
        self._add_entry(event)

    @process_event.register(LATER_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.change(event)
        self._add_entry(event)

    @process_event.register(Message.Queued | Message.Received)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.messages.start(event)

    @process_event.register(LATER_MESSAGE_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.messages.change(event)

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    def _add_entry(self, event: Any) -> None:
        said, text = entry(event)
        version = str(event.originator_version)
        said |= {"at": event.timestamp.isoformat(), "by": context_of(event).actor}
        changes: dict[str, object] = {"timeline": {version: said}}
        if text is not None:  # texts stays NULL while there is none, as erasure leaves it
            changes["texts"] = {version: text}
        self.tickets.update(event.originator_id, changes)
