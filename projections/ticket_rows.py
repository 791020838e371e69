"""One row per ticket, as both the ticket queue and the ticket detail keep it."""

from collections.abc import Iterable
from typing import Any

from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from projections.buffers import RowState, Seal
from projections.tables import Table

TICKET_EVENTS = (
    Ticket.Opened,
    Ticket.Assigned,
    Ticket.Unassigned,
    Ticket.DetailsCorrected,
    Ticket.StatusChanged,
    Ticket.RepairRecorded,
    Ticket.NoteAdded,
    Ticket.Closed,
    Ticket.Reopened,
)
# Events after the opening, which change the row: for `process_event.register(LATER_EVENTS)`.
LATER_EVENTS = (
    Ticket.Assigned
    | Ticket.Unassigned
    | Ticket.DetailsCorrected
    | Ticket.StatusChanged
    | Ticket.RepairRecorded
    | Ticket.NoteAdded
    | Ticket.Closed
    | Ticket.Reopened
)
TEXT = ("fault_description", "summary")  # the ticket's free text: sealed, erased, de-identified
PERSONAL = ("customer_id", TEXT)
FREE_TEXT = ("ticket_id", TEXT)
SEALED = ("ticket_id", TEXT)


def changes(event: Any) -> dict[str, object]:
    """The columns of the ticket's row that a later event sets, beyond version and time."""
    match event:
        case Ticket.Assigned():
            return {"assignee_id": event.assignee_id}
        case Ticket.Unassigned():
            return {"assignee_id": None}
        case Ticket.DetailsCorrected():
            return {field: getattr(event, field) for field in event.corrected}
        case Ticket.StatusChanged():
            return {"status": event.status}
        case Ticket.Closed():
            return {
                "status": TicketStatus.CLOSED.value,
                "resolution": event.resolution,
                "summary": event.summary,
                "closed_at": event.timestamp,
            }
        case Ticket.Reopened():
            return {
                "status": TicketStatus.NEW.value,
                "resolution": None,
                "summary": None,
                "closed_at": None,
            }
    return {}


class TicketRows(RowState):
    """A table of tickets (the queue's, the detail's), written from ticket events once a batch."""

    def __init__(self, table: Table, seal: Seal, merged: Iterable[str] = ()) -> None:
        super().__init__(table, "ticket_id", merged=merged, seal=seal)

    def open(self, event: Ticket.Opened) -> None:
        self.insert(
            event.originator_id,
            {
                "tenant_id": event.tenant_id,
                "number": event.number,
                "customer_id": event.customer_id,
                "make": event.make,
                "model": event.model,
                "serial_number": event.serial_number,
                "fault_description": event.fault_description,
                "priority": event.priority,
                "channel": event.channel,
                "status": TicketStatus.NEW.value,
                "opened_at": event.timestamp,
                "updated_at": event.timestamp,
                "version": event.originator_version,
            },
        )

    def change(self, event: Any) -> None:
        """Apply any later ticket event: its columns, the version and the time of change."""
        changed = {"updated_at": event.timestamp, "version": event.originator_version}
        self.update(event.originator_id, {**changes(event), **changed})
