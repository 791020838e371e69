"""One row per ticket, as both the ticket queue and the ticket detail keep it."""

from typing import Any

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Composed, Identifier

from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from projections.base import context_of

TICKET_COLUMNS = """
    ticket_id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    number text NOT NULL,
    customer_id uuid NOT NULL,
    make text NOT NULL,
    model text NOT NULL,
    serial_number text NOT NULL,
    fault_description text,
    priority text NOT NULL,
    channel text NOT NULL,
    status text NOT NULL,
    assignee_id uuid,
    opened_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    closed_at timestamptz,
    resolution text,
    summary text,
    erased boolean NOT NULL DEFAULT false,
    version bigint NOT NULL
"""
TICKET_EVENTS = (
    Ticket.Opened,
    Ticket.Assigned,
    Ticket.StatusChanged,
    Ticket.RepairRecorded,
    Ticket.NoteAdded,
    Ticket.Closed,
    Ticket.Reopened,
)
# Events after the opening, which change the row: for `process_event.register(LATER_EVENTS)`.
LATER_EVENTS = (
    Ticket.Assigned
    | Ticket.StatusChanged
    | Ticket.RepairRecorded
    | Ticket.NoteAdded
    | Ticket.Closed
    | Ticket.Reopened
)
PERSONAL = ("customer_id", ("fault_description", "summary"))
_OPENED = (
    "ticket_id, tenant_id, number, customer_id, make, model, serial_number, fault_description, "
    "priority, channel, status, opened_at, updated_at, version"
)


def changes(event: Any) -> dict[str, object]:
    """The columns of the ticket's row that a later event sets, beyond version and time."""
    match event:
        case Ticket.Assigned():
            return {"assignee_id": event.assignee_id}
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


class TicketRows:
    """Writes the rows of one table of tickets (`TICKET_COLUMNS`) from ticket events."""

    def __init__(self, table: str) -> None:
        self.table = Identifier(table)
        self._insert = SQL("INSERT INTO {} ({}) VALUES ({})").format(
            self.table, SQL(_OPENED), SQL(", ".join(["%s"] * len(_OPENED.split(", "))))
        )
        self._updates: dict[type, Composed] = {}

    def open(self, curs: Cursor[DictRow], event: Ticket.Opened) -> None:
        curs.execute(
            self._insert,
            (
                event.originator_id,
                event.tenant_id,
                event.number,
                event.customer_id,
                event.make,
                event.model,
                event.serial_number,
                event.fault_description,
                event.priority,
                event.channel,
                TicketStatus.NEW.value,
                event.timestamp,
                event.timestamp,
                event.originator_version,
            ),
        )

    def change(self, curs: Cursor[DictRow], event: Any) -> None:
        """Apply any later ticket event: its columns, the version and the time of change."""
        values = changes(event)
        curs.execute(
            self._update(type(event), list(values)),
            (
                *values.values(),
                event.timestamp,
                event.originator_version,
                event.originator_id,
                context_of(event).tenant_id,
            ),
        )

    def _update(self, event_class: type, columns: list[str]) -> Composed:
        if event_class not in self._updates:
            sets: list[Composable] = [SQL("{} = %s").format(Identifier(c)) for c in columns]
            sets += [SQL("updated_at = %s"), SQL("version = %s")]
            self._updates[event_class] = SQL(
                "UPDATE {} SET {} WHERE ticket_id = %s AND tenant_id = %s"
            ).format(self.table, SQL(", ").join(sets))
        return self._updates[event_class]
