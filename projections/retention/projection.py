"""The retention schedule: each customer's last activity and tickets, and the tenants' policies."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.customer import Customer
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.ticket_status import FINISHED, TicketStatus
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.buffers import RowState
from projections.retention.tables import (
    NAME,
    RETENTION_CUSTOMERS,
    RETENTION_POLICIES,
    RETENTION_TICKETS,
    VERSION,
)


class RetentionScheduleView(ReadModel):
    tables = (RETENTION_CUSTOMERS, RETENTION_TICKETS, RETENTION_POLICIES)


_SET_POLICY = SQL(
    "INSERT INTO {} VALUES (%s, %s, %s) ON CONFLICT (tenant_id) "
    "DO UPDATE SET customer_days = excluded.customer_days, "
    "ticket_text_days = excluded.ticket_text_days"
).format(RETENTION_POLICIES.sql)
CUSTOMER_ACTIVITY = (
    Customer.DetailsCorrected,
    Customer.DeviceRegistered,
    Customer.DeviceReceived,
    Customer.DeviceTransferred,
    Customer.ConsentRecorded,
    Customer.ObjectionRecorded,
)
TICKET_ACTIVITY = (
    Ticket.Assigned,
    Ticket.RepairRecorded,
    Ticket.NoteAdded,
    Ticket.Closed,
    Ticket.Reopened,
    Ticket.StatusChanged,
)


class RetentionSchedule(ReadModelProjection[RetentionScheduleView]):
    name = NAME
    version = VERSION
    view_class = RetentionScheduleView
    handles = (
        Customer.Registered,
        *CUSTOMER_ACTIVITY,
        Customer.LegalHoldPlaced,
        Customer.LegalHoldLifted,
        Customer.Erased,
        Ticket.Opened,
        *TICKET_ACTIVITY,
        Ticket.Deidentified,
        Tenant.RetentionPolicySet,
    )

    def __init__(self, view: RetentionScheduleView) -> None:
        super().__init__(view)
        self.customers = view.buffered(RowState(RETENTION_CUSTOMERS, "customer_id"))
        self.tickets = view.buffered(RowState(RETENTION_TICKETS, "ticket_id"))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Customer.Registered, tracking: Tracking) -> None:
        registered = {"tenant_id": context_of(event).tenant_id, "last_activity_at": event.timestamp}
        self.customers.insert(event.originator_id, registered)

    @process_event.register(Customer.DetailsCorrected)
    @process_event.register(Customer.DeviceRegistered)
    @process_event.register(Customer.DeviceTransferred)
    @process_event.register(Customer.ConsentRecorded)
    @process_event.register(Customer.ObjectionRecorded)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.customers.update(event.originator_id, {"last_activity_at": event.timestamp})

    @process_event.register(Customer.LegalHoldPlaced)
    @process_event.register(Customer.LegalHoldLifted)
    def _(self, event: Any, tracking: Tracking) -> None:
        held = isinstance(event, Customer.LegalHoldPlaced)
        self.customers.update(event.originator_id, {"legal_hold": held})

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.customers.update(event.originator_id, {"erased": True})

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        opened = {
            "tenant_id": context_of(event).tenant_id,
            "customer_id": event.customer_id,
            "opened_at": event.timestamp,
            "last_activity_at": event.timestamp,
        }
        self.tickets.insert(event.originator_id, opened)

    @process_event.register(Ticket.Assigned)
    @process_event.register(Ticket.RepairRecorded)
    @process_event.register(Ticket.NoteAdded)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.update(event.originator_id, {"last_activity_at": event.timestamp})

    @process_event.register(Ticket.Closed)
    @process_event.register(Ticket.Reopened)
    @process_event.register(Ticket.StatusChanged)
    def _(self, event: Any, tracking: Tracking) -> None:
        status = TicketStatus(getattr(event, "status", TicketStatus.CLOSED))
        if isinstance(event, Ticket.Reopened):
            status = TicketStatus.NEW
        finished = event.timestamp if status in FINISHED else None
        changes = {"last_activity_at": event.timestamp, "finished_at": finished}
        self.tickets.update(event.originator_id, changes)

    @process_event.register
    def _(self, event: Ticket.Deidentified, tracking: Tracking) -> None:
        self.tickets.update(event.originator_id, {"deidentified": True})

    @process_event.register
    def _(self, event: Tenant.RetentionPolicySet, tracking: Tracking) -> None:
        self.view.cursor.execute(
            _SET_POLICY,
            (event.originator_id, event.customer_days, event.ticket_text_days),
        )
