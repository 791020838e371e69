"""Correcting a ticket after intake: its priority, fault description and device details."""

from uuid import UUID

from pydantic import model_validator

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.tickets import add_to_record
from domain.access import DESK
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import InvalidValue
from domain.fields import Label, Serial, Text
from domain.ticket import Ticket
from domain.ticket_corrections import DEVICE_DETAILS
from domain.values import Priority


class DeviceCorrection(Body):
    make: Label | None = None
    model: Label | None = None
    serial_number: Serial | None = None


class TicketCorrection(Body):
    """The details to correct; those left out stay as they are."""

    priority: Priority | None = None
    fault_description: Text | None = None
    device: DeviceCorrection | None = None

    @model_validator(mode="after")
    def _something_to_correct(self) -> "TicketCorrection":
        if not self.model_fields_set:
            raise ValueError("give at least one of priority, fault_description, device")
        return self


class CorrectTicket(TicketCorrection, Command[Written]):
    may = DESK
    ticket_id: UUID


@handler
def correct_ticket(cmd: CorrectTicket, ctx: RequestContext, app: Aftersales) -> Written:
    """Record the correction; a corrected device not yet on the customer's record joins it."""
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    changes = _changes(cmd)
    try:
        ticket.correct(**changes)
    except InvalidValue as e:
        field = f"device.{e.field}" if e.field in DEVICE_DETAILS else e.field
        raise InvalidValue(field, e.detail) from None
    if "serial_number" not in changes:
        return app.commit(ctx, ticket)
    customer = app.load(Customer, ticket.customer_id, ctx)
    add_to_record(customer, ticket.device)
    return app.commit(ctx, ticket, customer)


def _changes(cmd: CorrectTicket) -> dict[str, str | None]:
    given = cmd.model_dump(include={"priority", "fault_description"}, exclude_unset=True)
    device = cmd.device.model_dump(exclude_unset=True) if cmd.device else {}
    return {**given, **device}
