"""Parts on a ticket: ordered from a supplier for the repair, then arrived or cancelled; the
ticket awaits parts while an order is open (domain/parts.py).

A cost comes as a string of rand and cents ("1250.00"), never a JSON number: a float is refused
at its field.
"""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.quotes import Price, Quantity
from domain.access import WORKSHOP
from domain.context import RequestContext
from domain.fields import Label, Serial
from domain.money import cents
from domain.parts import PartOrder
from domain.ticket import Ticket


class PartOrderRequest(Body):
    part_number: Label
    description: Label
    quantity: Quantity = 1
    serial: Serial | None = None
    cost: Price
    supplier: Label
    tracking: Label | None = None


class OrderedPart(Written):
    part_id: UUID


class OrderPart(PartOrderRequest, Command[OrderedPart]):
    """Order a part for the ticket; it awaits parts where its status allows."""

    may = WORKSHOP
    ticket_id: UUID


@handler
def order_part(cmd: OrderPart, ctx: RequestContext, app: Aftersales) -> OrderedPart:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    order = PartOrder(
        cmd.part_number,
        cmd.description,
        cmd.quantity,
        cmd.serial,
        cents(cmd.cost, "cost"),
        cmd.supplier,
        cmd.tracking,
    )
    part_id = ticket.order_part(order)
    ordered = OrderedPart(id=ticket.id, version=ticket.version, part_id=part_id)
    return app.commit(ctx, ticket, answer=ordered)


class ClosePartOrder(Command[Written]):
    """The part arrived (`arrived`), or its order was cancelled."""

    may = WORKSHOP
    ticket_id: UUID
    part_id: UUID
    arrived: bool


@handler
def close_part_order(cmd: ClosePartOrder, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.close_part_order(cmd.part_id, cmd.arrived)
    return app.commit(ctx, ticket)
