"""A log of realistic events, written fast: repair tickets from intake to closure, in bulk.

Aggregates are changed by their own methods and saved by `Aftersales.commit`, many to a
transaction, so the events carry the same metadata as the service's; no HTTP, no handlers.
"""

from collections.abc import Callable
from itertools import count
from uuid import uuid4

from commands.application import Aftersales
from domain.context import RequestContext
from domain.customer import Customer
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import ContactChannel, IntakeChannel, Priority, RepairKind, Resolution

TENANTS = 4
TICKETS_A_COMMIT = 60
PRIORITIES = list(Priority)


class EventLog:
    """Writes ticket lifecycles (about 12 events a ticket) across a few tenants."""

    def __init__(self, app: Aftersales) -> None:
        self.app = app
        self.contexts = [
            RequestContext(tenant_id=uuid4(), actor=str(uuid4())) for _ in range(TENANTS)
        ]
        self.registers = [TicketRegister.start(ctx.tenant_id) for ctx in self.contexts]
        self.serials = count(1)

    def write(self, events: int, progress: Callable[[int], None]) -> None:
        """Write at least this many events, a commit at a time."""
        written = 0
        while written < events:
            tenant = written % TENANTS
            done = self._commit(self.contexts[tenant], self.registers[tenant])
            written += done
            progress(done)

    def _commit(self, ctx: RequestContext, register: TicketRegister) -> int:
        customers: list[Customer] = []
        tickets: list[Ticket] = []
        for n in range(TICKETS_A_COMMIT):
            if n % 3 == 0:
                customers.append(self._customer(ctx))
            tickets.append(self._ticket(register, customers[-1], n))
        aggregates = [register, *customers, *tickets]
        events = sum(len(a.pending_events) for a in aggregates)
        self.app.commit(ctx, *aggregates)
        return events

    def _customer(self, ctx: RequestContext) -> Customer:
        customer = Customer.register(
            tenant_id=ctx.tenant_id,
            name="Lindiwe",
            surname="Khumalo",
            phone="0825551234",
            email="lindiwe@example.co.za",
            consents={ContactChannel.SMS: True},
            consent_source="intake",
        )
        customer.register_device("Sunsynk", "8K", f"SS-{next(self.serials)}")
        return customer

    def _ticket(self, register: TicketRegister, customer: Customer, n: int) -> Ticket:
        device = customer.devices[0]
        ticket = Ticket.open(
            register=register,
            customer_id=customer.id,
            device=Device(device.make, device.model, device.serial_number),
            fault_description="Inverter trips on grid fault F13 every afternoon",
            priority=PRIORITIES[n % len(PRIORITIES)],
            channel=IntakeChannel.WALK_IN,
        )
        ticket.assign(uuid4())
        ticket.change_status(TicketStatus.DIAGNOSING)
        ticket.record_repair(RepairKind.DIAGNOSIS, "Grid relay K2 welded")
        ticket.add_note("Customer asked for the old board back")
        if n % 4 == 3:
            return ticket  # a quarter stay open, diagnosed
        ticket.change_status(TicketStatus.IN_REPAIR)
        ticket.record_repair(
            RepairKind.PART_REPLACED, "Relay board swapped", "RB-8K", f"RB-{next(self.serials)}"
        )
        ticket.change_status(TicketStatus.READY_FOR_COLLECTION)
        ticket.close(Resolution.REPAIRED, "Relay board replaced, tested under load")
        return ticket
