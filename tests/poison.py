"""Events no read model can hold, written through the application as a command would (so their
personal fields are encrypted as usual) but past the HTTP boundary's checks of the text."""

from uuid import UUID, uuid4

from commands import identity
from commands.bus import send
from commands.customers import RecordConsent, RegisterCustomer
from commands.privacy_requests import SubmitPrivacyRequest
from commands.tickets import DeviceDetails, OpenTicket
from domain.context import RequestContext
from domain.customer import Customer
from domain.privacy_request import RequestKind
from domain.ticket import Ticket
from domain.values import IntakeChannel, Priority, Resolution, Role
from tests.support import TenantKit

NUL = "\x00"


def customer(kit: TenantKit, surname: str = "Mokoena") -> UUID:
    registration = RegisterCustomer(name="Thandi", surname=surname, phone="0825550199")
    return UUID(str(send(registration, kit.ctx(Role.ADMIN), kit.services.app).id))


def ticket(
    kit: TenantKit, customer_id: UUID, make: str = "Sunsynk", fault: str = "it beeps"
) -> UUID:
    """A ticket opened for the customer's device of this make with this fault, taken as given."""
    device = DeviceDetails.model_construct(make=make, model="5K", serial_number="INV-POISON-1")
    intake = OpenTicket.model_construct(
        customer_id=customer_id,
        device=device,
        fault_description=fault,
        channel=IntakeChannel.PHONE,
        priority=Priority.NORMAL,
    )
    return UUID(str(send(intake, kit.ctx(Role.ADMIN), kit.services.app).id))


def staff(kit: TenantKit, display_name: str) -> None:
    """A technician with this display name, taken as given."""
    registration = identity.RegisterStaff.model_construct(
        username=f"{kit.slug}-{uuid4().hex[:6]}",
        display_name=display_name,
        password="correct horse battery",
        roles={Role.TECHNICIAN},
    )
    send(registration, kit.ctx(Role.ADMIN), kit.services.app)


def privacy_request(kit: TenantKit, name: str) -> None:
    """A public privacy request from someone of this name, taken as given."""
    form = SubmitPrivacyRequest.model_construct(
        kind=RequestKind.ACCESS, name=name, email="n@example.co.za", phone=None, details=None
    )
    send(form, RequestContext.system(kit.id), kit.services.app)


def correct_surname(kit: TenantKit, customer_id: UUID, surname: str) -> None:
    """A correction of the customer's surname, taken as given (a NUL byte and all)."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    found = app.load_for_change(Customer, customer_id, ctx)
    found.correct(surname=surname)
    app.commit(ctx, found)


def device(kit: TenantKit, customer_id: UUID, make: str) -> None:
    """A device of this make registered to the customer, taken as given (a NUL byte and all):
    the customer directory holds makes in the clear (its personal columns are sealed)."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    found = app.load_for_change(Customer, customer_id, ctx)
    found.register_device(make, "5K", "INV-POISON-2")
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
    command = RecordConsent(customer_id=customer_id, channel="sms", granted=True, source="call")
    send(command, kit.ctx(Role.ADMIN), kit.services.app)
