"""A long history for benchmarks: real tickets and their events, saved in large transactions."""

from collections.abc import Callable
from uuid import uuid4

from adapters.bootstrap import Services
from domain.context import RequestContext
from domain.customer import Customer
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import ContactChannel, IntakeChannel, Priority

TICKETS_PER_SAVE = 250
EVENTS_PER_TICKET = 5  # opened, number issued, assigned, status changed, note added


def seed_history(services: Services, events: int, progress: Callable[[int], None]) -> None:
    """Add about `events` events: tickets opened, assigned, moved and noted, in one tenant."""
    app = services.app
    ctx = RequestContext.system(uuid4(), request_id="bench")
    customer = Customer.register(
        tenant_id=ctx.tenant_id,
        name="Bench",
        surname="Mark",
        phone="0825551234",
        email=None,
        consents={ContactChannel.SMS: True},
        consent_source="bench",
    )
    register = TicketRegister.start(ctx.tenant_id)
    app.commit(ctx, customer, register)
    technician = uuid4()
    made = 0
    while made < events:
        tickets = []
        for _ in range(TICKETS_PER_SAVE):
            ticket = Ticket.open(
                register=register,
                customer_id=customer.id,
                device=Device("Sunsynk", "8K", f"SS-{made}"),
                fault_description="Inverter shows F13 and will not start",
                priority=Priority.NORMAL,
                channel=IntakeChannel.WALK_IN,
            )
            ticket.assign(technician)
            ticket.change_status(TicketStatus.DIAGNOSING)
            ticket.add_note("On the bench")
            tickets.append(ticket)
        app.commit(ctx, register, *tickets)
        batch = TICKETS_PER_SAVE * EVENTS_PER_TICKET
        made += batch
        progress(batch)
