"""Service figures: each ticket's times to first response and to resolution, and the tenant's
targets, for `GET /v1/reports/summary`.

The first response to a ticket is the first thing staff do after opening it that the customer would
notice or that starts the work: a status change, a recorded repair, a closure, or a message staff
write to the customer (queued: what the provider does with it is not staff's response). Automatic
messages, assigning a ticket and internal notes are not responses. A ticket is resolved when it is
closed; a reopening makes it unresolved again, and the next closure resolves it anew. Cancelled
tickets are not resolved. A ticket's satisfaction rating (its customer's, once closed) is kept
with when it was given; its comment is not (it is the customer's free text).
"""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.message import Message
from domain.message_values import STAFF
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from projections.base import ReadModel, ReadModelProjection
from projections.buffers import RowState
from projections.service_figures.tables import NAME, SERVICE_TARGETS, TICKET_SERVICE, VERSION

_SET_TARGET = SQL(
    "INSERT INTO {} VALUES (%s, %s, %s) "
    "ON CONFLICT (tenant_id, priority) DO UPDATE SET hours = excluded.hours"
).format(SERVICE_TARGETS.sql)


class ServiceFiguresView(ReadModel):
    tables = (TICKET_SERVICE, SERVICE_TARGETS)


class ServiceFigures(ReadModelProjection[ServiceFiguresView]):
    name = NAME
    version = VERSION
    view_class = ServiceFiguresView
    handles = (
        Ticket.Opened,
        Ticket.Assigned,
        Ticket.Unassigned,
        Ticket.DetailsCorrected,
        Ticket.StatusChanged,
        Ticket.RepairRecorded,
        Ticket.Closed,
        Ticket.Reopened,
        Ticket.SatisfactionRated,
        Tenant.ServiceTargetsSet,
        Message.Queued,
    )

    def __init__(self, view: ServiceFiguresView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(
            RowState(TICKET_SERVICE, "ticket_id", keep_first=["first_response_at"])
        )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        opened = {
            "tenant_id": event.tenant_id,
            "number": event.number,
            "priority": event.priority,
            "status": TicketStatus.NEW.value,
            "opened_at": event.timestamp,
        }
        self.tickets.insert(event.originator_id, opened)

    @process_event.register
    def _(self, event: Ticket.Assigned, tracking: Tracking) -> None:
        self.tickets.update(event.originator_id, {"assignee_id": event.assignee_id})

    @process_event.register
    def _(self, event: Ticket.Unassigned, tracking: Tracking) -> None:
        self.tickets.update(event.originator_id, {"assignee_id": None})

    @process_event.register
    def _(self, event: Ticket.DetailsCorrected, tracking: Tracking) -> None:
        """A corrected priority moves the ticket's due time (opening + its target)."""
        if "priority" in event.corrected:
            self.tickets.update(event.originator_id, {"priority": event.priority})

    @process_event.register
    def _(self, event: Ticket.StatusChanged, tracking: Tracking) -> None:
        self._responded(event, status=event.status)

    @process_event.register
    def _(self, event: Ticket.RepairRecorded, tracking: Tracking) -> None:
        self._responded(event)

    @process_event.register
    def _(self, event: Ticket.Closed, tracking: Tracking) -> None:
        self._responded(event, status=TicketStatus.CLOSED.value, resolved_at=event.timestamp)

    @process_event.register
    def _(self, event: Ticket.Reopened, tracking: Tracking) -> None:
        reopened = {"status": TicketStatus.NEW.value, "resolved_at": None}
        self.tickets.update(event.originator_id, reopened)

    @process_event.register
    def _(self, event: Ticket.SatisfactionRated, tracking: Tracking) -> None:
        rated = {"rating": event.rating, "rated_at": event.timestamp}
        self.tickets.update(event.originator_id, rated)

    @process_event.register
    def _(self, event: Message.Queued, tracking: Tracking) -> None:
        if event.purpose == STAFF and event.ticket_id is not None:
            self.tickets.update(event.ticket_id, {"first_response_at": event.timestamp})

    @process_event.register
    def _(self, event: Tenant.ServiceTargetsSet, tracking: Tracking) -> None:
        for priority, hours in event.hours.items():
            self.view.cursor.execute(_SET_TARGET, (event.originator_id, priority, hours))

    def _responded(self, event: Any, **changes: object) -> None:
        """A response to the ticket, the first of which starts its first-response time."""
        self.tickets.update(event.originator_id, {**changes, "first_response_at": event.timestamp})
