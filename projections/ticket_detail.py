"""The ticket detail: the ticket's row and its timeline, who did what and when."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.buffers import Appends
from projections.ticket_rows import (
    LATER_EVENTS,
    PERSONAL,
    TICKET_COLUMNS,
    TICKET_EVENTS,
    TicketRows,
)

TABLE = "ticket_details"
TIMELINE = "ticket_timeline"
ENTRY = (
    "kind",
    "status",
    "assignee_id",
    "repair_kind",
    "part_number",
    "replacement_serial",
    "resolution",
    "text",
)
_INSERT = (
    f"INSERT INTO {TIMELINE} (ticket_id, version, tenant_id, customer_id, at, actor, "
    f"{', '.join(ENTRY)}) VALUES ({', '.join(['%s'] * (6 + len(ENTRY)))})"
)


def entry(event: Any) -> dict[str, object]:
    """What the timeline says of a ticket event (`text` is the personal free text)."""
    match event:
        case Ticket.Opened():
            return {"kind": "opened", "status": "new"}
        case Ticket.Assigned():
            return {"kind": "assigned", "assignee_id": event.assignee_id}
        case Ticket.StatusChanged():
            return {"kind": "status_changed", "status": event.status, "text": event.note}
        case Ticket.RepairRecorded():
            return {
                "kind": "repair_recorded",
                "repair_kind": event.kind,
                "part_number": event.part_number,
                "replacement_serial": event.replacement_serial,
                "text": event.description,
            }
        case Ticket.NoteAdded():
            return {"kind": "note_added", "text": event.body}
        case Ticket.Closed():
            return {
                "kind": "closed",
                "status": "closed",
                "resolution": event.resolution,
                "text": event.summary,
            }
        case Ticket.Reopened():
            return {"kind": "reopened", "status": "new", "text": event.reason}
    raise TypeError(f"no timeline entry for {type(event).__name__}")


class TicketDetailView(ReadModel):
    tables = (TABLE, TIMELINE)
    erasable = {TABLE: PERSONAL, TIMELINE: ("customer_id", ("text",))}
    marks_erased = frozenset({TABLE})
    ddl = (
        f"CREATE TABLE IF NOT EXISTS {TABLE} ({TICKET_COLUMNS})",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_customer ON {TABLE} (tenant_id, customer_id)",
        f"""
        CREATE TABLE IF NOT EXISTS {TIMELINE} (
            ticket_id uuid NOT NULL,
            version bigint NOT NULL,
            tenant_id uuid NOT NULL,
            customer_id uuid NOT NULL,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            kind text NOT NULL,
            status text,
            assignee_id uuid,
            repair_kind text,
            part_number text,
            replacement_serial text,
            resolution text,
            text text,
            PRIMARY KEY (ticket_id, version)
        )
        """,
        f"CREATE INDEX IF NOT EXISTS {TIMELINE}_customer ON {TIMELINE} (tenant_id, customer_id)",
    )


class TicketDetail(ReadModelProjection[TicketDetailView]):
    name = TABLE
    view_class = TicketDetailView
    handles = (*TICKET_EVENTS, Customer.Erased)

    def __init__(self, view: TicketDetailView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(TicketRows(TABLE))
        self.timeline = view.buffered(Appends(_INSERT))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.open(event)
        self._add_entry(event, event.customer_id)

    @process_event.register(LATER_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.change(event)
        self._add_entry(event, context_of(event).subject_id)

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    def _add_entry(self, event: Any, customer_id: object) -> None:
        said = entry(event)
        ctx = context_of(event)
        self.timeline.add(
            (
                event.originator_id,
                event.originator_version,
                ctx.tenant_id,
                customer_id,
                event.timestamp,
                ctx.actor,
                *(said.get(column) for column in ENTRY),
            )
        )
