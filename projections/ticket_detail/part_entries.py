"""What the ticket detail's timeline says of a ticket's parts: each part ordered with its
number, description, quantity, serial, cost, supplier and tracking, and its arrival or
cancellation; the ticket's parts are read back from these entries (queries/parts.py). None of it
is personal: no free text comes with them."""

from typing import Any

from domain.ticket import Ticket

PART_EVENTS = (Ticket.PartOrdered, Ticket.PartArrived, Ticket.PartCancelled)
PART_UNION = Ticket.PartOrdered | Ticket.PartArrived | Ticket.PartCancelled
ORDER_FIELDS = ("part_number", "description", "quantity", "serial", "cost_cents", "supplier")
KINDS = {Ticket.PartArrived: "part_arrived", Ticket.PartCancelled: "part_cancelled"}


def part_entry(event: Any) -> tuple[dict[str, object], None]:
    """A part event's timeline entry."""
    said: dict[str, object] = {"part_id": str(event.part_id)}
    if isinstance(event, Ticket.PartOrdered):
        order = {field: getattr(event, field) for field in (*ORDER_FIELDS, "tracking")}
        return {"kind": "part_ordered", **said, **order}, None
    return {"kind": KINDS[type(event)], **said}, None
