"""Commands on repair tickets, from intake to closure."""

from uuid import UUID

from pydantic import BaseModel

from commands.answers import OpenedTicket, Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.identity import is_active_staff
from commands.privacy_notices import NoticeVersion, at_desk
from domain.access import DESK, REPAIRERS, TICKET_READERS, WORKSHOP
from domain.context import RequestContext
from domain.customer import Customer
from domain.customer_rules import on_record
from domain.errors import InvalidValue
from domain.fields import Label, Reason, Serial, Text
from domain.refusals import NotFound
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister, register_id_for
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device, intake_device
from domain.values import IntakeChannel, Priority, RepairKind, Resolution


class DeviceDetails(BaseModel):
    """The device at intake: its make and model may be left out when the customer's record
    has a device of that serial number."""

    make: Label | None = None
    model: Label | None = None
    serial_number: Serial


class TicketIntake(Body):
    customer_id: UUID
    device: DeviceDetails
    fault_description: Text
    priority: Priority = Priority.NORMAL
    channel: IntakeChannel
    privacy_notice_version: NoticeVersion = None  # the notice shown at the desk


class OpenTicket(TicketIntake, Command[OpenedTicket]):
    may = DESK


@handler
def open_ticket(cmd: OpenTicket, ctx: RequestContext, app: Aftersales) -> OpenedTicket:
    """Open a ticket; a device not yet on the customer's record is added to it."""
    register_id = register_id_for(ctx.tenant_id)
    with app.serialised(register_id):
        try:
            customer = app.load(Customer, cmd.customer_id, ctx)
        except NotFound:
            raise InvalidValue("customer_id", "no such customer") from None
        customer.check_writable()  # a merged duplicate takes no new ticket
        register = app.load(TicketRegister, register_id, ctx)
        known = on_record(customer.devices, cmd.device.serial_number)
        device = intake_device(cmd.device.make, cmd.device.model, cmd.device.serial_number, known)
        ticket = Ticket.open(
            register=register,
            customer_id=customer.id,
            device=device,
            fault_description=cmd.fault_description,
            priority=cmd.priority,
            channel=cmd.channel,
        )
        add_to_record(customer, device)
        at_desk(app, customer, cmd.privacy_notice_version)
        opened = OpenedTicket(id=ticket.id, number=ticket.number, version=ticket.version)
        return app.commit(ctx, ticket, register, customer, answer=opened)


class Assignment(Body):
    assignee_id: UUID


class AssignTicket(Assignment, Command[Written]):
    may = DESK
    ticket_id: UUID


@handler
def assign_ticket(cmd: AssignTicket, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    if not is_active_staff(app, cmd.assignee_id, ctx):
        raise InvalidValue("assignee_id", "not an active staff user of this tenant")
    ticket.assign(cmd.assignee_id)
    return app.commit(ctx, ticket)


class UnassignTicket(Command[Written]):
    """Take the ticket from its assignee: no one's, in the queue, until it is assigned again."""

    may = DESK
    ticket_id: UUID


@handler
def unassign_ticket(cmd: UnassignTicket, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.unassign()
    return app.commit(ctx, ticket)


class StatusChange(Body):
    status: TicketStatus
    note: Text | None = None


class ChangeTicketStatus(StatusChange, Command[Written]):
    may = WORKSHOP
    ticket_id: UUID


@handler
def change_ticket_status(cmd: ChangeTicketStatus, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.change_status(cmd.status, cmd.note)
    return app.commit(ctx, ticket)


class RepairReport(Body):
    kind: RepairKind
    description: Text
    part_number: Label | None = None
    replacement_serial: Serial | None = None


class RecordRepair(RepairReport, Command[Written]):
    may = REPAIRERS
    ticket_id: UUID


@handler
def record_repair(cmd: RecordRepair, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.record_repair(cmd.kind, cmd.description, cmd.part_number, cmd.replacement_serial)
    return app.commit(ctx, ticket)


class NoteText(Body):
    body: Text


class AddNote(NoteText, Command[Written]):
    may = TICKET_READERS
    ticket_id: UUID


@handler
def add_note(cmd: AddNote, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.add_note(cmd.body)
    return app.commit(ctx, ticket)


class Closure(Body):
    resolution: Resolution
    summary: Text


class CloseTicket(Closure, Command[Written]):
    may = DESK
    ticket_id: UUID


@handler
def close_ticket(cmd: CloseTicket, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.close(cmd.resolution, cmd.summary)
    return app.commit(ctx, ticket)


class Reopening(Body):
    reason: Reason


class ReopenTicket(Reopening, Command[Written]):
    may = DESK
    ticket_id: UUID


@handler
def reopen_ticket(cmd: ReopenTicket, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.reopen(cmd.reason)
    return app.commit(ctx, ticket)


def add_to_record(customer: Customer, device: Device) -> None:
    """A ticket's device not yet on its customer's record is added to it."""
    if not customer.has_device(device.serial_number):
        customer.register_device(device.make, device.model, device.serial_number)
