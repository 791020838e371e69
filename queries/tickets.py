"""A ticket as staff see it."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from commands.application import Aftersales
from commands.context import CommandContext, authorize
from domain.access import TICKET_READERS
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from domain.values import IntakeChannel, Priority, RepairKind, Resolution


class DevicePublic(BaseModel):
    make: str
    model: str
    serial_number: str


class RepairPublic(BaseModel):
    kind: RepairKind
    description: str | None
    part_number: str | None
    replacement_serial: str | None
    recorded_at: datetime


class NotePublic(BaseModel):
    body: str | None
    added_at: datetime


class TicketPublic(BaseModel):
    id: UUID
    number: str
    status: TicketStatus
    priority: Priority
    channel: IntakeChannel
    customer_id: UUID
    device: DevicePublic
    fault_description: str | None
    assignee_id: UUID | None
    repairs: list[RepairPublic]
    notes: list[NotePublic]
    messages: list[dict[str, object]]
    opened_at: datetime
    closed_at: datetime | None
    resolution: Resolution | None
    summary: str | None
    version: int


def ticket_detail(app: Aftersales, ctx: CommandContext, ticket_id: UUID) -> TicketPublic:
    authorize(ctx, TICKET_READERS)
    ticket = app.load(Ticket, ticket_id, ctx)
    return TicketPublic(
        id=ticket.id,
        number=ticket.number,
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        customer_id=ticket.customer_id,
        device=DevicePublic.model_validate(ticket.device, from_attributes=True),
        fault_description=ticket.fault_description,
        assignee_id=ticket.assignee_id,
        repairs=[RepairPublic.model_validate(r, from_attributes=True) for r in ticket.repairs],
        notes=[NotePublic.model_validate(n, from_attributes=True) for n in ticket.notes],
        messages=[],
        opened_at=ticket.opened_at,
        closed_at=ticket.closed_at,
        resolution=ticket.resolution,
        summary=ticket.summary,
        version=ticket.version,
    )
