"""Events no read model can hold, written through the application as a command would (so their
personal fields are encrypted as usual) but past the HTTP boundary's checks of the text."""

from uuid import UUID

from commands import customers as c
from commands import tickets as t
from commands.bus import execute
from domain.customer import Customer
from domain.ticket import Ticket
from domain.values import Resolution, Role
from tests.support import TenantKit

NUL = "\x00"


def customer(kit: TenantKit, surname: str = "Mokoena") -> UUID:
    registration = c.RegisterCustomer(name="Thandi", surname=surname, phone="0825550199")
    return UUID(
        str(execute(c.register_customer, registration, kit.ctx(Role.ADMIN), kit.services.app).id)
    )


def ticket(kit: TenantKit, customer_id: UUID) -> UUID:
    intake = t.OpenTicket(
        customer_id=customer_id,
        device=t.DeviceDetails(make="Sunsynk", model="5K", serial_number="INV-POISON-1"),
        fault_description="it beeps",
        channel="phone",
        priority="normal",
    )
    return UUID(str(execute(t.open_ticket, intake, kit.ctx(Role.ADMIN), kit.services.app).id))


def correct_surname(kit: TenantKit, customer_id: UUID, surname: str) -> None:
    """A correction of the customer's surname, taken as given (a NUL byte and all)."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    found = app.load_for_change(Customer, customer_id, ctx)
    found.correct(surname=surname)
    app.commit(ctx, found)


def close(kit: TenantKit, ticket_id: UUID, summary: str) -> None:
    """The ticket closed as repaired with this summary, taken as given."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    found = app.load_for_change(Ticket, ticket_id, ctx)
    found.close(Resolution.REPAIRED, summary)
    app.commit(ctx, found)


def note(kit: TenantKit, ticket_id: UUID, body: str) -> None:
    """A note on the ticket, taken as given (of any size)."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    found = app.load_for_change(Ticket, ticket_id, ctx)
    found.add_note(body)
    app.commit(ctx, found)


def consent(kit: TenantKit, customer_id: UUID) -> None:
    """A later event of the customer: consent to SMS."""
    command = c.RecordConsent(customer_id=customer_id, channel="sms", granted=True, source="call")
    execute(c.record_consent, command, kit.ctx(Role.ADMIN), kit.services.app)
